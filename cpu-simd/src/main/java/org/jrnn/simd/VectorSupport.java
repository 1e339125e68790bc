package org.jrnn.simd;

import java.lang.management.ManagementFactory;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the Vector API offers in this JVM. Loaded by name from {@link SimdProvider} only after the module check, so a
 * JVM without {@code jdk.incubator.vector} never links it.
 */
final class VectorSupport {
    private VectorSupport() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Bits of the preferred float vector (64 means no useful SIMD). */
    static int preferredBits() {
        return S.vectorBitSize();
    }

    /** e.g. "Vector API, 512-bit FloatVector (16 lanes), FMA, 2 threads". */
    static String describe(int threads) {
        return "Vector API, " + S.vectorBitSize() + "-bit FloatVector (" + S.length() + " lanes), "
                + (hasFma() ? "FMA" : "no FMA") + ", " + threads + (threads == 1 ? " thread" : " threads");
    }

    /** HotSpot's UseFMA flag; unknown (not HotSpot, no management) counts as no. */
    static boolean hasFma() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
