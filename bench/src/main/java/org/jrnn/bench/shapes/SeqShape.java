package org.jrnn.bench.shapes;

/**
 * A benchmark problem for an RNN layer: B sequences of T steps, I input features, H hidden units.
 * Single-step (streaming) shapes have T = 1.
 *
 * @param name  short id used as the JMH parameter and in result files
 * @param batch B
 * @param steps T
 * @param input I
 * @param hidden H
 * @param quick whether the quick profile runs it
 * @param about what the shape stands for, for the report
 */
public record SeqShape(String name, int batch, int steps, int input, int hidden, boolean quick, String about) {

    public SeqShape {
        if (batch < 1 || steps < 1 || input < 1 || hidden < 1) {
            throw new IllegalArgumentException("shape " + name + " needs positive sizes, got " + dims(batch, steps,
                    input, hidden));
        }
    }

    /** "BxTxIxH", as written in result files. */
    public String dims() {
        return dims(batch, steps, input, hidden);
    }

    private static String dims(int b, int t, int i, int h) {
        return b + "x" + t + "x" + i + "x" + h;
    }

    /** An ad-hoc shape from "BxTxIxH" (tests and exploratory runs); named by its dims. */
    public static SeqShape ofDims(String text) {
        int[] v = Dims.parse(text, 4, "BxTxIxH");
        return new SeqShape(text, v[0], v[1], v[2], v[3], false, "ad hoc");
    }
}
