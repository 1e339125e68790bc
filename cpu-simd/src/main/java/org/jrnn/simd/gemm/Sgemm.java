package org.jrnn.simd.gemm;

import static org.jrnn.simd.gemm.Blocking.MR;
import static org.jrnn.simd.gemm.Blocking.NR;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Row-major single-precision GEMM on float[] with offsets and leading dimensions:
 * C[m,n] = alpha * op(A)[m,k] * op(B)[k,n] + beta * C, op(X) = X or X^T.
 *
 * <p>Large calls use packed panels + an 8x32 AVX-512 micro-kernel + KC/MC/NC cache blocking
 * ({@link BlockedDriver}); m <= 4 streams a packed B ({@link FewRows}). Calls above
 * {@link Blocking#PARALLEL_MIN_FLOPS} are cut into chunks of whole NR column panels or MR row
 * panels that the caller and the pool's workers claim dynamically, except that an unpacked call with at least
 * {@link Blocking#SHARED_B_MIN_ROWS} rows per thread splits its rows and packs each block of B once for all threads
 * ({@link SharedJob}). A^T B with n much smaller than m runs as (B^T A)^T ({@link #swappedTN}). Every C element
 * is computed by one thread in the same k order, so results do not depend on the thread count. beta == 0 never
 * reads C (NaN in C is ignored).
 *
 * <p>One call at a time uses the pool; a concurrent second caller runs on its own thread.
 */
public final class Sgemm implements AutoCloseable {
    private final int threads;
    private final long parallelMinFlops;
    private final WorkerPool pool;
    private final AtomicBoolean poolBusy = new AtomicBoolean();
    private final Job job = new Job();
    private final SharedJob shared = new SharedJob();

    /** threads = 1 means never hand off work; default = Runtime.availableProcessors(). */
    public Sgemm(int threads) {
        this(threads, Blocking.PARALLEL_MIN_FLOPS);
    }

    /** Tests force the split on tiny shapes with parallelMinFlops = 0. */
    Sgemm(int threads, long parallelMinFlops) {
        if (threads < 1) throw new IllegalArgumentException("threads=" + threads);
        this.threads = threads;
        this.parallelMinFlops = parallelMinFlops;
        this.pool = threads > 1 ? new WorkerPool(threads - 1) : null;
    }

    public Sgemm() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public int threads() { return threads; }

    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        checkArgs(m, n, k, ldc, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
            return;
        }
        if (m <= Blocking.FEW_ROWS && !transB) {
            // B row-major: stream it in place, once per row of A (a GEMV streams it once), no packing.
            FewRows.unpackedB(m, n, k, alpha, a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bOff, ldb, beta, c, cOff,
                    ldc);
            return;
        }
        if (m <= Blocking.FEW_ROWS) {
            // Pack all of op(B) into the thread's buffer and stream it once (no hand-off).
            int panels = (n + NR - 1) / NR;
            Workspace ws = Workspace.local();
            float[] bp = ws.b(panels * k * NR);
            Packing.packB(transB, b, bOff, ldb, 0, k, 0, n, bp, 0, k * NR);
            fewRows(transA, m, n, k, alpha, a, aOff, lda, bp, beta, c, cOff, ldc, ws.tile);
            return;
        }
        if (transA && !transB && Blocking.swapTransposedA(m, n, k)) {
            swappedTN(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        if (parallel(m, n, k)) {
            if (m >= threads * Blocking.SHARED_B_MIN_ROWS && n > NR) {
                shared.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                runShared();
            } else {
                job.set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, null, beta, c, cOff, ldc);
                runJob();
            }
        } else {
            BlockedDriver.unpacked(Workspace.local(), transA, transB, 0, m, 0, n, k,
                    alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * C = alpha * A^T * B + beta * C with A [k, m] and B [k, n] both stored k-major (a weight gradient delta^T . x
     * over all time steps), computed as C^T = alpha * B^T * A + beta * C^T [n, m] in a scratch buffer where
     * {@link Blocking#swapTransposedA} says the smaller operand on the A side pays. Every element sees the same
     * operations in the same order as in the unswapped call (the same k blocking, the same products), so the bits
     * are those of the unswapped call, on any number of threads.
     */
    private void swappedTN(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                           int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] ct = Workspace.local().transposedC(m * n);
        if (beta != 0f) {
            transpose(c, cOff, ldc, m, n, ct, 0, m);
        }
        gemm(true, false, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, ct, 0, m);
        transpose(ct, 0, m, n, m, c, cOff, ldc);
    }

    /** dst[j, i] = src[i, j] for src [rows, cols], 16 rows of src at a time (16 contiguous floats of dst per j). */
    private static void transpose(float[] src, int sOff, int lds, int rows, int cols, float[] dst, int dOff, int ldd) {
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j = 0; j < cols; j++) {
                for (int i = i0; i < i1; i++) {
                    dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
                }
            }
        }
    }

    /** Pack op(B) [k,n] once (e.g. a weight matrix reused for every time step). */
    public PackedB packB(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        PackedB pb = new PackedB(k, n);
        repackB(pb, transB, b, bOff, ldb);
        return pb;
    }

    /** Re-packs new values of op(B) into an existing buffer of the same k, n (no allocation). */
    public void repackB(PackedB into, boolean transB, float[] b, int bOff, int ldb) {
        Packing.packB(transB, b, bOff, ldb, 0, into.k, 0, into.n, into.data, 0, into.k * NR);
    }

    /** Same as gemm, with op(B) prepacked by {@link #packB}. */
    public void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                     float beta, float[] c, int cOff, int ldc) {
        int n = b.n, k = b.k;
        checkArgs(m, n, k, ldc, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
        } else if (m <= Blocking.FEW_ROWS) {
            fewRows(transA, m, n, k, alpha, a, aOff, lda, b.data, beta, c, cOff, ldc, Workspace.local().tile);
        } else if (parallel(m, n, k)) {
            job.set(transA, false, m, n, k, alpha, a, aOff, lda, null, 0, 0, b, beta, c, cOff, ldc);
            runJob();
        } else {
            BlockedDriver.packed(Workspace.local(), transA, 0, m, 0, n, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    /**
     * C[m, n] = alpha * op(A) * B + beta * C with B prepacked, entirely on the calling thread (never hands off).
     * For callers that already split work between threads, e.g. each thread owning a slice of a batch.
     */
    public void gemmOnThisThread(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                                 float beta, float[] c, int cOff, int ldc) {
        int n = b.n, k = b.k;
        checkArgs(m, n, k, ldc, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scaleC(m, n, beta, c, cOff, ldc);
        } else if (m <= Blocking.FEW_ROWS) {
            fewRows(transA, m, n, k, alpha, a, aOff, lda, b.data, beta, c, cOff, ldc, Workspace.local().tile);
        } else {
            BlockedDriver.packed(Workspace.local(), transA, 0, m, 0, n, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
        }
    }

    /**
     * Whether {@link #multiplyTransposedOnThisThread} is the faster form of a recurrent product
     * C[m, n] = A[m, k] . W^T: more than {@link Blocking#FEW_ROWS} rows (those stream B), at most {@link Blocking#MC}
     * (A^T stays in L2), at most an eighth of padding in the NR-wide A^T panels, n at least
     * {@link #STREAMED_ROWS_MIN_N} and k at least {@link #STREAMED_ROWS_MIN_DEPTH}.
     */
    public static boolean streamsRowsFor(int m, int n, int k) {
        return m > Blocking.FEW_ROWS && m <= Blocking.MC && (Blocking.roundUp(m, NR) - m) * 8 <= m
                && n >= STREAMED_ROWS_MIN_N && k >= STREAMED_ROWS_MIN_DEPTH;
    }

    /**
     * Smaller products keep the packed-B form: the streamed form's transposed store (and, accumulating, load) of
     * each C tile and its packing of A^T weigh more against a shallow kernel. 2-core Zen 3, 2 threads, batch slices
     * of 32 rows: bench/tools/AbTime.java median wall ratios with the streamed form on every such slice vs never,
     * stock shape (T100 B64 I=1 H=50) forward LSTM 1.16, training GRU 1.17; sentiment (T200 B64 I=H=128) forward
     * LSTM 0.94, GRU 0.94, training LSTM 1.015, GRU 0.97. With the forward limited to depth 128, only the stock
     * backward product (n = H = 50, k = 150..200) would still stream; bench/tools/CpuTime.java train GRU stock gave
     * 30.3 and 32.0 ms (wall medians) with it against 20.2 and 19.4 without, but the same jar without it measured
     * 28-29 ms minutes later, so that case is unsettled and keeps the old form (n below 64).
     * On AVX-512 (2-core Zen 5, 32-column A^T panels) the packed-B form won at H = 128 too, so there both n and k
     * must reach 256: AbTime wall, streamed-from-128 vs this rule, both jar orders (geometric mean of the two
     * ratios), sentiment shape: forward LSTM 0.93, GRU 0.92, RNN 0.94, training LSTM 0.90, GRU 0.92, RNN 0.87; at
     * h256 (T100 B64 I=H=256, still streamed) the packed-B form everywhere was even forward and 2-3 % slower in
     * training (GRU).
     */
    static final int STREAMED_ROWS_MIN_DEPTH = Blocking.L >= 16 ? 256 : 128;
    /** See {@link #STREAMED_ROWS_MIN_DEPTH}; on AVX2 64 lets a unit split of H = 128 per thread and gate qualify. */
    static final int STREAMED_ROWS_MIN_N = Blocking.L >= 16 ? 256 : 64;

    /**
     * Packs W (transW false: stored [n, k] row-major; true: stored [k, n], i.e. columns of the stored matrix) as the
     * streamed operand of {@link #multiplyTransposedOnThisThread}.
     */
    public PackedRows packRows(boolean transW, int n, int k, float[] w, int wOff, int ldw) {
        PackedRows pr = new PackedRows(n, k);
        pr.pack(transW, w, wOff, ldw);
        return pr;
    }

    /** Re-packs new values into an existing {@link PackedRows} of the same n, k (no allocation). */
    public void repackRows(PackedRows into, boolean transW, float[] w, int wOff, int ldw) {
        into.pack(transW, w, wOff, ldw);
    }

    /**
     * C[m, n] = A[m, k] . W^T (accumulate: C +=), A row-major, W packed by {@link #packRows}, on the calling thread:
     * the product that {@link #gemmOnThisThread} makes with W^T as a packed B, with the operands' roles swapped for
     * a small A such as a recurrent step's state. A^T is packed into NR-wide panels (a few KiB per row of A) that
     * stay in L1/L2 while each tile of W's rows streams through once, into a scratch C^T tile that is stored
     * transposed. Against the packed-B form, where each panel of W^T arrives in a burst for the first row tile and
     * the rows of A are read as MR strided streams, a throwaway harness timing both in one process (one thread,
     * 2-core Zen 3, m = 32) ran 1.15-1.33x faster for n x k from 768 x 256 to 4096 x 1024 (W from L3 or memory; with
     * W hot in L2 the packed-B form was the faster one, so the rule below rests on whole time loops). Each C element
     * is summed in the same order as there (its old value, when accumulating, then each KC slice's FMA chain from
     * zero), so for m above {@link Blocking#FEW_ROWS} (below, that path streams B in another order) the bits are the
     * same.
     * Best for m a multiple of NR (columns of the A^T panels past m are padding) and at most MC.
     */
    public void multiplyTransposedOnThisThread(int m, float[] a, int aOff, int lda, PackedRows w, boolean accumulate,
                                               float[] c, int cOff, int ldc) {
        int n = w.n, k = w.k;
        checkArgs(m, n, k, ldc, n);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            scaleC(m, n, accumulate ? 1f : 0f, c, cOff, ldc);
            return;
        }
        Workspace ws = Workspace.local();
        multiplyPackedTransposed(m, packTransposed(m, a, aOff, lda, k, ws), w, accumulate, c, cOff, ldc, ws);
    }

    /**
     * {@link #multiplyTransposedOnThisThread(int, float[], int, int, PackedRows, boolean, float[], int, int)} for
     * the blocks w[from], ..., w[from + count - 1] of one depth k, block i into C at cOff + (i - from) * cStride:
     * A^T is packed once for all of them (a unit split's gate blocks of W_hh against one state).
     */
    public void multiplyTransposedOnThisThread(int m, float[] a, int aOff, int lda, PackedRows[] w, int from,
                                               int count, boolean accumulate, float[] c, int cOff, int cStride,
                                               int ldc) {
        int k = w[from].k;
        for (int i = from; i < from + count; i++) {
            if (w[i].k != k) {
                throw new IllegalArgumentException("block " + i + " has depth " + w[i].k + ", block " + from
                        + " has " + k);
            }
            checkArgs(m, w[i].n, k, ldc, w[i].n);
        }
        if (m == 0) return;
        if (k == 0) {
            for (int i = 0; i < count; i++) {
                scaleC(m, w[from + i].n, accumulate ? 1f : 0f, c, cOff + i * cStride, ldc);
            }
            return;
        }
        Workspace ws = Workspace.local();
        float[] at = packTransposed(m, a, aOff, lda, k, ws);
        for (int i = 0; i < count; i++) {
            multiplyPackedTransposed(m, at, w[from + i], accumulate, c, cOff + i * cStride, ldc, ws);
        }
    }

    /** A^T [k, m] packed as op(B) panels (NR columns each, k deep) into the workspace's B buffer. */
    private static float[] packTransposed(int m, float[] a, int aOff, int lda, int k, Workspace ws) {
        int mp = Blocking.roundUp(m, NR);
        float[] at = ws.b(mp * k);
        Packing.packB(true, a, aOff, lda, 0, k, 0, m, at, 0, k * NR);
        return at;
    }

    /** C[m, n] (accumulate: +=) A . W^T with A^T packed by {@link #packTransposed}. */
    private static void multiplyPackedTransposed(int m, float[] at, PackedRows w, boolean accumulate, float[] c,
                                                 int cOff, int ldc, Workspace ws) {
        int n = w.n, k = w.k, mp = Blocking.roundUp(m, NR), panelStride = k * NR;
        float[] ct = ws.transposedC(n * mp);                                   // C^T [n, mp]
        // C and C^T move as 16 x 16 register transposes where the CPU has 16 lanes (the first n / 16 * 16 rows of
        // C^T), the rest by the scalar loops, tile by tile.
        int n16 = Transpose16.SUPPORTED ? n / 16 * 16 : 0;
        if (accumulate) {
            Transpose16.transpose(c, cOff, ldc, m, n16, ct, 0, mp);
            for (int r = n16, rows; r < n; r += rows) {
                rows = Blocking.panelRows(n - r);
                loadTransposed(c, cOff + r, ldc, m, rows, ct, r * mp, mp);
            }
        }
        // Slice by slice: one KC slice of A^T (KC x NR floats per panel) stays in L1 while every tile of W's rows
        // streams past it, instead of all of A^T coming back from L2 for each tile.
        for (int pc = 0, off = 0; pc < k; pc += w.kc) {
            int slice = Math.min(w.kc, k - pc);
            float beta = pc == 0 && !accumulate ? 0f : 1f;
            for (int r = 0, rows; r < n; r += rows) {
                rows = Blocking.panelRows(n - r);
                for (int q = 0, j = 0; j < m; q++, j += NR) {
                    MicroKernel.tile(slice, w.data, off, 0, at, q * panelStride + pc * NR, ws.tile, ct, r * mp + j,
                            mp, rows, NR, 1f, beta);
                }
                off += PackedRows.width(rows) * slice;
            }
        }
        Transpose16.transpose(ct, 0, mp, n16, m, c, cOff, ldc);
        for (int r = n16, rows; r < n; r += rows) {
            rows = Blocking.panelRows(n - r);
            storeTransposed(ct, r * mp, mp, rows, m, c, cOff + r, ldc);
        }
    }

    /** ct[ctOff + i * mp + b] = c[cOff + b * ldc + i] for i &lt; rows, b &lt; m: a C tile's old values as C^T. */
    private static void loadTransposed(float[] c, int cOff, int ldc, int m, int rows, float[] ct, int ctOff, int mp) {
        for (int b = 0, src = cOff; b < m; b++, src += ldc) {   // each row of C read along its tile's columns
            for (int i = 0, d = ctOff + b; i < rows; i++, d += mp) ct[d] = c[src + i];
        }
    }

    /**
     * c[cOff + b * ldc + i] = ct[ctOff + i * mp + b]: a C^T tile into C, one row of C at a time; the usual tile
     * heights unrolled (one thread, m = 32, n x k = 1024 x 256: 262 against 289 us for the plain double loop at
     * MR = 6; at MR = 8, AbTime forward h256 LSTM on 2 threads, the plain loop took 1.044x the unrolled one's time).
     */
    private static void storeTransposed(float[] ct, int ctOff, int mp, int rows, int m, float[] c, int cOff,
                                        int ldc) {
        if (rows == MR) {
            for (int b = 0, dst = cOff, src = ctOff; b < m; b++, dst += ldc, src++) {
                c[dst] = ct[src];
                c[dst + 1] = ct[src + mp];
                c[dst + 2] = ct[src + 2 * mp];
                c[dst + 3] = ct[src + 3 * mp];
                c[dst + 4] = ct[src + 4 * mp];
                c[dst + 5] = ct[src + 5 * mp];
                if (MR == 8) {   // a constant: C2 drops these from the 6-row (AVX2) loop
                    c[dst + 6] = ct[src + 6 * mp];
                    c[dst + 7] = ct[src + 7 * mp];
                }
            }
        } else if (rows == 4) {
            for (int b = 0, dst = cOff, src = ctOff; b < m; b++, dst += ldc, src++) {
                c[dst] = ct[src];
                c[dst + 1] = ct[src + mp];
                c[dst + 2] = ct[src + 2 * mp];
                c[dst + 3] = ct[src + 3 * mp];
            }
        } else {
            for (int b = 0, dst = cOff; b < m; b++, dst += ldc) {
                for (int i = 0, src = ctOff + b; i < rows; i++, src += mp) c[dst + i] = ct[src];
            }
        }
    }

    /**
     * Runs body.accept(part) for every part in [0, parts) on the caller and the pool's workers (claimed
     * dynamically), or all on the caller when the pool is busy with another call or there is none. The parts
     * must be independent; they may call {@link #gemmOnThisThread} but should not expect {@link #gemm} to split.
     */
    public void forEachPart(int parts, IntConsumer body) {
        if (parts > 1 && pool != null && poolBusy.compareAndSet(false, true)) {
            try {
                pool.run(body, parts);
            } finally {
                poolBusy.set(false);
            }
        } else {
            for (int part = 0; part < parts; part++) body.accept(part);
        }
    }

    /**
     * Like {@link #forEachPart} but part i always runs on the same thread (part 0 on the caller), so a call
     * repeated on the same data keeps each thread's slice in its core's cache. parts &lt;= {@link #threads()}.
     */
    public void forEachPartPinned(int parts, IntConsumer body) {
        if (parts > 1 && parts <= threads && pool != null && poolBusy.compareAndSet(false, true)) {
            try {
                pool.runPinned(body, parts);
            } finally {
                poolBusy.set(false);
            }
        } else {
            for (int part = 0; part < parts; part++) body.accept(part);
        }
    }

    /** One part of a call whose parts all run at the same time and meet at a shared barrier. */
    @FunctionalInterface
    public interface BarrierPart {
        void run(int part, StepBarrier barrier);
    }

    /**
     * Runs body.run(part, barrier) for every part in [0, parts) all at the same time, part i always on the same
     * thread (part 0 on the caller), with one {@link StepBarrier} for all of them (a part that throws breaks it, so
     * the others fail instead of waiting). Returns false, having run nothing, when that cannot be promised: fewer
     * threads than parts, or the pool busy with another call.
     */
    public boolean forEachPartConcurrently(int parts, BarrierPart body) {
        if (parts < 2 || parts > threads || pool == null || !poolBusy.compareAndSet(false, true)) {
            return false;
        }
        try {
            runConcurrently(parts, body);
        } finally {
            poolBusy.set(false);
        }
        return true;
    }

    /** {@link #forEachPartConcurrently} on a pool its caller has claimed. */
    private void runConcurrently(int parts, BarrierPart body) {
        StepBarrier barrier = new StepBarrier(parts);
        pool.runPinned(part -> {
            try {
                body.run(part, barrier);
            } catch (Throwable e) {
                barrier.breakWith(e);
                throw e;
            }
        }, parts);
    }

    @Override
    public void close() {
        if (pool != null) pool.close();
    }

    /** Runs the job set up by the caller on the pool it claimed through {@link #parallel}, then releases both. */
    private void runJob() {
        try {
            pool.run(job, job.chunks());
        } finally {
            job.clear();
            poolBusy.set(false);
        }
    }

    /** Runs the shared-B job set up by the caller on every thread at once, then releases the pool. */
    private void runShared() {
        try {
            shared.prepare();
            runConcurrently(threads, shared);
        } finally {
            shared.clear();
            poolBusy.set(false);
        }
    }

    /** True (and the pool claimed) when the call is big enough to split and the pool is free. */
    private boolean parallel(int m, int n, int k) {
        return pool != null && 2L * m * n * k >= parallelMinFlops
                && poolBusy.compareAndSet(false, true);
    }

    private static void fewRows(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                                float[] bp, float beta, float[] c, int cOff, int ldc, float[] tile) {
        int rs = transA ? 1 : lda;   // step between rows of op(A)
        int ks = transA ? lda : 1;   // step along k
        FewRows.gemm(m, n, k, alpha, a, aOff, rs, ks, bp, beta, c, cOff, ldc, tile);
    }

    /** C = beta * C for k == 0 or alpha == 0 (beta == 0 writes zeros without reading C). */
    private static void scaleC(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }

    private static void checkArgs(int m, int n, int k, int ldc, int rowLen) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("m=" + m + " n=" + n + " k=" + k);
        if (m > 1 && ldc < rowLen) throw new IllegalArgumentException("ldc=" + ldc + " < n=" + rowLen);
    }

    /** The arguments of one parallel call, kept in a reused object (no per-call allocation). */
    private abstract static class CallArgs {
        boolean transA, transB;
        int m, n, k, aOff, lda, bOff, ldb, cOff, ldc;
        float alpha, beta;
        float[] a, b, c;

        void set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.beta = beta;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        /** Drops the array references, so a finished call keeps nothing alive. */
        void clear() {
            a = b = c = null;
        }
    }

    /**
     * A parallel call cut into chunks. Chunk t computes a slab of
     * whole column panels when n >= m, else a slab of whole MR-row panels; chunk borders never
     * change any element's arithmetic, so the result is the same whoever runs which chunk.
     */
    private final class Job extends CallArgs implements IntConsumer {
        PackedB pb;

        void set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                 float[] b, int bOff, int ldb, PackedB pb, float beta, float[] c, int cOff, int ldc) {
            set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            this.pb = pb;
        }

        @Override
        void clear() {
            super.clear();
            pb = null;
        }

        /** Work units: NR column panels when n >= m, else MR row panels. */
        private int units() {
            return n >= m ? (n + NR - 1) / NR : (m + MR - 1) / MR;
        }

        /**
         * A column split repacks all of A in every chunk (a row split all of B): {@link Blocking#CHUNKS_PER_THREAD}.
         * A prepacked B with a small row-major A (a recurrent step) packs nothing per chunk, so it is cut finer
         * ({@link Blocking#IN_PLACE_CHUNKS_PER_THREAD}) and a thread the host slowed down claims fewer chunks.
         */
        int chunks() {
            boolean packsNothing = pb != null && n >= m && BlockedDriver.readsAInPlace(transA, m);
            int perThread = packsNothing ? Blocking.IN_PLACE_CHUNKS_PER_THREAD : Blocking.CHUNKS_PER_THREAD;
            return Math.min(units(), threads * perThread);
        }

        @Override
        public void accept(int chunk) {
            int units = units(), count = chunks();
            int u0 = (int) ((long) units * chunk / count), u1 = (int) ((long) units * (chunk + 1) / count);
            int r0 = 0, r1 = m, c0 = 0, c1 = n;
            if (n >= m) {
                c0 = Math.min(n, u0 * NR);
                c1 = Math.min(n, u1 * NR);
            } else {
                r0 = Math.min(m, u0 * MR);
                r1 = Math.min(m, u1 * MR);
            }
            if (r0 >= r1 || c0 >= c1) return;
            Workspace ws = Workspace.local();
            if (pb != null) {
                BlockedDriver.packed(ws, transA, r0, r1, c0, c1, alpha, a, aOff, lda, pb, beta, c, cOff, ldc);
            } else {
                BlockedDriver.unpacked(ws, transA, transB, r0, r1, c0, c1, k,
                        alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
        }
    }

    /**
     * A large unpacked call split by rows, with op(B) packed once into blocks that every thread reads: for each
     * block (NC_SHARED columns x KK depth) each thread packs its share of the panels into one of two buffers, all
     * meet at a barrier, and then the threads claim the block's row blocks (at most mcFor(KK) rows each, as many as a
     * whole number per thread) one at a time from a shared ticket counter and multiply them by the whole block. With
     * a column split instead, every thread packed all of A and kept its own B blocks, so both the packing and the L3
     * footprint were doubled. The next block goes
     * to the other buffer, so one barrier per block suffices: a thread packs block i + 2 only after every thread has
     * passed block i + 1's barrier, that is, finished multiplying block i. Claiming rows instead of a fixed half per
     * thread keeps a thread that the host descheduled for a while from holding the other at the next barrier.
     * Each C element is still computed by one thread in the same k order (same KC and KK blocking), so results do
     * not depend on threads or on who claimed what.
     */
    private final class SharedJob extends CallArgs implements BarrierPart {
        int kcMax, kkMax, nc, mcMax, rowBlocks;
        final float[][] blocks = {new float[0], new float[0]};
        /** Tickets: row block (ticket mod rowBlocks) of B block (ticket / rowBlocks); drawn in increasing order. */
        final AtomicInteger tickets = new AtomicInteger();

        /** Sizes the two shared block buffers (grow-only) for the call set up by {@link #set}. */
        void prepare() {
            kcMax = Blocking.kcFor(k);
            kkMax = Blocking.kkFor(k, kcMax);
            // Row blocks of at most mcFor(KK) rows, as many as a whole number per thread: m = 256 on two threads goes
            // as four blocks of 64 rather than 96 + 96 + 64, of which one thread would take two and the other wait.
            int largest = threads * Blocking.mcFor(kkMax);              // rows of one round of the largest blocks
            int wanted = threads * ((m + largest - 1) / largest);      // row blocks: a whole number per thread
            mcMax = Blocking.roundUp((m + wanted - 1) / wanted, MR);
            rowBlocks = (m + mcMax - 1) / mcMax;
            nc = Math.min(Blocking.NC_SHARED, Blocking.roundUp(n, NR));
            int size = nc * kkMax;
            for (int i = 0; i < 2; i++) {
                if (blocks[i].length < size) blocks[i] = new float[size];
            }
            tickets.set(0);
        }

        @Override
        public void run(int part, StepBarrier barrier) {
            Workspace ws = Workspace.local();
            float[] ap = ws.a(Math.min(mcMax, Blocking.roundUp(m, MR)) * kkMax);
            int block = 0;
            // A ticket drawn past the current block belongs to a later one: kept until this thread gets there.
            int ticket = tickets.getAndIncrement();
            for (int jc = 0; jc < n; jc += nc) {
                int ncj = Math.min(nc, n - jc);
                int panels = (ncj + NR - 1) / NR;
                int q0 = panels * part / threads, q1 = panels * (part + 1) / threads;
                for (int pk = 0; pk < k; pk += kkMax, block++) {
                    int kk = Math.min(kkMax, k - pk);
                    float[] bp = blocks[block & 1];
                    if (q1 > q0) {
                        Packing.packB(transB, b, bOff, ldb, pk, kk, jc + q0 * NR, Math.min(ncj, q1 * NR) - q0 * NR,
                                bp, q0 * kk * NR, kk * NR);
                    }
                    barrier.await();   // the whole block packed before anyone reads it
                    long end = (long) (block + 1) * rowBlocks;
                    while (ticket < end) {
                        int ic = (ticket % rowBlocks) * mcMax;
                        int mc = Math.min(mcMax, m - ic);
                        BlockedDriver.packDeepA(transA, a, aOff, lda, ic, mc, pk, kk, kcMax, ap);
                        BlockedDriver.macroDeep(mc, ncj, pk, kk, kcMax, ap, 0, 0, false, bp, 0, kk * NR, ws.tile,
                                alpha, beta, c, cOff + ic * ldc + jc, ldc);
                        ticket = tickets.getAndIncrement();
                    }
                }
            }
        }
    }
}
