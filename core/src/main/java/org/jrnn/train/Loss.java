package org.jrnn.train;

import java.util.Arrays;
import java.util.Locale;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.Tensor;

/**
 * A training loss on the backend's fused loss kernels, with PyTorch's mean reductions: {@code nn.MSELoss()},
 * {@code nn.BCEWithLogitsLoss()}, {@code nn.CrossEntropyLoss(weight=classWeights)} (weighted mean: divided by the
 * sum of the target classes' weights).
 *
 * @param classWeights per-class weights for {@link Kind#CE} (null: all 1)
 */
public record Loss(Kind kind, float[] classWeights) {

    public enum Kind {
        /** Mean squared error; float targets of the logits' shape. */
        MSE,
        /** Binary cross-entropy on logits; float targets in [0, 1] of the logits' shape. */
        BCE,
        /** Softmax cross-entropy on logits [N, C]; int32 class ids [N]. */
        CE;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown loss '" + s + "': expected one of "
                        + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList(), e);
            }
        }
    }

    public Loss {
        if (classWeights != null && kind != Kind.CE) {
            throw new IllegalArgumentException("class weights apply to the ce loss only, not " + kind);
        }
        classWeights = classWeights == null ? null : classWeights.clone();
    }

    public static Loss of(Kind kind) {
        return new Loss(kind, null);
    }

    /** Whether targets are int class ids (else floats shaped like the logits). */
    public boolean classTargets() {
        return kind == Kind.CE;
    }

    /**
     * Writes the mean loss to {@code loss[0]} and its gradient to {@code grad} (the logits' shape).
     *
     * @param mask [N] (1 = row counts) or null; weights [C] on the backend or null
     */
    public void compute(TensorOps ops, Tensor logits, Tensor targets, Tensor mask, Tensor weights, Tensor grad,
                        Tensor loss) {
        switch (kind) {
            case MSE -> ops.mseLoss(logits, targets, mask, Reduction.MEAN, grad, loss);
            case BCE -> ops.bceWithLogitsLoss(logits, targets, mask, Reduction.MEAN, grad, loss);
            case CE -> ops.softmaxCrossEntropyLoss(logits, targets, weights, mask, Reduction.MEAN, grad, loss);
        }
    }
}
