package org.jrnn.cuda;

import org.jrnn.backend.OpShapes;

import java.util.Arrays;
import java.util.List;
import org.jrnn.backend.Activation;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.CounterRng;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;

/**
 * {@link TensorOps} on the GPU: gemm through cuBLAS ({@link GemmMapping}), everything else one kernel of
 * {@code ops.cu} (a few: two). Shapes and element types are checked on the host first. Checks that need device data
 * (an id, a class id, a length or an argmax out of range) run a range kernel that leaves the first bad index in a
 * device flag, read back once (one stream synchronisation) before the operation is queued, so a failure still
 * leaves the outputs untouched and names the element as the reference does.
 */
final class CudaOps implements TensorOps {
    private final CudaBackend backend;

    CudaOps(CudaBackend backend) {
        this.backend = backend;
    }

    private CudaTensor f(Tensor t, String what) {
        return backend.own(t, what, ElementType.FLOAT32);
    }

    private CudaTensor i32(Tensor t, String what) {
        return backend.own(t, what, ElementType.INT32);
    }

    private long optional(Tensor t, String what) {
        return t == null ? 0L : f(t, what).address();
    }

    private CudaTensor scalar(Tensor t, String what) {
        CudaTensor s = f(t, what);
        OpShapes.size(what, s, 1, "[1]");
        return s;
    }

    private void run(String kernel, Launch l, Object... args) {
        backend.device().launch(Ptx.OPS, kernel, l, args);
    }

    private void elementwise(String kernel, long n, Object... args) {
        if (n > 0) {
            run(kernel, Launch.elementwise(n), args);
        }
    }

    /**
     * Fails like the reference when an element of {@code v} is outside [lo, hi) (and is not {@code skip} when
     * {@code useSkip}); {@code range} is the interval as the message writes it.
     */
    private void checkRange(CudaTensor v, String what, int lo, int hi, boolean useSkip, int skip, String range,
                            String suffix) {
        if (v.size() == 0) {
            return;
        }
        int bad = backend.firstOutOfRange(v, lo, hi, useSkip, skip);
        if (bad >= 0) {
            int[] one = new int[1];
            backend.copyToHost(v.view(bad, 1), one, 0);
            throw new IllegalArgumentException(what + "[" + bad + "] = " + one[0] + " is outside " + range + suffix);
        }
    }

    // ---------------------------------------------------------------- linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        CudaTensor ca = f(a, "a"), cb = f(b, "b"), cc = f(c, "c");
        int m = OpShapes.rows(cc), n = OpShapes.cols(cc);
        int k = transA ? OpShapes.rows(ca) : OpShapes.cols(ca);
        OpShapes.matrix(transA ? "a (transposed: [k, m])" : "a ([m, k])", ca, transA ? k : m, transA ? m : k);
        OpShapes.matrix(transB ? "b (transposed: [n, k])" : "b ([k, n])", cb, transB ? n : k, transB ? k : n);
        gemmUnchecked(transA, transB, m, n, k, alpha, ca.address(), cb.address(), beta, cc.address());
    }

    /** Row-major {@code c[m,n] = alpha·op(a)·op(b) + beta·c} on device addresses (shapes already checked). */
    void gemmUnchecked(boolean transA, boolean transB, int m, int n, int k, float alpha, long a, long b, float beta,
                       long c) {
        if (m == 0 || n == 0) {
            return;
        }
        GemmMapping g = GemmMapping.rowMajor(transA, transB, m, n, k);
        backend.device().sgemm(g.opFirst(), g.opSecond(), g.m(), g.n(), g.k(), alpha, b, g.ldFirst(), a,
                g.ldSecond(), beta, c, g.ldc());
    }

    @Override
    public void addBias(Tensor y, Tensor bias) {
        CudaTensor cy = f(y, "y"), cb = f(bias, "bias");
        int rows = OpShapes.rows(cy), fcols = OpShapes.cols(cy);
        OpShapes.size("bias", cb, fcols, "[" + fcols + "] (the last dimension of y)");
        elementwise("add_bias_f32", (long) rows * fcols, cy.address(), cb.address(), rows, fcols);
    }

    @Override
    public void addColumnSums(Tensor x, Tensor out) {
        CudaTensor cx = f(x, "x"), co = f(out, "out");
        int rows = OpShapes.rows(cx), fcols = OpShapes.cols(cx);
        OpShapes.size("out", co, fcols, "[" + fcols + "] (the last dimension of x)");
        elementwise("add_column_sums_f32", fcols, cx.address(), co.address(), rows, fcols);
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public void fill(Tensor x, float value) {
        CudaTensor t = backend.own(x, "x", null);
        int bits;
        if (t.elementType() == ElementType.INT32) {
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("fill value " + value + " is not an int32 for int32 tensor x");
            }
            bits = (int) value;
        } else {
            bits = Float.floatToRawIntBits(value);
        }
        backend.device().memset32(t.address(), bits, t.size());
    }

    @Override
    public void scale(Tensor x, float alpha) {
        CudaTensor t = f(x, "x");
        elementwise("scale_f32", t.size(), t.address(), t.size(), alpha);
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        CudaTensor cx = f(x, "x"), cy = f(y, "y");
        OpShapes.sameSize("y", cy, "x", cx);
        elementwise("axpy_f32", cx.size(), alpha, cx.address(), cy.address(), cx.size());
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        CudaTensor ca = f(a, "a"), cb = f(b, "b"), co = f(out, "out");
        OpShapes.sameSize("b", cb, "a", ca);
        OpShapes.sameSize("out", co, "a", ca);
        elementwise("mul_f32", ca.size(), ca.address(), cb.address(), co.address(), ca.size());
    }

    @Override
    public void activation(Activation fn, Tensor x, Tensor y) {
        CudaTensor cx = f(x, "x"), cy = f(y, "y");
        OpShapes.sameSize("y", cy, "x", cx);
        elementwise("activation_f32", cx.size(), fn.ordinal(), cx.address(), cy.address(), cx.size());
    }

    @Override
    public void activationBackward(Activation fn, Tensor y, Tensor dy, Tensor dx) {
        CudaTensor cy = f(y, "y"), cdy = f(dy, "dy"), cdx = f(dx, "dx");
        OpShapes.sameSize("dy", cdy, "y", cy);
        OpShapes.sameSize("dx", cdx, "y", cy);
        elementwise("activation_backward_f32", cy.size(), fn.ordinal(), cy.address(), cdy.address(), cdx.address(),
                cy.size());
    }

    // --------------------------------------------------------------------- clipping

    @Override
    public void sumOfSquares(List<Tensor> tensors, Tensor out) {
        CudaTensor o = scalar(out, "out");
        if (tensors == null) {
            throw new IllegalArgumentException("tensors must not be null");
        }
        CudaTensor[] ts = new CudaTensor[tensors.size()];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = f(tensors.get(t), "tensors[" + t + "]");
        }
        long acc = backend.scratchDouble();
        backend.device().memset32(acc, 0, 2);
        for (CudaTensor t : ts) {
            elementwise("sum_squares_f32", t.size(), t.address(), t.size(), acc);
        }
        run("store_double_as_float", new Launch(1, 1), acc, o.address());
    }

    @Override
    public void clipCoefficient(Tensor sumOfSquares, float maxNorm, Tensor out) {
        CudaTensor s = scalar(sumOfSquares, "sumOfSquares"), o = scalar(out, "out");
        if (!(maxNorm >= 0f)) {
            throw new IllegalArgumentException("maxNorm must be >= 0; got " + maxNorm);
        }
        run("clip_coefficient_f32", new Launch(1, 1), s.address(), maxNorm, o.address());
    }

    @Override
    public void scaleBy(Tensor x, Tensor scalar) {
        CudaTensor s = scalar(scalar, "scalar"), t = f(x, "x");
        elementwise("scale_by_f32", t.size(), t.address(), t.size(), s.address());
    }

    @Override
    public void clamp(Tensor x, float min, float max) {
        CudaTensor t = f(x, "x");
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp needs min <= max; got [" + min + ", " + max + "]");
        }
        elementwise("clamp_f32", t.size(), t.address(), t.size(), min, max);
    }

    // -------------------------------------------------------------------- embedding

    @Override
    public void gatherRows(Tensor table, Tensor ids, Tensor out) {
        CudaTensor ct = f(table, "table"), ci = i32(ids, "ids"), co = f(out, "out");
        int v = OpShapes.rows(ct), e = OpShapes.cols(ct), n = ci.size();
        OpShapes.size("out", co, Math.multiplyExact(n, e), "[" + n + ", " + e + "] (ids × embedding width)");
        checkRange(ci, "ids", 0, v, false, 0, "[0, " + v + ")", "");
        elementwise("gather_rows_f32", (long) n * e, ct.address(), ci.address(), co.address(), n, e);
    }

    @Override
    public void scatterAddRows(Tensor dOut, Tensor ids, int paddingId, Tensor dTable) {
        CudaTensor cd = f(dOut, "dOut"), ci = i32(ids, "ids"), ct = f(dTable, "dTable");
        int v = OpShapes.rows(ct), e = OpShapes.cols(ct), n = ci.size();
        OpShapes.size("dOut", cd, Math.multiplyExact(n, e), "[" + n + ", " + e + "] (ids × embedding width)");
        if (paddingId < -1 || paddingId >= v) {
            throw new IllegalArgumentException("paddingId " + paddingId + " is outside [-1, " + v
                    + ") (-1: no padding id)");
        }
        checkRange(ci, "ids", 0, v, true, paddingId, "[0, " + v + ")", "");
        elementwise("scatter_add_rows_f32", e, cd.address(), ci.address(), paddingId, ct.address(), n, e);
    }

    // --------------------------------------------------------------------- readouts

    /** seq [T, B, F] and its lengths [B], each length checked to be in [0, T]; returns {T, B, F}. */
    private int[] sequence(String what, CudaTensor seq, CudaTensor lengths) {
        OpShapes.rank(what, seq, 3, "[T, B, F] (time-major)");
        int t = seq.dim(0), b = seq.dim(1), fdim = seq.dim(2);
        OpShapes.size("lengths", lengths, b, "[" + b + "] (the batch dimension of " + what + ")");
        checkRange(lengths, "lengths", 0, t + 1, false, 0, "[0, " + t + "]", " (T of " + what + ")");
        return new int[] {t, b, fdim};
    }

    @Override
    public void readoutLast(Tensor seq, Tensor lengths, Tensor out) {
        CudaTensor s = f(seq, "seq"), l = i32(lengths, "lengths"), o = f(out, "out");
        int[] d = sequence("seq", s, l);
        OpShapes.matrix("out", o, d[1], d[2]);
        elementwise("readout_last_f32", (long) d[1] * d[2], s.address(), l.address(), o.address(), d[0], d[1], d[2]);
    }

    @Override
    public void readoutLastBackward(Tensor dOut, Tensor lengths, Tensor dSeq) {
        CudaTensor g = f(dOut, "dOut"), l = i32(lengths, "lengths"), s = f(dSeq, "dSeq");
        int[] d = sequence("dSeq", s, l);
        OpShapes.matrix("dOut", g, d[1], d[2]);
        elementwise("readout_last_backward_f32", (long) d[1] * d[2], g.address(), l.address(), s.address(), d[0],
                d[1], d[2]);
    }

    @Override
    public void readoutMean(Tensor seq, Tensor lengths, Tensor out) {
        CudaTensor s = f(seq, "seq"), l = i32(lengths, "lengths"), o = f(out, "out");
        int[] d = sequence("seq", s, l);
        OpShapes.matrix("out", o, d[1], d[2]);
        elementwise("readout_mean_f32", (long) d[1] * d[2], s.address(), l.address(), o.address(), d[0], d[1], d[2]);
    }

    @Override
    public void readoutMeanBackward(Tensor dOut, Tensor lengths, Tensor dSeq) {
        CudaTensor g = f(dOut, "dOut"), l = i32(lengths, "lengths"), s = f(dSeq, "dSeq");
        int[] d = sequence("dSeq", s, l);
        OpShapes.matrix("dOut", g, d[1], d[2]);
        elementwise("readout_mean_backward_f32", (long) d[1] * d[2], g.address(), l.address(), s.address(), d[0],
                d[1], d[2]);
    }

    @Override
    public void readoutMax(Tensor seq, Tensor lengths, Tensor out, Tensor argmax) {
        CudaTensor s = f(seq, "seq"), l = i32(lengths, "lengths"), o = f(out, "out"), a = i32(argmax, "argmax");
        int[] d = sequence("seq", s, l);
        OpShapes.matrix("out", o, d[1], d[2]);
        OpShapes.matrix("argmax", a, d[1], d[2]);
        elementwise("readout_max_f32", (long) d[1] * d[2], s.address(), l.address(), o.address(), a.address(), d[0],
                d[1], d[2]);
    }

    @Override
    public void readoutMaxBackward(Tensor dOut, Tensor argmax, Tensor dSeq) {
        CudaTensor g = f(dOut, "dOut"), a = i32(argmax, "argmax"), s = f(dSeq, "dSeq");
        OpShapes.rank("dSeq", s, 3, "[T, B, F]");
        int t = s.dim(0), nb = s.dim(1), fdim = s.dim(2);
        OpShapes.matrix("dOut", g, nb, fdim);
        OpShapes.matrix("argmax", a, nb, fdim);
        checkRange(a, "argmax", -1, t, false, 0, "[-1, " + t + ")", "");
        elementwise("readout_max_backward_f32", (long) nb * fdim, g.address(), a.address(), s.address(), nb, fdim);
    }

    // ----------------------------------------------------------------------- losses

    private void elementwiseLoss(int kind, String inputName, Tensor input, Tensor target, Tensor mask,
                                 Reduction reduction, Tensor grad, Tensor loss) {
        CudaTensor x = f(input, inputName), y = f(target, "target"), g = f(grad, "grad"), l = scalar(loss, "loss");
        requireReduction(reduction);
        int n = OpShapes.rows(x), o = OpShapes.cols(x);
        OpShapes.sameSize("target", y, inputName, x);
        OpShapes.sameSize("grad", g, inputName, x);
        long m = 0;
        if (mask != null) {
            CudaTensor cm = f(mask, "mask");
            OpShapes.size("mask", cm, n, "[" + n + "] (the rows of " + inputName + ")");
            m = cm.address();
        }
        run("elementwise_loss_f32", new Launch(1, Launch.BLOCK), kind, x.address(), y.address(), m,
                reduction == Reduction.SUM ? 1 : 0, g.address(), l.address(), n, o);
    }

    @Override
    public void mseLoss(Tensor pred, Tensor target, Tensor mask, Reduction reduction, Tensor grad, Tensor loss) {
        elementwiseLoss(0, "pred", pred, target, mask, reduction, grad, loss);
    }

    @Override
    public void bceWithLogitsLoss(Tensor logits, Tensor target, Tensor mask, Reduction reduction, Tensor grad,
                                  Tensor loss) {
        elementwiseLoss(1, "logits", logits, target, mask, reduction, grad, loss);
    }

    @Override
    public void softmaxCrossEntropyLoss(Tensor logits, Tensor targets, Tensor classWeights, Tensor mask,
                                        Reduction reduction, Tensor grad, Tensor loss) {
        CudaTensor x = f(logits, "logits"), y = i32(targets, "targets"), g = f(grad, "grad");
        CudaTensor l = scalar(loss, "loss");
        int n = OpShapes.rows(x), c = OpShapes.cols(x);
        requireReduction(reduction);
        OpShapes.size("targets", y, n, "[" + n + "] (the rows of logits)");
        long w = 0, m = 0;
        if (classWeights != null) {
            CudaTensor cw = f(classWeights, "classWeights");
            OpShapes.size("classWeights", cw, c, "[" + c + "] (the classes of logits)");
            w = cw.address();
        }
        if (mask != null) {
            CudaTensor cm = f(mask, "mask");
            OpShapes.size("mask", cm, n, "[" + n + "] (the rows of logits)");
            m = cm.address();
        }
        OpShapes.sameSize("grad", g, "logits", x);
        checkRange(y, "targets", 0, c, false, 0, "[0, " + c + ")", "");
        run("softmax_ce_loss_f32", new Launch(1, Launch.BLOCK), x.address(), y.address(), w, m,
                reduction == Reduction.SUM ? 1 : 0, g.address(), l.address(), n, c);
    }

    private static void requireReduction(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must not be null (MEAN or SUM)");
        }
    }

    // ------------------------------------------------------------------- optimizers

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams h, boolean firstStep) {
        if (h == null) {
            throw new IllegalArgumentException("SGD hyper-parameters h must not be null");
        }
        CudaTensor p = f(param, "param"), g = f(grad, "grad");
        OpShapes.sameSize("grad", g, "param", p);
        long buf = 0;
        if (h.momentum() != 0f) {
            CudaTensor b = f(momentumBuffer, "momentumBuffer (momentum " + h.momentum() + " > 0)");
            OpShapes.sameSize("momentumBuffer", b, "param", p);
            buf = b.address();
        }
        elementwise("sgd_step_f32", p.size(), p.address(), g.address(), buf, p.size(), (double) h.lr(),
                (double) h.momentum(), (double) h.dampening(), h.nesterov() ? 1 : 0, (double) h.weightDecay(),
                firstStep ? 1 : 0);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams h, long step) {
        if (h == null) {
            throw new IllegalArgumentException("Adam hyper-parameters h must not be null");
        }
        CudaTensor p = f(param, "param"), g = f(grad, "grad"), m = f(expAvg, "expAvg"), v = f(expAvgSq, "expAvgSq");
        if (step < 1) {
            throw new IllegalArgumentException("Adam step must count from 1; got " + step);
        }
        OpShapes.sameSize("grad", g, "param", p);
        OpShapes.sameSize("expAvg", m, "param", p);
        OpShapes.sameSize("expAvgSq", v, "param", p);
        double lr = h.lr(), wd = h.weightDecay();
        double stepSize = lr / (1 - Math.pow(h.beta1(), step));
        double bc2sqrt = Math.sqrt(1 - Math.pow(h.beta2(), step));
        double decay = h.decoupledWeightDecay() ? 1 - lr * wd : 1;
        elementwise("adam_step_f32", p.size(), p.address(), g.address(), m.address(), v.address(), p.size(),
                (double) h.beta1(), (double) h.beta2(), (double) h.eps(), wd, h.decoupledWeightDecay() ? 1 : 0, decay,
                stepSize, bc2sqrt);
    }

    // ---------------------------------------------------------------------- dropout

    @Override
    public void dropoutMask(Tensor mask, float p, long seed, long stream) {
        CudaTensor m = f(mask, "mask");
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability p must be in [0, 1); got " + p);
        }
        float keep = 1f / (1f - p);
        elementwise("dropout_mask_f32", m.size(), m.address(), m.size(), p, keep, CounterRng.key(seed, stream));
    }

    // ----------------------------------------------------------------------- layout

    @Override
    public void swapFirstTwo(Tensor src, Tensor dst) {
        CudaTensor s = backend.own(src, "src", null);
        CudaTensor d = backend.own(dst, "dst", s.elementType());
        int[] sh = s.shape();
        if (sh.length < 2) {
            throw new IllegalArgumentException("src has shape " + Arrays.toString(sh)
                    + " but swapFirstTwo needs a rank >= 2 tensor");
        }
        int[] swapped = sh.clone();
        swapped[0] = sh[1];
        swapped[1] = sh[0];
        d.requireShape("dst", swapped);
        int n0 = sh[0], n1 = sh[1], inner = n0 * n1 == 0 ? 0 : s.size() / (n0 * n1);
        elementwise("swap_first_two_32", s.size(), s.address(), d.address(), n0, n1, inner);
    }
}
