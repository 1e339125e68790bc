package org.jrnn.simd.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Tunables of the blocked SGEMM, measured on the 2-core AVX-512 host (Zen-class, 48 KiB L1D,
 * 1 MiB L2 per core). Measurements were taken on a shared, busy machine, so only differences
 * well above the noise (~10%) were acted on.
 */
final class Blocking {
    private Blocking() {}

    /** 16 floats on AVX-512, 8 on AVX2; the kernels are written for exactly two vectors per row. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    /**
     * Micro-tile MR x NR, NR two vectors wide. AVX-512: 8 x 32 (16 accumulators + 2 B vectors + 1 broadcast = 19 of
     * 32 zmm registers); measured with L1-resident panels: 8x2 vectors ~178 GFLOP/s, 6x3 ~178, 8x3 ~150 (spills).
     * 8x32 divides every power-of-two RNN shape (B = 32/64, G*H = 512..4096) so no padding waste. AVX2 has 16 ymm
     * registers, so 8 rows would spill: 6 x 16 (12 + 2 + 1 = 15), as BLIS's Haswell/Zen kernels. On the 2-core Zen 3
     * (AVX2) host, one thread, CPU-time medians of bench/tools/CpuTime.java, old/new jars alternately, LSTM T100 B64
     * H512: forward 887/879 ms before vs 688/520 ms with 6 rows, training 2834/2663 vs 2205/1917 ms (the new jar also
     * had MicroKernel's row-contiguous A, since replaced by a k-major one; the two were measured together).
     * On the 2-core Zen 5 (JDK 25), a throwaway harness calling the kernel on fixed packed panels, kc = 256: this 8 x
     * 32 kernel 234-238 GFLOP/s with L1-resident panels and 240-248 with 2-4 MiB of B panels cycling from L3; a 12 x
     * 32 one (24 accumulators, no spills there) 250-253 and 223-253, against an FMA loop of about 253. Not switched:
     * 12 rows cut a recurrent step's batch of 32 as 12 + 12 + 8 (a third of a tile wasted) and 64 as 5 x 12 + 4.
     * A 12 x 32 kernel for the packed A only (large GEMMs and streamed W rows; the batch-row A read in place kept 8
     * rows), tried later: in one process with L1-resident panels 12 x 32 ran 244-253 GFLOP/s and this kernel 243-252
     * (FMA loop 256-265), and AbTime new/old gave gemm 2048^3 1.027 and 1.05 on two threads, 1024^3 1.001 and 0.997
     * on one, training h512 LSTM 0.974 and 1.010: no gain, not kept.
     */
    static final int MR = L >= 16 ? 8 : 6;
    static final int NR = 2 * L;

    /**
     * Rows of the next micro-tile when {@code left} rows remain: MR, or at most 4 (MicroKernel.kernel4) where an
     * MR-row tile would be mostly padding. On AVX2 (MR = 6) 8 rows go as 4 + 4, not 6 + 2 of 6, so B = 32 runs
     * 6+6+6+6+4+4 rows (no padding instead of 4 padded rows) and B = 64 ends in one 4-row tile.
     */
    static int panelRows(int left) {
        if (left <= 4 || (MR == 6 && left == 8)) {
            return Math.min(4, left);
        }
        return Math.min(MR, left);
    }

    /**
     * Depth of one packed block: the B micro-panel KC x NR (KC*128 B = 32 KiB) stays in the
     * 48 KiB L1 next to the streamed A panel. Measured (6400x1024x256 NT, 1 thread, GFLOP/s per
     * CPU-second): KC=128 ~107-130, KC=256 ~145; 384/512 were within noise of 256 on TN k=6400.
     */
    static final int KC = Integer.getInteger("kc", 256);
    /**
     * Most rows of A per packed block (a depth-KC block of MC x KC floats = 192 KiB); deeper blocks get fewer rows
     * ({@link #mcFor}). Also the most rows a recurrent step's A may have to be read in place. 96, 192 and 384
     * measured within noise for KC-deep blocks on the AVX-512 host.
     */
    static final int MC = Integer.getInteger("mc", 192);
    /** Columns of B packed per block in the unpacked path: KK x NC floats = 8 MiB at KK = 1024, L3 resident. */
    static final int NC = Integer.getInteger("nc", 2048);

    /**
     * Rows per thread from which a parallel unpacked call shares its packed B blocks (Sgemm.SharedJob) instead of a
     * column split in which every thread packs all of A. Two threads, CPU-time minima, column split vs shared:
     * 1600x4096x1024 NT 80.5/79.8 vs 78.4/79.4 ms, 2048^3 103.8/101.2/103.0 vs 103.4/101.9/101.5 (even),
     * 4096x2048x1600 TN (a row split already) 162.6/166.4 vs 162.8/164.2.
     */
    static final int SHARED_B_MIN_ROWS = 96;
    /** Columns of one shared B block: KK x NC_SHARED floats = 4 MiB at KK = 1024, two of them. */
    static final int NC_SHARED = 1024;

    /** m at or below this uses the few-row streaming path (GEMV-like, never threaded). */
    static final int FEW_ROWS = 4;

    /**
     * Whether a transposed-A call runs with its operands swapped (Sgemm.swappedTN): it adds m * n transposed
     * elements of C, so it must cut at least twice that elsewhere. It was written when packing a transposed A was a
     * scalar transpose (the swap then transposed (m - n) * k fewer elements); with A packed k-major that packing is
     * a copy, and the swap still measured faster on the shapes it takes, so the rule stays. 2 threads, medians of
     * bench/tools/CpuTime.java gemm (2-core Zen 3), ms, the m x n TN call against the n x m one it becomes:
     * 150x50x6400 1.29/1.59 vs 0.86/0.94, 384x128x12800 (one thread) 19.9/19.5 vs 18.1/18.4, 512x256x12800
     * 23.6/23.6 vs 22.9/22.8; with the swap in Sgemm, before vs after: 150x50x6400 1.27/1.19 vs 0.88/0.95,
     * 2048x1024x6400 176/187 vs 179/181 (even), 4096x2048x1600 183/191 vs 194/189 (so this rule leaves it as is).
     * With k-major A, swap off vs on: 512x256x12800 35.4/27.3 vs 26.0/24.2, 1024x512x6400 52.7/52.5 vs 46.9/49.1.
     */
    static boolean swapTransposedA(int m, int n, int k) {
        return n > FEW_ROWS && n < m && (long) k * (m - n) >= 2L * m * n;
    }

    /**
     * Below this many FLOPs (2mnk) a call stays on the caller thread. The measured hand-off cost
     * is ~1.5 us (8x64x64: 2.7 us alone vs 4.1 us split); 2 MFLOP is ~13 us of single-thread
     * work, so a split saves several microseconds while tiny calls never pay the hand-off.
     */
    static final long PARALLEL_MIN_FLOPS = 2_000_000L;

    /**
     * Chunks per thread for a parallel call (claimed dynamically: a worker that wakes late leaves its chunk to the
     * caller). Every chunk of a column split re-packs all of A (of a row split, all of B), so one per thread:
     * JMH SGEMM medians on the idle 2-core EPYC, 4 vs 1 chunks per thread, two runs each: 2048^3 119.5/109.8 vs
     * 104.5/94.2 ms, 6400x1024x256 20.4/17.0 vs 17.4/17.3 ms, 1024^3 14.1/14.4 vs 14.5/12.9 ms (2 per thread:
     * 105.6/102.7 and 19.2/16.9 ms).
     */
    static final int CHUNKS_PER_THREAD = 1;
    /** Chunks per thread for a prepacked B times an A read in place (nothing repacked per chunk). */
    static final int IN_PLACE_CHUNKS_PER_THREAD = Integer.getInteger("ipc", 4);

    /**
     * Depth of one pass over C, in whole KC slices: a large call packs an A block of this depth and, for each B
     * panel, runs its slices back to back while that panel's strip of C stays in L1, instead of reading every C tile
     * back from L3 or memory once per KC slice (BlockedDriver.macroDeep). On the 2-core Zen 3 (AVX2, 512 KiB L2) the
     * kernel alone over L1-resident panels ran 93 GFLOP/s, but 45 with each tile's C read back from a 3 MiB strip
     * (a throwaway harness). One thread, CPU-time minima of bench/tools/CpuTime.java, old/new alternately:
     * pgemm 1600x4096x1024 196/196/208 -> 172/178/183 ms (KK = 512: 177/184; 256: 188/198), gemm 1600x1024x4096
     * NN 204/189 -> 178/170, 4096x1024x1600 TN 193/190 -> 182/175, 6400x2048x512 NT 182/189 -> 175/173.
     */
    static final int KK = Integer.getInteger("kk", 1024);
    /** Floats of one packed A block of depth KK (384 KiB in the 512 KiB L2): 96 rows at KK = 1024; 48 K: 74.8/70.8. */
    static final int A_BLOCK_FLOATS = Integer.getInteger("ab", 96 * 1024);

    /** Depth per pass over C: the largest whole number of kc slices within KK (at least one). */
    static int kkFor(int k, int kc) {
        return Math.min(k, Math.max(1, KK / kc) * kc);
    }

    /** Rows of A per block of depth kk: A_BLOCK_FLOATS / kk, a multiple of MR, at least MR and at most MC. */
    static int mcFor(int kk) {
        return Math.max(MR, Math.min(MC, A_BLOCK_FLOATS / kk / MR * MR));
    }

    /** Splits k into equal blocks of at most KC (depends on k only, so results are deterministic). */
    static int kcFor(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }
}
