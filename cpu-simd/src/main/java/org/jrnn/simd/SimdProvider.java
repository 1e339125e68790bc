package org.jrnn.simd;

import java.lang.reflect.Method;
import org.jrnn.backend.Backend;
import org.jrnn.backend.BackendProvider;
import org.jrnn.backend.Probe;

/**
 * Registers the Vector API backend. This class names no {@code jdk.incubator.vector} type: the probe first checks
 * that the module is in the boot layer and that the JIT is on, and only then loads {@link VectorSupport} by name,
 * so a JVM started without {@code --add-modules jdk.incubator.vector} gets a reason instead of a linkage error.
 */
public final class SimdProvider implements BackendProvider {
    static final String MODULE = "jdk.incubator.vector";
    static final String REMEDY = "start the JVM with --add-modules " + MODULE + " to enable the Vector API backend";
    private static final String SUPPORT = "org.jrnn.simd.VectorSupport";
    private static final String BACKEND = "org.jrnn.simd.SimdBackend";

    @Override
    public String name() {
        return SimdBackend.NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Probe probe() {
        try {
            String reason = environmentProblem(ModuleLayer.boot().findModule(MODULE).isPresent(),
                    System.getProperty("java.vm.info", ""));
            if (reason != null) {
                return Probe.unavailable(reason);
            }
            Class<?> support = Class.forName(SUPPORT);
            int bits = (int) method(support, "preferredBits").invoke(null);
            if (bits < 128) {
                return Probe.unavailable("the CPU's preferred float vector is " + bits
                        + " bits: no SIMD to gain over the reference backend");
            }
            int threads;
            try {
                threads = SimdBackend.defaultThreads();
            } catch (IllegalArgumentException e) {
                return Probe.unavailable(e.getMessage());
            }
            return Probe.available((String) method(support, "describe", int.class).invoke(null, threads));
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : t;
            return Probe.unavailable("the Vector API failed to initialise: " + cause);
        }
    }

    /**
     * Why this JVM cannot run the backend, or null if it can.
     *
     * @param moduleInBootLayer whether {@value #MODULE} was resolved at start-up
     * @param vmInfo            the {@code java.vm.info} property ("interpreted mode" under -Xint)
     */
    static String environmentProblem(boolean moduleInBootLayer, String vmInfo) {
        if (!moduleInBootLayer) {
            return REMEDY;
        }
        if (vmInfo.contains("interpreted mode")) {
            return "the JIT is off (-Xint): interpreted Vector API code is far slower than the reference backend";
        }
        return null;
    }

    @Override
    public Backend create() {
        try {
            return (Backend) Class.forName(BACKEND).getConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : e;
            throw new IllegalStateException("could not create the " + SimdBackend.NAME + " backend: " + cause, cause);
        }
    }

    private static Method method(Class<?> c, String name, Class<?>... params) throws NoSuchMethodException {
        Method m = c.getDeclaredMethod(name, params);
        m.setAccessible(true);
        return m;
    }
}
