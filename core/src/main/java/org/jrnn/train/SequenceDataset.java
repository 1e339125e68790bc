package org.jrnn.train;

import java.util.Arrays;
import org.jrnn.io.Finite;

/**
 * Training examples on the host, batch-first: N sequences of T steps of either float features [N, T, I] or int token
 * ids [N, T], optional lengths [N] (null: all T), and targets: floats [N, O] (one per sequence), floats [N, T, O]
 * (one per step, for the every-step readout), or int class ids [N]. Immutable by convention (arrays are not copied;
 * do not change them while training).
 *
 * <p>Checked on construction, each failure naming the index: every length in [1, T] (a sequence needs a step),
 * features and float targets finite, token and class ids not negative (their upper bounds, the vocabulary and the
 * classes, are the model's and the trainer checks them).
 */
public record SequenceDataset(int size, int steps, int inputSize, float[] features, int[] tokens, int[] lengths,
                              float[] targets, int[] targetShape, int[] classes) {

    public SequenceDataset {
        if (size < 0 || steps < 1) {
            throw new IllegalArgumentException("a dataset needs N >= 0 and T >= 1, got N=" + size + " T=" + steps);
        }
        if ((features == null) == (tokens == null)) {
            throw new IllegalArgumentException("give either features [N, T, I] or tokens [N, T]");
        }
        if (features != null && inputSize < 1) {
            throw new IllegalArgumentException("features need I >= 1 per step, got I=" + inputSize);
        }
        if (features != null && (long) features.length != (long) size * steps * inputSize) {
            throw new IllegalArgumentException("features hold " + features.length + " floats but [N, T, I] = ["
                    + size + ", " + steps + ", " + inputSize + "] needs " + (long) size * steps * inputSize);
        }
        if (tokens != null && (long) tokens.length != (long) size * steps) {
            throw new IllegalArgumentException("tokens hold " + tokens.length + " ids but [N, T] = [" + size + ", "
                    + steps + "] needs " + (long) size * steps);
        }
        if (lengths != null) {
            if (lengths.length != size) {
                throw new IllegalArgumentException("lengths has " + lengths.length + " entries but N = " + size);
            }
            for (int i = 0; i < size; i++) {
                if (lengths[i] < 1 || lengths[i] > steps) {
                    throw new IllegalArgumentException("lengths[" + i + "] = " + lengths[i] + " is outside [1, "
                            + steps + "] (T = " + steps + "; every sequence needs at least one step)");
                }
            }
        }
        if ((targets == null) == (classes == null)) {
            throw new IllegalArgumentException("give either float targets or int class ids");
        }
        if (targets != null) {
            if (targetShape == null || targetShape.length < 2 || targetShape[0] != size
                    || (targetShape.length == 3 && targetShape[1] != steps) || targetShape.length > 3) {
                throw new IllegalArgumentException("targets must be [N, O] or [N, T, O] with N = " + size + ", T = "
                        + steps + "; got " + Arrays.toString(targetShape));
            }
            long n = 1;
            for (int d : targetShape) {
                if (d < 1) {
                    throw new IllegalArgumentException("targets have shape " + Arrays.toString(targetShape)
                            + "; every dimension must be >= 1");
                }
                n *= d;
            }
            if (n != targets.length) {
                throw new IllegalArgumentException("targets hold " + targets.length + " floats but shape "
                        + Arrays.toString(targetShape) + " needs " + n);
            }
        }
        if (classes != null && classes.length != size) {
            throw new IllegalArgumentException("class ids hold " + classes.length + " entries but N = " + size);
        }
        if (features != null) {
            Finite.require("features", features, size, steps, inputSize);
        }
        if (targets != null) {
            Finite.require("targets", targets, targetShape);
        }
        if (tokens != null) {
            for (int i = 0; i < tokens.length; i++) {
                if (tokens[i] < 0) {
                    throw new IllegalArgumentException("tokens[" + i / steps + ", " + i % steps + "] = " + tokens[i]
                            + " is negative; token ids must be in [0, vocabulary)");
                }
            }
        }
        if (classes != null) {
            for (int i = 0; i < size; i++) {
                if (classes[i] < 0) {
                    throw new IllegalArgumentException("classes[" + i + "] = " + classes[i]
                            + " is negative; class ids must be in [0, classes)");
                }
            }
        }
    }

    /** Float features with float targets of the given shape. */
    public static SequenceDataset ofFeatures(float[] x, int n, int t, int i, int[] lengths, float[] y,
                                             int... targetShape) {
        return new SequenceDataset(n, t, i, x, null, lengths, y, targetShape, null);
    }

    /** Float features with class ids. */
    public static SequenceDataset ofFeatures(float[] x, int n, int t, int i, int[] lengths, int[] classes) {
        return new SequenceDataset(n, t, i, x, null, lengths, null, null, classes);
    }

    /** Token ids with class ids. */
    public static SequenceDataset ofTokens(int[] tokens, int n, int t, int[] lengths, int[] classes) {
        return new SequenceDataset(n, t, 0, null, tokens, lengths, null, null, classes);
    }

    /** Token ids with float targets. */
    public static SequenceDataset ofTokens(int[] tokens, int n, int t, int[] lengths, float[] y, int... targetShape) {
        return new SequenceDataset(n, t, 0, null, tokens, lengths, y, targetShape, null);
    }

    public int lengthOf(int i) {
        return lengths == null ? steps : lengths[i];
    }

    /** True when targets are per step: [N, T, O]. */
    public boolean perStepTargets() {
        return targets != null && targetShape.length == 3;
    }

    /** O: target columns per sequence (or per step); 1 for class ids. */
    public int targetWidth() {
        return targets != null ? targetShape[targetShape.length - 1] : 1;
    }

    /** The examples at {@code indices}, copied, in that order. */
    public SequenceDataset subset(int[] indices) {
        int n = indices.length;
        float[] x = features == null ? null : new float[n * steps * inputSize];
        int[] tk = tokens == null ? null : new int[n * steps];
        int[] len = lengths == null ? null : new int[n];
        float[] y = null;
        int[] yShape = null;
        int[] cls = classes == null ? null : new int[n];
        int row = targets == null ? 0 : targets.length / Math.max(size, 1);
        if (targets != null) {
            y = new float[n * row];
            yShape = targetShape.clone();
            yShape[0] = n;
        }
        for (int k = 0; k < n; k++) {
            int i = indices[k];
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException("index " + i + " of a dataset of " + size);
            }
            if (x != null) {
                System.arraycopy(features, i * steps * inputSize, x, k * steps * inputSize, steps * inputSize);
            }
            if (tk != null) {
                System.arraycopy(tokens, i * steps, tk, k * steps, steps);
            }
            if (len != null) {
                len[k] = lengths[i];
            }
            if (y != null) {
                System.arraycopy(targets, i * row, y, k * row, row);
            }
            if (cls != null) {
                cls[k] = classes[i];
            }
        }
        return new SequenceDataset(n, steps, inputSize, x, tk, len, y, yShape, cls);
    }

    /** Rows [from, to), in order (a chronological split). */
    public SequenceDataset range(int from, int to) {
        if (from < 0 || to < from || to > size) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of a dataset of " + size);
        }
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return subset(idx);
    }
}
