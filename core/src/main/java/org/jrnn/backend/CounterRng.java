package org.jrnn.backend;

/**
 * The counter-based random generator every backend uses for dropout, so the same seed gives the same mask on every
 * backend and at every position independently of order and threads. A number is a pure function of
 * (seed, stream, index); there is no state.
 *
 * <p>Definition (GPU kernels implement exactly this, with 64-bit integer arithmetic that wraps):
 * <pre>
 *   mix(z)  = z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >>> 27; z *= 0x94D049BB133111EB; z ^ (z >>> 31)
 *   key     = mix(seed + mix(stream * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019))
 *   bits    = mix(key + (index + 1) * 0x9E3779B97F4A7C15)
 *   uniform = (bits >>> 40) * 2^-24          (a float in [0, 1), exact in float32)
 * </pre>
 * {@code mix} is the SplitMix64 finaliser. Streams separate independent uses under one seed (layer ℓ's inter-layer
 * dropout uses stream ℓ).
 */
public final class CounterRng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long STREAM_SALT = 0x632BE59BD9B4E019L;

    private CounterRng() {}

    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The key of one (seed, stream): compute once per tensor, then {@link #uniform(long, long)} per element. */
    public static long key(long seed, long stream) {
        return mix(seed + mix(stream * GOLDEN + STREAM_SALT));
    }

    /** 64 random bits for element {@code index} under {@code key}. */
    public static long bits(long key, long index) {
        return mix(key + (index + 1) * GOLDEN);
    }

    /** A float in [0, 1) with 24 random bits, for element {@code index} under {@code key}. */
    public static float uniform(long key, long index) {
        return (bits(key, index) >>> 40) * 0x1.0p-24f;
    }

    /** {@link #uniform(long, long)} with the key computed from seed and stream. */
    public static float uniform(long seed, long stream, long index) {
        return uniform(key(seed, stream), index);
    }
}
