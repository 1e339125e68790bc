package org.jrnn.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.backend.Probe;
import org.junit.jupiter.api.Test;

class SimdProviderTest {

    @Test
    void availableUnderTheTestJvm() {
        Probe p = new SimdProvider().probe();
        assertTrue(p.available(), p.detail());
        assertTrue(p.detail().startsWith("Vector API, "), p.detail());
        assertTrue(p.detail().contains("lanes"), p.detail());
    }

    @Test
    void unavailableReasonsNameTheRemedy() {
        String missing = SimdProvider.environmentProblem(false, "mixed mode, sharing");
        assertTrue(missing.contains("--add-modules jdk.incubator.vector"), missing);
        assertNotNull(SimdProvider.environmentProblem(true, "interpreted mode, sharing"));
        assertNull(SimdProvider.environmentProblem(true, "mixed mode, sharing"));
    }

    @Test
    void foundByServiceLoaderAndCreatesTheBackend() {
        var candidate = Backends.discover().stream().filter(c -> c.name().equals("cpu-simd")).findFirst();
        assertTrue(candidate.isPresent(), "cpu-simd not discovered");
        assertEquals(100, candidate.get().provider().priority());
        try (Backend b = candidate.get().provider().create()) {
            assertEquals("cpu-simd", b.name());
            assertTrue(b.describe().contains("threads") || b.describe().contains("thread"), b.describe());
        }
    }

    @Test
    void threadsComeFromTheConstructor() {
        try (SimdBackend b = new SimdBackend(1)) {
            assertEquals(1, b.threads());
            assertTrue(b.describe().endsWith("1 thread"), b.describe());
        }
    }
}
