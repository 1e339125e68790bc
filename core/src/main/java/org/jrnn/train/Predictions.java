package org.jrnn.train;

/**
 * A model's outputs over a dataset, copied to the host once per evaluation batch, for metrics (which run on the host
 * whatever the backend): logits [N, O] in the dataset's order (per-step
 * readout: [N, T, O] batch-first, zero past each length), with the mean loss over the dataset.
 */
public record Predictions(SequenceDataset dataset, float[] logits, int outputs, double loss) {

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
        return valid(dataset.targets());
    }

    private float[] valid(float[] a) {
        if (!dataset.perStepTargets()) {
            return a;
        }
        int T = dataset.steps();
        int O = outputs;
        int n = 0;
        for (int i = 0; i < dataset.size(); i++) {
            n += dataset.lengthOf(i);
        }
        float[] out = new float[n * O];
        int k = 0;
        for (int i = 0; i < dataset.size(); i++) {
            int len = dataset.lengthOf(i);
            System.arraycopy(a, i * T * O, out, k, len * O);
            k += len * O;
        }
        return out;
    }
}
