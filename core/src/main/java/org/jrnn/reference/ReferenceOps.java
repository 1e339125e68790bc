package org.jrnn.reference;

import org.jrnn.backend.OpShapes;

import java.util.Arrays;
import java.util.List;
import org.jrnn.backend.Activation;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.CounterRng;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.host.HostBackend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * The oracle of {@link TensorOps}: each operation written plainly over the heap arrays, sums in double, every
 * argument checked first (shape, element type, backend, index ranges) so that a failure leaves the outputs untouched.
 * Embedding and readouts live in {@link ReferenceIndexing}, losses in {@link ReferenceLosses}, optimizer steps in
 * {@link ReferenceOptimizers}. A fast heap backend extends this class and overrides what its profile shows is hot.
 */
public class ReferenceOps implements TensorOps {
    protected final HostBackend backend;

    public ReferenceOps(HostBackend backend) {
        this.backend = backend;
    }

    /** A float32 tensor of this backend, open; fails naming {@code what} otherwise. */
    protected final HostTensor floats(Tensor t, String what) {
        return Args.floats(backend, t, what);
    }

    /** An int32 tensor of this backend, open; fails naming {@code what} otherwise. */
    protected final HostTensor ints(Tensor t, String what) {
        return Args.ints(backend, t, what);
    }

    // ---------------------------------------------------------------- linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        HostTensor ha = floats(a, "a"), hb = floats(b, "b"), hc = floats(c, "c");
        int m = OpShapes.rows(hc), n = OpShapes.cols(hc);
        int k = transA ? OpShapes.rows(ha) : OpShapes.cols(ha);
        OpShapes.matrix(transA ? "a (transposed: [k, m])" : "a ([m, k])", ha, transA ? k : m, transA ? m : k);
        OpShapes.matrix(transB ? "b (transposed: [n, k])" : "b ([k, n])", hb, transB ? n : k, transB ? k : n);
        float[] A = ha.data(), B = hb.data(), C = hc.data();
        int ao = ha.offset(), bo = hb.offset(), co = hc.offset();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                for (int p = 0; p < k; p++) {
                    float aip = A[ao + (transA ? p * m + i : i * k + p)];
                    float bpj = B[bo + (transB ? j * k + p : p * n + j)];
                    dot += (double) aip * bpj;
                }
                int ci = co + i * n + j;
                // beta = 0 ignores c: NaN garbage must not leak through 0 * NaN.
                double old = beta == 0f ? 0 : (double) beta * C[ci];
                C[ci] = (float) (alpha * dot + old);
            }
        }
    }

    @Override
    public void addBias(Tensor y, Tensor bias) {
        HostTensor hy = floats(y, "y"), hb = floats(bias, "bias");
        int rows = OpShapes.rows(hy), f = OpShapes.cols(hy);
        OpShapes.size("bias", hb, f, "[" + f + "] (the last dimension of y)");
        float[] Y = hy.data(), Bi = hb.data();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < f; j++) {
                Y[hy.offset() + r * f + j] += Bi[hb.offset() + j];
            }
        }
    }

    @Override
    public void addColumnSums(Tensor x, Tensor out) {
        HostTensor hx = floats(x, "x"), ho = floats(out, "out");
        int rows = OpShapes.rows(hx), f = OpShapes.cols(hx);
        OpShapes.size("out", ho, f, "[" + f + "] (the last dimension of x)");
        float[] X = hx.data(), O = ho.data();
        for (int j = 0; j < f; j++) {
            double sum = O[ho.offset() + j];
            for (int r = 0; r < rows; r++) {
                sum += X[hx.offset() + r * f + j];
            }
            O[ho.offset() + j] = (float) sum;
        }
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public void fill(Tensor x, float value) {
        HostTensor h = HostTensor.of(x, "x");
        if (h.elementType() == ElementType.INT32) {
            HostTensor hi = ints(x, "x");
            if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("fill value " + value + " is not an int32 for int32 tensor x");
            }
            Arrays.fill(hi.ints(), hi.offset(), hi.offset() + hi.size(), (int) value);
        } else {
            HostTensor hf = floats(x, "x");
            Arrays.fill(hf.data(), hf.offset(), hf.offset() + hf.size(), value);
        }
    }

    @Override
    public void scale(Tensor x, float alpha) {
        HostTensor h = floats(x, "x");
        float[] X = h.data();
        for (int i = h.offset(); i < h.offset() + h.size(); i++) {
            X[i] *= alpha;
        }
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        HostTensor hx = floats(x, "x"), hy = floats(y, "y");
        OpShapes.sameSize("y", hy, "x", hx);
        float[] X = hx.data(), Y = hy.data();
        for (int i = 0; i < hx.size(); i++) {
            Y[hy.offset() + i] = (float) (Y[hy.offset() + i] + (double) alpha * X[hx.offset() + i]);
        }
    }

    @Override
    public void mul(Tensor a, Tensor b, Tensor out) {
        HostTensor ha = floats(a, "a"), hb = floats(b, "b"), ho = floats(out, "out");
        OpShapes.sameSize("b", hb, "a", ha);
        OpShapes.sameSize("out", ho, "a", ha);
        float[] A = ha.data(), B = hb.data(), O = ho.data();
        for (int i = 0; i < ha.size(); i++) {
            O[ho.offset() + i] = A[ha.offset() + i] * B[hb.offset() + i];
        }
    }

    @Override
    public void activation(Activation f, Tensor x, Tensor y) {
        HostTensor hx = floats(x, "x"), hy = floats(y, "y");
        OpShapes.sameSize("y", hy, "x", hx);
        float[] X = hx.data(), Y = hy.data();
        for (int i = 0; i < hx.size(); i++) {
            Y[hy.offset() + i] = Activations.forward(f, X[hx.offset() + i]);
        }
    }

    @Override
    public void activationBackward(Activation f, Tensor y, Tensor dy, Tensor dx) {
        HostTensor hy = floats(y, "y"), hdy = floats(dy, "dy"), hdx = floats(dx, "dx");
        OpShapes.sameSize("dy", hdy, "y", hy);
        OpShapes.sameSize("dx", hdx, "y", hy);
        float[] Y = hy.data(), DY = hdy.data(), DX = hdx.data();
        for (int i = 0; i < hy.size(); i++) {
            DX[hdx.offset() + i] = (float) (DY[hdy.offset() + i] * Activations.slope(f, Y[hy.offset() + i]));
        }
    }

    // --------------------------------------------------------------------- clipping

    @Override
    public void sumOfSquares(List<Tensor> tensors, Tensor out) {
        HostTensor ho = Args.scalar(backend, out, "out");
        if (tensors == null) {
            throw new IllegalArgumentException("tensors must not be null");
        }
        double sum = 0;
        for (int t = 0; t < tensors.size(); t++) {
            HostTensor h = floats(tensors.get(t), "tensors[" + t + "]");
            float[] X = h.data();
            for (int i = h.offset(); i < h.offset() + h.size(); i++) {
                sum += (double) X[i] * X[i];
            }
        }
        ho.data()[ho.offset()] = (float) sum;
    }

    @Override
    public void clipCoefficient(Tensor sumOfSquares, float maxNorm, Tensor out) {
        HostTensor hs = Args.scalar(backend, sumOfSquares, "sumOfSquares"), ho = Args.scalar(backend, out, "out");
        if (!(maxNorm >= 0f)) {
            throw new IllegalArgumentException("maxNorm must be >= 0; got " + maxNorm);
        }
        double norm = Math.sqrt(hs.data()[hs.offset()]);
        // Math.min keeps a NaN norm as NaN, like torch.clamp(coef, max=1).
        ho.data()[ho.offset()] = (float) Math.min(1.0, maxNorm / (norm + 1e-6));
    }

    @Override
    public void scaleBy(Tensor x, Tensor scalar) {
        HostTensor hs = Args.scalar(backend, scalar, "scalar");
        scale(x, hs.data()[hs.offset()]);
    }

    @Override
    public void clamp(Tensor x, float min, float max) {
        HostTensor h = floats(x, "x");
        if (!(min <= max)) {
            throw new IllegalArgumentException("clamp needs min <= max; got [" + min + ", " + max + "]");
        }
        float[] X = h.data();
        for (int i = h.offset(); i < h.offset() + h.size(); i++) {
            float v = X[i];
            X[i] = v < min ? min : v > max ? max : v; // NaN fails both tests and stays NaN
        }
    }

    // ------------------------------------------------------------ embedding, readouts

    @Override
    public void gatherRows(Tensor table, Tensor ids, Tensor out) {
        ReferenceIndexing.gatherRows(floats(table, "table"), ints(ids, "ids"), floats(out, "out"));
    }

    @Override
    public void scatterAddRows(Tensor dOut, Tensor ids, int paddingId, Tensor dTable) {
        ReferenceIndexing.scatterAddRows(floats(dOut, "dOut"), ints(ids, "ids"), paddingId, floats(dTable, "dTable"));
    }

    @Override
    public void readoutLast(Tensor seq, Tensor lengths, Tensor out) {
        ReferenceIndexing.readoutLast(floats(seq, "seq"), ints(lengths, "lengths"), floats(out, "out"));
    }

    @Override
    public void readoutLastBackward(Tensor dOut, Tensor lengths, Tensor dSeq) {
        ReferenceIndexing.readoutLastBackward(floats(dOut, "dOut"), ints(lengths, "lengths"), floats(dSeq, "dSeq"));
    }

    @Override
    public void readoutMean(Tensor seq, Tensor lengths, Tensor out) {
        ReferenceIndexing.readoutMean(floats(seq, "seq"), ints(lengths, "lengths"), floats(out, "out"));
    }

    @Override
    public void readoutMeanBackward(Tensor dOut, Tensor lengths, Tensor dSeq) {
        ReferenceIndexing.readoutMeanBackward(floats(dOut, "dOut"), ints(lengths, "lengths"), floats(dSeq, "dSeq"));
    }

    @Override
    public void readoutMax(Tensor seq, Tensor lengths, Tensor out, Tensor argmax) {
        ReferenceIndexing.readoutMax(floats(seq, "seq"), ints(lengths, "lengths"), floats(out, "out"),
                ints(argmax, "argmax"));
    }

    @Override
    public void readoutMaxBackward(Tensor dOut, Tensor argmax, Tensor dSeq) {
        ReferenceIndexing.readoutMaxBackward(floats(dOut, "dOut"), ints(argmax, "argmax"), floats(dSeq, "dSeq"));
    }

    // ----------------------------------------------------------------------- losses

    @Override
    public void mseLoss(Tensor pred, Tensor target, Tensor mask, Reduction reduction, Tensor grad, Tensor loss) {
        ReferenceLosses.mse(floats(pred, "pred"), floats(target, "target"),
                Args.optionalFloats(backend, mask, "mask"), reduction, floats(grad, "grad"),
                Args.scalar(backend, loss, "loss"));
    }

    @Override
    public void bceWithLogitsLoss(Tensor logits, Tensor target, Tensor mask, Reduction reduction, Tensor grad,
                                  Tensor loss) {
        ReferenceLosses.bceWithLogits(floats(logits, "logits"), floats(target, "target"),
                Args.optionalFloats(backend, mask, "mask"), reduction, floats(grad, "grad"),
                Args.scalar(backend, loss, "loss"));
    }

    @Override
    public void softmaxCrossEntropyLoss(Tensor logits, Tensor targets, Tensor classWeights, Tensor mask,
                                        Reduction reduction, Tensor grad, Tensor loss) {
        ReferenceLosses.softmaxCrossEntropy(floats(logits, "logits"), ints(targets, "targets"),
                Args.optionalFloats(backend, classWeights, "classWeights"),
                Args.optionalFloats(backend, mask, "mask"), reduction, floats(grad, "grad"),
                Args.scalar(backend, loss, "loss"));
    }

    // ------------------------------------------------------------------- optimizers

    @Override
    public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams h, boolean firstStep) {
        if (h == null) {
            throw new IllegalArgumentException("SGD hyper-parameters h must not be null");
        }
        HostTensor buf = h.momentum() == 0f ? null : floats(momentumBuffer, "momentumBuffer (momentum "
                + h.momentum() + " > 0)");
        ReferenceOptimizers.sgd(floats(param, "param"), floats(grad, "grad"), buf, h, firstStep);
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams h, long step) {
        if (h == null) {
            throw new IllegalArgumentException("Adam hyper-parameters h must not be null");
        }
        ReferenceOptimizers.adam(floats(param, "param"), floats(grad, "grad"), floats(expAvg, "expAvg"),
                floats(expAvgSq, "expAvgSq"), h, step);
    }

    // ---------------------------------------------------------------------- dropout

    /** The kept value is {@code 1f / (1f - p)} computed in float32, so every backend writes the same bits. */
    @Override
    public void dropoutMask(Tensor mask, float p, long seed, long stream) {
        HostTensor h = floats(mask, "mask");
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability p must be in [0, 1); got " + p);
        }
        float keep = 1f / (1f - p);
        long key = CounterRng.key(seed, stream);
        float[] M = h.data();
        for (int i = 0; i < h.size(); i++) {
            M[h.offset() + i] = CounterRng.uniform(key, i) < p ? 0f : keep;
        }
    }

    // ----------------------------------------------------------------------- layout

    @Override
    public void swapFirstTwo(Tensor src, Tensor dst) {
        boolean intElements = HostTensor.of(src, "src").elementType() == ElementType.INT32;
        HostTensor hs = intElements ? ints(src, "src") : floats(src, "src");
        HostTensor hd = intElements ? ints(dst, "dst") : floats(dst, "dst");
        int[] s = hs.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException("src has shape " + Arrays.toString(s)
                    + " but swapFirstTwo needs a rank >= 2 tensor");
        }
        int[] swapped = s.clone();
        swapped[0] = s[1];
        swapped[1] = s[0];
        Args.shape("dst", hd, swapped);
        int n0 = s[0], n1 = s[1], inner = n0 * n1 == 0 ? 0 : hs.size() / (n0 * n1);
        Object from = intElements ? hs.ints() : hs.data();
        Object to = intElements ? hd.ints() : hd.data();
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n1; j++) {
                System.arraycopy(from, hs.offset() + (i * n1 + j) * inner, to, hd.offset() + (j * n0 + i) * inner,
                        inner);
            }
        }
    }
}
