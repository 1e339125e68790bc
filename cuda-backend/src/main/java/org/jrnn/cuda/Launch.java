package org.jrnn.cuda;

/**
 * Launch configurations. Elementwise kernels are grid-stride loops: {@link #BLOCK} threads a block and enough
 * blocks to give each thread about one element, capped at {@link #MAX_GRID} blocks (the loop covers the rest), so
 * any size up to {@code Integer.MAX_VALUE} runs with one launch. Row kernels (a loss over a row, a reduction) use one
 * block per row.
 *
 * @param grid  blocks (x)
 * @param block threads per block (x)
 */
record Launch(int grid, int block) {
    static final int BLOCK = 256;
    /** 64 Ki blocks x 256 threads = 16 Mi threads in flight, plenty for any GPU; larger sizes loop. */
    static final int MAX_GRID = 65536;

    /** A grid-stride launch over n elements; n = 0 still launches one block (kernels check their bounds). */
    static Launch elementwise(long n) {
        long blocks = (n + BLOCK - 1) / BLOCK;
        return new Launch((int) Math.max(1, Math.min(MAX_GRID, blocks)), BLOCK);
    }

    /** One block of {@link #BLOCK} threads per row, rows up to the grid limit of 2^31 - 1. */
    static Launch perRow(int rows) {
        return new Launch(Math.max(1, rows), BLOCK);
    }
}
