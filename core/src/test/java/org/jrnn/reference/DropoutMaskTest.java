package org.jrnn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jrnn.backend.CounterRng;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The counter-based generator is a pure function of (seed, stream, index), and dropout masks drawn from it. */
class DropoutMaskTest extends OpsFixture {
    static final int N = 100_000;

    @Test
    void counterRngIsAPureFunction() {
        long key = CounterRng.key(42, 3);
        float[] forward = new float[1000], backward = new float[1000];
        for (int i = 0; i < 1000; i++) {
            forward[i] = CounterRng.uniform(key, i);
        }
        for (int i = 999; i >= 0; i--) {
            backward[i] = CounterRng.uniform(42, 3, i); // any order, key recomputed: the same numbers
        }
        assertArrayEquals(forward, backward);
        assertFalse(CounterRng.uniform(42, 3, 0) == CounterRng.uniform(42, 4, 0)
                && CounterRng.uniform(42, 3, 1) == CounterRng.uniform(42, 4, 1), "streams differ");
        assertFalse(CounterRng.uniform(42, 3, 0) == CounterRng.uniform(43, 3, 0)
                && CounterRng.uniform(42, 3, 1) == CounterRng.uniform(43, 3, 1), "seeds differ");
        // SplitMix64's finaliser maps 0 to 0 and is a bijection; uniforms are multiples of 2^-24 in [0, 1).
        assertEquals(0L, CounterRng.mix(0L));
        double sum = 0;
        for (int i = 0; i < N; i++) {
            float u = CounterRng.uniform(key, i);
            assertTrue(u >= 0f && u < 1f && u * 0x1.0p24f == Math.rint(u * 0x1.0p24f), "u = " + u);
            sum += u;
        }
        // mean of N uniforms: 0.5 ± 1/sqrt(12 N) = 0.5 ± 0.00091; 5 standard deviations.
        assertEquals(0.5, sum / N, 5 / Math.sqrt(12.0 * N));
    }

    @ParameterizedTest
    @ValueSource(floats = {0f, 0.1f, 0.5f, 0.9f})
    void maskHasTheRightFractionOfZerosAndExactValues(float p) {
        Tensor mask = zeros(N);
        ops.dropoutMask(mask, p, 1234, 2);
        float keep = 1f / (1f - p);
        int zeros = 0;
        for (float v : get(mask)) {
            assertTrue(v == 0f || v == keep, "mask value " + v + " is neither 0 nor " + keep);
            zeros += v == 0f ? 1 : 0;
        }
        // Binomial(N, p): standard deviation sqrt(p(1-p)/N) <= 0.0016; the bound is 5 of them (plus 0 for p = 0).
        double bound = 5 * Math.sqrt(p * (1 - p) / N);
        assertEquals(p, zeros / (double) N, bound, "fraction of zeros");
    }

    @Test
    void maskDependsOnlyOnSeedStreamAndElementIndex() {
        Tensor a = zeros(5000), b = atOffset(7, new float[5000], 50, 100), c = zeros(5000), other = zeros(5000);
        ops.dropoutMask(a, 0.3f, 99, 1);
        ops.dropoutMask(b, 0.3f, 99, 1);                // a view at an offset, another shape: same mask
        ops.dropoutMask(c, 0.3f, 99, 1);                // again: the same mask
        ops.dropoutMask(other, 0.3f, 99, 2);            // another stream: another mask
        assertArrayEquals(get(a), get(b));
        assertArrayEquals(get(a), get(c));
        assertFalse(Arrays.equals(get(a), get(other)));
        assertGuards(b);
        Tensor prefix = zeros(100);
        ops.dropoutMask(prefix, 0.3f, 99, 1);           // element i does not depend on the mask's size
        assertArrayEquals(Arrays.copyOf(get(a), 100), get(prefix));
        for (int i = 0; i < 100; i++) {
            assertEquals(CounterRng.uniform(99, 1, i) < 0.3f ? 0f : 1f / 0.7f, get(prefix)[i], 0f);
        }
    }
}
