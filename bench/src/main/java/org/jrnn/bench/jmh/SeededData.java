package org.jrnn.bench.jmh;

import java.util.SplittableRandom;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.Tensor;

/** Benchmark inputs drawn from a fixed seed, so every run and every backend sees the same numbers. */
public final class SeededData {
    private SeededData() {}

    /** Uniform in [-bound, bound). */
    public static float[] uniform(long seed, int count, double bound) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = (float) r.nextDouble(-bound, bound);
        }
        return a;
    }

    /** A tensor on {@code backend} filled uniformly in [-1, 1). */
    public static Tensor tensor(Backend backend, long seed, int... shape) {
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return backend.fromHost(uniform(seed, n, 1.0), shape);
    }
}
