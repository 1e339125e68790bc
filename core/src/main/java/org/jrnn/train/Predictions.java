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
}
