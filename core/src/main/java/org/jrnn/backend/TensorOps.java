package org.jrnn.backend;

import java.util.List;
import org.jrnn.tensor.Tensor;

/**
 * The operations of a training step on a backend's tensors, beyond the recurrent kernels: dense layers, embeddings,
 * readouts, losses, clipping, optimizer updates and dropout masks. The reference backend writes each one plainly
 * (the oracle); a fast backend overrides what its profile shows is hot. Nothing above this interface reads a
 * tensor's memory, so a GPU backend runs the same models and trainer with one small host read per batch.
 *
 * <p>Conventions. Every output is allocated by the caller and passed in; no operation allocates. Tensors are dense and
 * row-major; a "matrix" argument of any rank is read as {@code [size / lastDim, lastDim]}. Outputs marked "may
 * alias" may be the same tensor as an input; otherwise inputs and outputs must not overlap. Shapes and element
 * types are checked and a mismatch fails with {@link IllegalArgumentException} naming the argument and both shapes.
 * Unless a method says "adds", it overwrites its output. Scalars the host must read (a loss, a norm) are written to
 * a one-element tensor and read with {@link Backend#readScalar}. Masks are float32, 1 for a counted row and 0 for one
 * that is ignored.
 */
public interface TensorOps {

    // ---------------------------------------------------------------- linear algebra

    /**
     * {@code c = alpha · op(a) · op(b) + beta · c}, with op(a) [m, k] (a is [k, m] when transA) and op(b) [k, n]
     * (b is [n, k] when transB); c is [m, n]. With beta = 0 the old contents of c are ignored (NaN included).
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** {@code y[r, :] += bias} for every row r of y [N, F]; bias [F]. */
    void addBias(Tensor y, Tensor bias);

    /** Adds {@code out[j] += Σ_r x[r, j]} for x [N, F], out [F] (a bias gradient). */
    void addColumnSums(Tensor x, Tensor out);

    // ------------------------------------------------------------------ elementwise

    /** Every element of x set to {@code value} (for an int32 tensor, value must be an integer). */
    void fill(Tensor x, float value);

    /** {@code x *= alpha}. */
    void scale(Tensor x, float alpha);

    /** {@code y += alpha · x}, same sizes. */
    void axpy(float alpha, Tensor x, Tensor y);

    /** {@code out = a ⊙ b}, same sizes; out may alias a or b. */
    void mul(Tensor a, Tensor b, Tensor out);

    /** {@code y = f(x)}; y may alias x. */
    void activation(Activation f, Tensor x, Tensor y);

    /**
     * {@code dx = dy ⊙ f'(x)} computed from the forward output {@code y = f(x)} (tanh: 1 − y², sigmoid: y(1 − y),
     * relu: 1 where y &gt; 0); dx may alias dy.
     */
    void activationBackward(Activation f, Tensor y, Tensor dy, Tensor dx);

    // --------------------------------------------------------------------- clipping

    /** {@code out[0] = Σ over all tensors of Σ x²} (accumulated in double where the backend can); out [1]. */
    void sumOfSquares(List<Tensor> tensors, Tensor out);

    /**
     * {@code out[0] = min(1, maxNorm / (sqrt(sumOfSquares[0]) + 1e-6))}: the factor by which
     * {@code torch.nn.utils.clip_grad_norm_} (PyTorch 1.13) multiplies every gradient. out may alias sumOfSquares.
     */
    void clipCoefficient(Tensor sumOfSquares, float maxNorm, Tensor out);

    /** {@code x *= scalar[0]} with the scalar read on the backend, not the host. */
    void scaleBy(Tensor x, Tensor scalar);

    /** Every element of x clamped to [min, max] in place ({@code clip_grad_value_}); NaN stays NaN. */
    void clamp(Tensor x, float min, float max);

    // -------------------------------------------------------------------- embedding

    /**
     * {@code out[n, :] = table[ids[n], :]}: table [V, E], ids int32 of any shape with N elements, out [N, E] (any
     * shape of N·E elements). An id outside [0, V) fails naming its index and value.
     */
    void gatherRows(Tensor table, Tensor ids, Tensor out);

    /**
     * Adds {@code dTable[ids[n], :] += dOut[n, :]} for every n whose id is not {@code paddingId} (−1: none is
     * skipped). Shapes as {@link #gatherRows}. Rows that repeat an id accumulate in index order.
     */
    void scatterAddRows(Tensor dOut, Tensor ids, int paddingId, Tensor dTable);

    // --------------------------------------------------------------------- readouts

    /**
     * Over a time-major sequence seq [T, B, F] with lengths int32 [B] (each in [0, T]): out [B, F] is the row at each
     * sequence's last valid step {@code seq[len_b − 1, b, :]}, or zero for a zero length.
     */
    void readoutLast(Tensor seq, Tensor lengths, Tensor out);

    /** Adds {@code dSeq[len_b − 1, b, :] += dOut[b, :]}; nothing for a zero length. */
    void readoutLastBackward(Tensor dOut, Tensor lengths, Tensor dSeq);

    /** out [B, F] = mean of {@code seq[t, b, :]} over t &lt; len_b; zero for a zero length. */
    void readoutMean(Tensor seq, Tensor lengths, Tensor out);

    /** Adds {@code dSeq[t, b, :] += dOut[b, :] / len_b} for t &lt; len_b. */
    void readoutMeanBackward(Tensor dOut, Tensor lengths, Tensor dSeq);

    /**
     * out [B, F] = max of {@code seq[t, b, :]} over t &lt; len_b, and argmax int32 [B, F] the step that gave it (the
     * first on ties); a zero length gives out = 0 and argmax = −1.
     */
    void readoutMax(Tensor seq, Tensor lengths, Tensor out, Tensor argmax);

    /** Adds {@code dSeq[argmax[b, j], b, j] += dOut[b, j]} where argmax ≥ 0. */
    void readoutMaxBackward(Tensor dOut, Tensor argmax, Tensor dSeq);

    // ----------------------------------------------------------------------- losses

    /**
     * Mean squared error: pred and target of equal size, read as [N, O]; mask [N] or null (all rows count). Writes
     * {@code loss[0]} and {@code grad = ∂loss/∂pred} (zero on masked rows). MEAN divides by the counted elements
     * (counted rows × O), as {@code nn.MSELoss()} does without a mask; SUM does not divide.
     */
    void mseLoss(Tensor pred, Tensor target, Tensor mask, Reduction reduction, Tensor grad, Tensor loss);

    /**
     * Binary cross-entropy on logits ({@code nn.BCEWithLogitsLoss}), stable for any logit:
     * {@code max(x, 0) − x·y + log(1 + exp(−|x|))} per element; reductions and mask as {@link #mseLoss}.
     */
    void bceWithLogitsLoss(Tensor logits, Tensor target, Tensor mask, Reduction reduction, Tensor grad,
                           Tensor loss);

    /**
     * Softmax cross-entropy on logits [N, C] with int32 class ids targets [N] ({@code nn.CrossEntropyLoss}):
     * per row {@code w[y]·(logsumexp(x) − x[y])} with class weights w [C] (null: all 1) times mask [N] (null: all 1).
     * MEAN divides by {@code Σ w[y_n]·mask_n} (PyTorch's weighted mean), SUM does not. A class id outside [0, C)
     * fails naming its row. Writes {@code loss[0]} and {@code grad} [N, C].
     */
    void softmaxCrossEntropyLoss(Tensor logits, Tensor targets, Tensor classWeights, Tensor mask,
                                 Reduction reduction, Tensor grad, Tensor loss);

    // ------------------------------------------------------------------- optimizers

    /**
     * One {@code torch.optim.SGD} step on a parameter tensor (PyTorch 1.13 semantics): {@code d = g + wd·p}; with
     * momentum, {@code buf = d} on the first step, else {@code buf = momentum·buf + (1 − dampening)·d}, then
     * {@code d = d + momentum·buf} (Nesterov) or {@code d = buf}; finally {@code p −= lr·d}. The gradient is not
     * changed. momentumBuffer (same size) may be null when momentum is 0.
     */
    void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams h, boolean firstStep);

    /**
     * One {@code torch.optim.Adam} (or, with {@code h.decoupledWeightDecay()}, {@code AdamW}) step, step counted
     * from 1: Adam adds {@code wd·p} to the gradient, AdamW first scales {@code p *= 1 − lr·wd}; then
     * {@code m = β1·m + (1 − β1)·g}, {@code v = β2·v + (1 − β2)·g²},
     * {@code p −= (lr / (1 − β1^step)) · m / (sqrt(v) / sqrt(1 − β2^step) + eps)}. The gradient is not changed.
     */
    void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams h, long step);

    // ---------------------------------------------------------------------- dropout

    /**
     * Inverted-dropout mask: {@code mask[i] = CounterRng.uniform(seed, stream, i) < p ? 0 : 1 / (1 − p)} for every
     * element index i of mask. The generator is specified in core, so every backend draws the same mask.
     */
    void dropoutMask(Tensor mask, float p, long seed, long stream);

    // ----------------------------------------------------------------------- layout

    /** {@code dst[j, i, :] = src[i, j, :]} for src [n0, n1, ...] and dst [n1, n0, ...] (batch-first ↔ time-major). */
    void swapFirstTwo(Tensor src, Tensor dst);
}
