package org.jrnn.train;

/**
 * A model's outputs over a dataset, on the host, for metrics: logits [N, O] in the dataset's order (per-step
 * readout: [N, T, O] batch-first, zero past each length), with the mean loss over the data.
 */
public record Predictions(SequenceDataset data, float[] logits, int outputs, double loss) {

    /** argmax over the O logits of row i (for O = 1: logit &gt; 0). */
    public int predictedClass(int i) {
        if (outputs == 1) {
            return logits[i] > 0f ? 1 : 0;
        }
        int best = 0;
        for (int k = 1; k < outputs; k++) {
            if (logits[i * outputs + k] > logits[i * outputs + best]) {
                best = k;
            }
        }
        return best;
    }

    /** Predicted classes of every row. */
    public int[] predictedClasses() {
        int n = logits.length / outputs;
        int[] c = new int[n];
        for (int i = 0; i < n; i++) {
            c[i] = predictedClass(i);
        }
        return c;
    }

    /** Float predictions at valid positions only (per-step readout: padded steps dropped), for regression metrics. */
    public float[] validPredictions() {
        return valid(logits);
    }

    /** The targets at the same positions as {@link #validPredictions()}. */
    public float[] validTargets() {
        return valid(data.targets());
    }

    private float[] valid(float[] a) {
        if (!data.perStepTargets()) {
            return a;
        }
        int T = data.steps();
        int O = outputs;
        int n = 0;
        for (int i = 0; i < data.size(); i++) {
            n += data.lengthOf(i);
        }
        float[] out = new float[n * O];
        int k = 0;
        for (int i = 0; i < data.size(); i++) {
            int len = data.lengthOf(i);
            System.arraycopy(a, i * T * O, out, k, len * O);
            k += len * O;
        }
        return out;
    }
}
