package org.jrnn.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.jrnn.RnnSpec;
import org.jrnn.io.Finite;
import org.jrnn.io.SafeTensorsFile;

/**
 * The tensors of an input file, checked against the network: input [B, T, I] batch first, optional h0 and c0
 * [L*D, B, H], optional lengths [B] in [0, T] (not all 0), and for backward grad_output [B, T, D*H] with optional
 * grad_h_n and grad_c_n [L*D, B, H]. B and T must be at least 1 and every float finite. Absent optional tensors are
 * null.
 */
record Inputs(int batch, int steps, float[] input, float[] h0, float[] c0, int[] lengths,
              float[] gradOutput, float[] gradHn, float[] gradCn) {

    /**
     * @param forBackward    whether grad_output is required (grad_* are read only then)
     * @param tolerateParams whether parameter and result tensors may appear: true when the weights and the input are
     *                       one file, as in the golden files
     */
    static Inputs load(SafeTensorsFile x, RnnSpec spec, boolean forBackward, boolean tolerateParams)
            throws IOException {
        String file = x.path().toString();
        List<String> unexpected = x.names().stream().filter(n -> !Names.INPUTS.contains(n)
                && !(tolerateParams && (Names.isParameter(n) || Names.isInputOrResult(n)))).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("input file " + file + " holds unexpected tensors " + unexpected
                    + "; it may hold " + String.join(", ", Names.INPUTS));
        }
        if (!x.has(Names.INPUT)) {
            throw new IllegalArgumentException("input file " + file + " has no tensor 'input' [B, T, "
                    + spec.inputSize() + "]; it holds " + (x.names().isEmpty() ? "no tensors"
                    : String.join(", ", x.names())));
        }
        long[] s = x.shape(Names.INPUT);
        if (s.length != 3 || s[2] != spec.inputSize()) {
            throw new IllegalArgumentException("input file " + file + ": input has shape " + Arrays.toString(s)
                    + " but must be [B, T, " + spec.inputSize() + "] (batch first; the weights have input size "
                    + spec.inputSize() + ")");
        }
        if (s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException("input file " + file + ": input has shape " + Arrays.toString(s)
                    + ": B and T must be at least 1");
        }
        int batch = Math.toIntExact(s[0]);
        int steps = Math.toIntExact(s[1]);
        float[] input = Finite.require(x, Names.INPUT, x.floats(Names.INPUT));

        long[] state = Arrays.stream(spec.stateShape(batch)).asLongStream().toArray();
        float[] h0 = optional(x, Names.H0, state, "[layers*directions, B, H]");
        float[] c0 = null;
        if (x.has(Names.C0)) {
            if (!spec.cell().hasCellState()) {
                throw new IllegalArgumentException("input file " + file + " holds c0, but a " + spec.cell().id()
                        + " has no cell state (only lstm has)");
            }
            c0 = optional(x, Names.C0, state, "[layers*directions, B, H]");
        }
        int[] lengths = x.has(Names.LENGTHS) ? lengths(x, batch, steps) : null;

        float[] gradOutput = null;
        float[] gradHn = null;
        float[] gradCn = null;
        if (forBackward) {
            long[] out = {batch, steps, spec.outputSize()};
            if (!x.has(Names.GRAD_OUTPUT)) {
                throw new IllegalArgumentException("backward needs grad_output " + Arrays.toString(out)
                        + " in the input file " + file);
            }
            gradOutput = optional(x, Names.GRAD_OUTPUT, out, "[B, T, directions*H]");
            gradHn = optional(x, Names.GRAD_HN, state, "[layers*directions, B, H]");
            if (x.has(Names.GRAD_CN)) {
                if (!spec.cell().hasCellState()) {
                    throw new IllegalArgumentException("input file " + file + " holds grad_c_n, but a "
                            + spec.cell().id() + " has no cell state (only lstm has)");
                }
                gradCn = optional(x, Names.GRAD_CN, state, "[layers*directions, B, H]");
            }
        }
        return new Inputs(batch, steps, input, h0, c0, lengths, gradOutput, gradHn, gradCn);
    }

    /** The tensor's floats if present (checking its shape), else null. */
    private static float[] optional(SafeTensorsFile x, String name, long[] shape, String meaning) throws IOException {
        if (!x.has(name)) {
            return null;
        }
        long[] s = x.shape(name);
        if (!Arrays.equals(s, shape)) {
            throw new IllegalArgumentException("input file " + x.path() + ": " + name + " has shape "
                    + Arrays.toString(s) + " but must be " + Arrays.toString(shape) + " " + meaning);
        }
        return Finite.require(x, name, x.floats(name));
    }

    private static int[] lengths(SafeTensorsFile x, int batch, int steps) throws IOException {
        long[] s = x.shape(Names.LENGTHS);
        String file = x.path().toString();
        if (s.length != 1 || s[0] != batch) {
            throw new IllegalArgumentException("input file " + file + ": lengths has shape " + Arrays.toString(s)
                    + " but must be [" + batch + "], one length per sequence");
        }
        long[] values = x.integers(Names.LENGTHS);
        int[] out = new int[batch];
        boolean anyStep = false;
        for (int b = 0; b < batch; b++) {
            if (values[b] < 0 || values[b] > steps) {
                throw new IllegalArgumentException("input file " + file + ": lengths[" + b + "] = " + values[b]
                        + " is out of range: each length must be in [0, T] = [0, " + steps + "]");
            }
            out[b] = (int) values[b];
            anyStep |= values[b] > 0;
        }
        if (!anyStep) {
            throw new IllegalArgumentException("input file " + file + ": every length is 0, so nothing would run; "
                    + "lengths must hold the number of valid steps of each sequence, in [0, " + steps + "]");
        }
        return out;
    }
}
