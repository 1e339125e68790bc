package org.jrnn.reference;

import org.jrnn.backend.OpShapes;

import java.util.Arrays;
import org.jrnn.backend.Reduction;
import org.jrnn.tensor.HostTensor;

/**
 * The reference losses, with PyTorch 1.13's definitions (MSELoss, BCEWithLogitsLoss, CrossEntropyLoss(weight=...)),
 * each term and sum in double. Every loss writes {@code loss[0]} and its gradient {@code ∂loss/∂input}; a row whose
 * mask (or class weight) is 0 gets an exact zero gradient and adds nothing, whatever its values (NaN included).
 *
 * <p>One choice PyTorch does not make: a MEAN over nothing (N = 0, or every row masked) is 0 with a zero gradient,
 * not PyTorch's 0/0 = NaN, so a fully padded batch does not poison training.
 */
final class ReferenceLosses {
    private ReferenceLosses() {}

    /** pred, target, grad: equal sizes, read as [N, O]; mask [N] or null. */
    static void mse(HostTensor pred, HostTensor target, HostTensor mask, Reduction reduction, HostTensor grad,
                    HostTensor loss) {
        int n = OpShapes.rows(pred), o = OpShapes.cols(pred);
        checkElementwise(pred, target, mask, reduction, grad, "pred", n);
        double scale = scale(reduction, rowWeights(mask, n), o);
        float[] P = pred.data(), Y = target.data(), G = grad.data();
        double sum = 0;
        for (int r = 0; r < n; r++) {
            double m = maskAt(mask, r);
            for (int j = 0; j < o; j++) {
                int i = r * o + j;
                double diff = (double) P[pred.offset() + i] - Y[target.offset() + i];
                sum += m == 0 ? 0 : m * diff * diff;
                G[grad.offset() + i] = m == 0 ? 0f : (float) (scale * m * 2 * diff);
            }
        }
        loss.data()[loss.offset()] = (float) (scale * sum);
    }

    /**
     * logits, target, grad: equal sizes, read as [N, O]; mask [N] or null. Per element
     * {@code max(x, 0) − x·y + log1p(exp(−|x|))}, gradient {@code sigmoid(x) − y}: finite for any finite logit.
     */
    static void bceWithLogits(HostTensor logits, HostTensor target, HostTensor mask, Reduction reduction,
                              HostTensor grad, HostTensor loss) {
        int n = OpShapes.rows(logits), o = OpShapes.cols(logits);
        checkElementwise(logits, target, mask, reduction, grad, "logits", n);
        double scale = scale(reduction, rowWeights(mask, n), o);
        float[] X = logits.data(), Y = target.data(), G = grad.data();
        double sum = 0;
        for (int r = 0; r < n; r++) {
            double m = maskAt(mask, r);
            for (int j = 0; j < o; j++) {
                int i = r * o + j;
                double x = X[logits.offset() + i], y = Y[target.offset() + i];
                double term = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                sum += m == 0 ? 0 : m * term;
                G[grad.offset() + i] = m == 0 ? 0f : (float) (scale * m * (sigmoid(x) - y));
            }
        }
        loss.data()[loss.offset()] = (float) (scale * sum);
    }

    /**
     * logits and grad [N, C], targets int32 [N] in [0, C), classWeights [C] or null, mask [N] or null. Row n adds
     * {@code w[y]·mask·(logsumexp(x) − x[y])}; MEAN divides by {@code Σ w[y_n]·mask_n}.
     */
    static void softmaxCrossEntropy(HostTensor logits, HostTensor targets, HostTensor classWeights,
                                    HostTensor mask, Reduction reduction, HostTensor grad, HostTensor loss) {
        int n = OpShapes.rows(logits), c = OpShapes.cols(logits);
        requireReduction(reduction);
        OpShapes.size("targets", targets, n, "[" + n + "] (the rows of logits)");
        if (classWeights != null) {
            OpShapes.size("classWeights", classWeights, c, "[" + c + "] (the classes of logits)");
        }
        if (mask != null) {
            OpShapes.size("mask", mask, n, "[" + n + "] (the rows of logits)");
        }
        OpShapes.sameSize("grad", grad, "logits", logits);
        int[] Yc = targets.ints();
        double weightSum = 0;
        for (int r = 0; r < n; r++) {
            int y = Yc[targets.offset() + r];
            OpShapes.index("targets", r, y, 0, c);
            weightSum += rowWeight(classWeights, y, mask, r);
        }
        double scale = reduction == Reduction.SUM ? 1 : weightSum == 0 ? 0 : 1 / weightSum;
        float[] X = logits.data(), G = grad.data();
        double sum = 0;
        for (int r = 0; r < n; r++) {
            int y = Yc[targets.offset() + r], row = logits.offset() + r * c, gRow = grad.offset() + r * c;
            double w = rowWeight(classWeights, y, mask, r);
            if (w == 0) {
                Arrays.fill(G, gRow, gRow + c, 0f);
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, X[row + j]);
            }
            double expSum = 0;
            for (int j = 0; j < c; j++) {
                expSum += Math.exp(X[row + j] - max);
            }
            double logSumExp = max + Math.log(expSum);
            sum += w * (logSumExp - X[row + y]);
            for (int j = 0; j < c; j++) {
                double softmax = Math.exp(X[row + j] - logSumExp);
                G[gRow + j] = (float) (scale * w * (softmax - (j == y ? 1 : 0)));
            }
        }
        loss.data()[loss.offset()] = (float) (scale * sum);
    }

    private static void checkElementwise(HostTensor input, HostTensor target, HostTensor mask, Reduction reduction,
                                         HostTensor grad, String inputName, int rows) {
        requireReduction(reduction);
        OpShapes.sameSize("target", target, inputName, input);
        OpShapes.sameSize("grad", grad, inputName, input);
        if (mask != null) {
            OpShapes.size("mask", mask, rows, "[" + rows + "] (the rows of " + inputName + ")");
        }
    }

    private static void requireReduction(Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException("reduction must not be null (MEAN or SUM)");
        }
    }

    /** Σ mask over the rows (the number of counted rows for a 0/1 mask). */
    private static double rowWeights(HostTensor mask, int rows) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += maskAt(mask, r);
        }
        return sum;
    }

    /** The factor MEAN or SUM applies to the summed terms; MEAN over nothing counts as 0 (see the class note). */
    private static double scale(Reduction reduction, double countedRows, int columns) {
        double count = countedRows * columns;
        return reduction == Reduction.SUM ? 1 : count == 0 ? 0 : 1 / count;
    }

    private static double maskAt(HostTensor mask, int r) {
        return mask == null ? 1 : mask.data()[mask.offset() + r];
    }

    private static double rowWeight(HostTensor classWeights, int y, HostTensor mask, int r) {
        double w = classWeights == null ? 1 : classWeights.data()[classWeights.offset() + y];
        return w * maskAt(mask, r);
    }

    /** 1 / (1 + exp(−x)) without overflow for either sign. */
    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
