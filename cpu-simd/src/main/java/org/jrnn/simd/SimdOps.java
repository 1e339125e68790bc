package org.jrnn.simd;

import org.jrnn.backend.OpShapes;

import java.util.Arrays;
import java.util.List;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.SgdParams;
import org.jrnn.host.HostBackend;
import org.jrnn.reference.ReferenceOps;
import org.jrnn.simd.gemm.Sgemm;
import org.jrnn.simd.ops.ElementwiseLoops;
import org.jrnn.simd.ops.OptimizerLoops;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * The Vector API operations of cpu-simd: what a training step's profile shows is hot runs here, everything else is
 * inherited from {@link ReferenceOps}.
 *
 * <p>Native here:
 * <ul>
 *   <li>{@link #gemm}: the blocked, threaded {@link Sgemm} on the tensors' arrays, offsets and leading
 *       dimensions (the dense layers; the dominant cost after the recurrent kernels).</li>
 *   <li>{@link #adamStep} (Adam and AdamW) and {@link #sgdStep}: one fused pass over param, grad and the
 *       optimizer state ({@link OptimizerLoops}), split across the Sgemm's threads for large tensors. The update
 *       is memory bound (Adam moves 28 bytes per parameter), so one pass and all cores is what matters.</li>
 *   <li>{@link #axpy}, {@link #scale}, {@link #fill}, {@link #mul}, {@link #addBias}, {@link #addColumnSums},
 *       {@link #sumOfSquares}, {@link #clamp}: the elementwise work around the dense layers and gradient clipping
 *       ({@link ElementwiseLoops}); the inherited {@code scaleBy} reads its scalar and calls {@link #scale}.</li>
 * </ul>
 * <p>Inherited from the reference, and why: activations and their backward (already fused into the cells'
 * kernels; a readout's activation is small), {@code clipCoefficient} (one scalar), the embedding gather and
 * scatter-add (row copies: {@code System.arraycopy} per row and a plain row loop in the reference;
 * {@code EmbeddingBenchmark} measures both so the choice can be revisited), the readouts and the losses ([B, F] and
 * [N, C] tensors, small beside the recurrent layers), {@code dropoutMask} (the generator is
 * specified in core and must draw the same mask on every backend) and {@code swapFirstTwo} (row copies).
 *
 * <p>Threads: an elementwise call that moves at least {@link #PARALLEL_MIN_BYTES} is cut into ranges of whole
 * 64-byte lines that the caller and the Sgemm's workers claim ({@link Sgemm#forEachPart}); every element is computed
 * by the same arithmetic whatever range it falls in, so results do not depend on the thread count (sumOfSquares
 * adds its per-range partial sums in range order, so it depends on the split only through that grouping).
 */
public final class SimdOps extends ReferenceOps {
    /**
     * Calls moving less than this stay on the caller. An estimate, not yet a measured threshold: 256 KiB is 10-25 µs
     * of traffic at one core's 10-25 GB/s, against a hand-off of ~1.5 µs (WorkerPool) or tens of µs to wake parked
     * workers after a pause. OptimizerBenchmark with small {@code parameters} is the way to measure it.
     */
    static final long PARALLEL_MIN_BYTES = 256L << 10;
    /** Smallest range handed to a thread, and ranges per thread for dynamic balance on a busy machine. */
    private static final long PART_MIN_BYTES = 64L << 10;
    private static final int PARTS_PER_THREAD = 4;
    /** Range borders fall on multiples of 16 floats (64 bytes), so two threads never write one cache line. */
    private static final int ALIGN = 16;

    private final Sgemm gemm;

    public SimdOps(HostBackend backend, Sgemm gemm) {
        super(backend);
        this.gemm = gemm;
    }

    /** Work on the element (or row, or column) range [from, to). */
    @FunctionalInterface
    private interface RangeBody {
        void run(int from, int to);
    }

    // ---------------------------------------------------------------- linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        HostTensor ha = floats(a, "gemm a"), hb = floats(b, "gemm b"), hc = floats(c, "gemm c");
        int aRows = OpShapes.rows(ha), aCols = OpShapes.cols(ha), bRows = OpShapes.rows(hb), bCols = OpShapes.cols(hb);
        int m = transA ? aCols : aRows, k = transA ? aRows : aCols;
        int kb = transB ? bCols : bRows, n = transB ? bRows : bCols;
        if (k != kb) {
            throw new IllegalArgumentException("gemm: op(a) is [" + m + ", " + k + "] (a " + shape(ha)
                    + (transA ? " transposed" : "") + ") but op(b) is [" + kb + ", " + n + "] (b " + shape(hb)
                    + (transB ? " transposed" : "") + "): the inner dimensions " + k + " and " + kb + " differ");
        }
        if (OpShapes.rows(hc) != m || OpShapes.cols(hc) != n) {
            throw new IllegalArgumentException("gemm: c has shape " + shape(hc) + " but op(a) · op(b) is [" + m
                    + ", " + n + "] (a " + shape(ha) + (transA ? " transposed" : "") + ", b " + shape(hb)
                    + (transB ? " transposed" : "") + ")");
        }
        requireDisjoint("gemm", "c", hc, "a", ha);
        requireDisjoint("gemm", "c", hc, "b", hb);
        gemm.gemm(transA, transB, m, n, k, alpha, ha.data(), ha.offset(), aCols, hb.data(), hb.offset(), bCols,
                beta, hc.data(), hc.offset(), n);
    }

    @Override
    public void addBias(Tensor y, Tensor bias) {
        HostTensor hy = floats(y, "addBias y"), hb = floats(bias, "addBias bias");
        int f = OpShapes.cols(hy), rows = OpShapes.rows(hy);
        if (hb.size() != f) {
            throw new IllegalArgumentException("addBias: bias has shape " + shape(hb) + " but y has shape "
                    + shape(hy) + ": the bias needs " + f + " elements (y's last dimension)");
        }
        float[] yd = hy.data(), bd = hb.data();
        int yOff = hy.offset(), bOff = hb.offset();
        forRanges(rows, 8L * f, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                ElementwiseLoops.addRow(bd, bOff, yd, yOff + r * f, f);
            }
        });
    }

    @Override
    public void addColumnSums(Tensor x, Tensor out) {
        HostTensor hx = floats(x, "addColumnSums x"), ho = floats(out, "addColumnSums out");
        int f = OpShapes.cols(hx), rows = OpShapes.rows(hx);
        if (ho.size() != f) {
            throw new IllegalArgumentException("addColumnSums: out has shape " + shape(ho) + " but x has shape "
                    + shape(hx) + ": out needs " + f + " elements (x's last dimension)");
        }
        float[] xd = hx.data(), od = ho.data();
        int xOff = hx.offset(), oOff = ho.offset();
        // Column slabs: each thread owns some columns of out and sums them over all rows, in row order.
        forRanges(f, 4L * rows, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                ElementwiseLoops.addRow(xd, xOff + r * f + c0, od, oOff + c0, c1 - c0);
            }
        });
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public void fill(Tensor x, float value) {
        HostTensor h = anyType(x, "fill x");
        int off = h.offset(), n = h.size();
        if (h.elementType() == ElementType.INT32) {
            if (!(value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("fill: " + value + " is not an int32 value, and x " + shape(h)
                        + " holds int32 elements");
            }
            Arrays.fill(h.ints(), off, off + n, (int) value);
        } else {
            float[] d = h.data();
            forRanges(n, 4, (from, to) -> Arrays.fill(d, off + from, off + to, value));
        }
    }

    @Override
    public void scale(Tensor x, float alpha) {
        HostTensor h = floats(x, "scale x");
        float[] d = h.data();
        int off = h.offset();
        forRanges(h.size(), 8, (from, to) -> ElementwiseLoops.scale(d, off, alpha, from, to));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        HostTensor hx = floats(x, "axpy x"), hy = floats(y, "axpy y");
        requireSameSize("axpy", "x", hx, "y", hy);
        float[] xd = hx.data(), yd = hy.data();
        int xOff = hx.offset(), yOff = hy.offset();
        forRanges(hy.size(), 12, (from, to) -> ElementwiseLoops.axpy(alpha, xd, xOff, yd, yOff, from, to));
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        HostTensor ha = floats(a, "mul a"), hb = floats(b, "mul b"), ho = floats(out, "mul out");
        requireSameSize("mul", "a", ha, "b", hb);
        requireSameSize("mul", "a", ha, "out", ho);
        float[] ad = ha.data(), bd = hb.data(), od = ho.data();
        int aOff = ha.offset(), bOff = hb.offset(), oOff = ho.offset();
        forRanges(ho.size(), 12, (from, to) -> ElementwiseLoops.mul(ad, aOff, bd, bOff, od, oOff, from, to));
    }

    // --------------------------------------------------------------------- clipping

    @Override
    public void sumOfSquares(List<Tensor> tensors, Tensor out) {
        HostTensor ho = floats(out, "sumOfSquares out");
        if (ho.size() != 1) {
            throw new IllegalArgumentException("sumOfSquares: out has shape " + shape(ho) + " but [1] was expected");
        }
        double total = 0;
        for (int t = 0; t < tensors.size(); t++) {
            HostTensor h = floats(tensors.get(t), "sumOfSquares tensors[" + t + "]");
            total += sumOfSquares(h.data(), h.offset(), h.size());
        }
        ho.data()[ho.offset()] = (float) total;
    }

    private double sumOfSquares(float[] d, int off, int n) {
        int parts = parts(n, 4);
        if (parts == 1) {
            return ElementwiseLoops.sumOfSquares(d, off, 0, n);
        }
        double[] partial = new double[parts];
        gemm.forEachPart(parts, part -> partial[part] = ElementwiseLoops.sumOfSquares(d, off,
                border(n, parts, part), border(n, parts, part + 1)));
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /** {@code clip_grad_value_} over every gradient; scaleBy is inherited and lands on {@link #scale}. */
    @Override
    public void clamp(Tensor x, float min, float max) {
        HostTensor h = floats(x, "clamp x");
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp needs min <= max; got [" + min + ", " + max + "]");
        }
        float[] d = h.data();
        int off = h.offset();
        forRanges(h.size(), 8, (from, to) -> ElementwiseLoops.clamp(d, off, min, max, from, to));
    }

    // ------------------------------------------------------------------- optimizers

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams h, boolean firstStep) {
        HostTensor p = floats(param, "sgdStep param"), g = floats(grad, "sgdStep grad");
        requireSameSize("sgdStep", "param", p, "grad", g);
        OptimizerLoops.Sgd c = new OptimizerLoops.Sgd(h.lr(), h.weightDecay() != 0f, h.weightDecay(),
                h.momentum(), 1f - h.dampening(), h.nesterov());
        float[] pd = p.data(), gd = g.data();
        int pOff = p.offset(), gOff = g.offset();
        if (h.momentum() == 0f) {
            forRanges(p.size(), 12, (from, to) -> OptimizerLoops.sgd(pd, pOff, gd, gOff, from, to, c));
            return;
        }
        if (momentumBuffer == null) {
            throw new IllegalArgumentException("sgdStep: momentum " + h.momentum() + " needs a momentumBuffer of "
                    + p.size() + " elements (param " + shape(p) + "), got null");
        }
        HostTensor b = floats(momentumBuffer, "sgdStep momentumBuffer");
        requireSameSize("sgdStep", "param", p, "momentumBuffer", b);
        float[] bd = b.data();
        int bOff = b.offset();
        forRanges(p.size(), firstStep ? 16 : 20, (from, to) ->
                OptimizerLoops.sgdMomentum(pd, pOff, gd, gOff, bd, bOff, from, to, c, firstStep));
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams h, long step) {
        HostTensor p = floats(param, "adamStep param"), g = floats(grad, "adamStep grad");
        HostTensor m = floats(expAvg, "adamStep expAvg"), v = floats(expAvgSq, "adamStep expAvgSq");
        requireSameSize("adamStep", "param", p, "grad", g);
        requireSameSize("adamStep", "param", p, "expAvg", m);
        requireSameSize("adamStep", "param", p, "expAvgSq", v);
        if (step < 1) {
            throw new IllegalArgumentException("adamStep: step is counted from 1, got " + step);
        }
        OptimizerLoops.Adam c = adamConstants(h, step);
        float[] pd = p.data(), gd = g.data(), md = m.data(), vd = v.data();
        int pOff = p.offset(), gOff = g.offset(), mOff = m.offset(), vOff = v.offset();
        forRanges(p.size(), 28, (from, to) ->
                OptimizerLoops.adam(pd, pOff, gd, gOff, md, mOff, vd, vOff, from, to, c));
    }

    /** The step's scalars in double, as {@code torch.optim.Adam}'s Python code computes them, then float. */
    static OptimizerLoops.Adam adamConstants(AdamParams h, long step) {
        double lr = h.lr(), wd = h.weightDecay();
        boolean decoupled = h.decoupledWeightDecay();
        double bc1 = 1.0 - Math.pow(h.beta1(), step);
        double bc2Sqrt = Math.sqrt(1.0 - Math.pow(h.beta2(), step));
        return new OptimizerLoops.Adam(!decoupled && wd != 0, (float) wd, decoupled ? (float) (1.0 - lr * wd) : 1f,
                h.beta1(), (float) (1.0 - h.beta1()), h.beta2(), (float) (1.0 - h.beta2()), (float) (lr / bc1),
                (float) bc2Sqrt, h.eps());
    }

    // ---------------------------------------------------------------------- helpers

    /** Runs body over [0, n) on this thread, or in line-aligned ranges on the Sgemm's threads when n is large. */
    private void forRanges(int n, long bytesPerUnit, RangeBody body) {
        int parts = parts(n, bytesPerUnit);
        if (parts == 1) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        gemm.forEachPart(parts, part -> {
            int from = border(n, parts, part), to = border(n, parts, part + 1);
            if (from < to) {
                body.run(from, to);
            }
        });
    }

    /** How many ranges a call over n units of bytesPerUnit bytes is cut into (1: stay on the caller). */
    private int parts(int n, long bytesPerUnit) {
        long bytes = n * bytesPerUnit;
        if (gemm.threads() == 1 || bytes < PARALLEL_MIN_BYTES || n < 2 * ALIGN) {
            return 1;
        }
        long byBytes = bytes / PART_MIN_BYTES, byLines = n / ALIGN;
        return (int) Math.max(1, Math.min((long) gemm.threads() * PARTS_PER_THREAD, Math.min(byBytes, byLines)));
    }

    /** The first unit of range {@code part} of {@code parts}: multiples of {@link #ALIGN}, the last one n. */
    private static int border(int n, int parts, int part) {
        if (part >= parts) {
            return n;
        }
        long lines = (n + ALIGN - 1) / ALIGN;
        return (int) Math.min(n, lines * part / parts * ALIGN);
    }

    /** This backend's heap tensor of either element type, open (fill's argument). */
    private HostTensor anyType(Tensor t, String what) {
        if (t == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        HostTensor h = HostTensor.of(t, what);
        if (h.backend() != backend) {
            throw new IllegalArgumentException(what + " belongs to backend '" + h.backend().name() + "', not '"
                    + backend.name() + "'");
        }
        return h;
    }

    private static void requireSameSize(String op, String an, HostTensor a, String bn, HostTensor b) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(op + ": " + an + " has shape " + shape(a) + " (" + a.size()
                    + " elements) but " + bn + " has shape " + shape(b) + " (" + b.size()
                    + " elements); they must have the same number of elements");
        }
    }

    /** The output of a GEMM must not share memory with an input (the kernel reads inputs after writing C). */
    private static void requireDisjoint(String op, String outName, HostTensor out, String inName, HostTensor in) {
        if (out.data() == in.data() && out.size() > 0 && in.size() > 0
                && out.offset() < in.offset() + in.size() && in.offset() < out.offset() + out.size()) {
            throw new IllegalArgumentException(op + ": " + outName + " " + shape(out) + " overlaps " + inName + " "
                    + shape(in) + "; pass a separate output tensor");
        }
    }

    private static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }
}
