package org.jrnn.host;

/** Layout conversions between batch-first and time-major sequences. */
public final class Layouts {
    private Layouts() {}

    /** dst[j, i, :] = src[i, j, :] for src of shape [n0, n1, f]. */
    public static void swapFirstTwo(float[] src, int srcOff, int n0, int n1, int f, float[] dst, int dstOff) {
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                System.arraycopy(src, srcOff + (i * n1 + j) * f, dst, dstOff + (j * n0 + i) * f, f);
            }
        }
    }
}
