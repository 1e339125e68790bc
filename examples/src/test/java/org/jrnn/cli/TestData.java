package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.jrnn.ParameterLayout;
import org.jrnn.RnnSpec;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;

/** Random networks and inputs written as the files the command line reads, and comparisons of results. */
final class TestData {
    private TestData() {}

    static float[] random(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (rnd.nextFloat() * 2 - 1) * scale;
        }
        return a;
    }

    static long[] longs(int... shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    /** The flat parameters as a PyTorch state_dict. */
    static Map<String, SafeTensors.Tensor> stateDict(RnnSpec spec, float[] flat) {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        for (ParameterLayout.Entry e : spec.parameterLayout().entries()) {
            m.put(e.name(), SafeTensors.Tensor.f32(Arrays.copyOfRange(flat, e.offset(), e.offset() + e.size()),
                    longs(e.shape())));
        }
        return m;
    }

    static void write(Path file, Map<String, SafeTensors.Tensor> tensors) throws IOException {
        SafeTensors.write(file, tensors, Map.of());
    }

    /**
     * A network with its weights file and an input file (input, h0, c0 for LSTM, lengths, grad_output, grad_h_n,
     * grad_c_n): everything forward and backward read.
     */
    record Case(RnnSpec spec, float[] params, int batch, int steps, Map<String, SafeTensors.Tensor> inputs,
                Path weights, Path input) {
        float[] f(String name) {
            return (float[]) inputs.get(name).data();
        }

        int[] lengths() {
            return inputs.containsKey("lengths") ? (int[]) inputs.get("lengths").data() : null;
        }
    }

    static Case make(Path dir, RnnSpec spec, int batch, int steps, int[] lengths, long seed) throws IOException {
        Random rnd = new Random(seed);
        float[] params = random(rnd, spec.parameterLayout().size(), 0.5f);
        int[] state = spec.stateShape(batch);
        int stateSize = state[0] * state[1] * state[2];
        Map<String, SafeTensors.Tensor> in = new LinkedHashMap<>();
        in.put("input", SafeTensors.Tensor.f32(random(rnd, batch * steps * spec.inputSize(), 1f),
                batch, steps, spec.inputSize()));
        in.put("h0", SafeTensors.Tensor.f32(random(rnd, stateSize, 0.5f), longs(state)));
        if (spec.cell().hasCellState()) {
            in.put("c0", SafeTensors.Tensor.f32(random(rnd, stateSize, 0.5f), longs(state)));
        }
        if (lengths != null) {
            in.put("lengths", SafeTensors.Tensor.i32(lengths.clone(), batch));
        }
        in.put("grad_output", SafeTensors.Tensor.f32(random(rnd, batch * steps * spec.outputSize(), 1f),
                batch, steps, spec.outputSize()));
        in.put("grad_h_n", SafeTensors.Tensor.f32(random(rnd, stateSize, 1f), longs(state)));
        if (spec.cell().hasCellState()) {
            in.put("grad_c_n", SafeTensors.Tensor.f32(random(rnd, stateSize, 1f), longs(state)));
        }
        Path w = dir.resolve("w.safetensors");
        Path x = dir.resolve("x.safetensors");
        write(w, stateDict(spec, params));
        write(x, in);
        return new Case(spec, params, batch, steps, in, w, x);
    }

    /** |actual - expected| &lt;= tol * max(1, |expected|) elementwise, naming the tensor and index on failure. */
    static void assertClose(String name, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, name + ": length");
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) actual[i] - expected[i]);
            double bound = tol * Math.max(1.0, Math.abs(expected[i]));
            assertTrue(diff <= bound, name + "[" + i + "]: expected " + expected[i] + " but got " + actual[i]
                    + " (difference " + diff + " > " + bound + ")");
        }
    }

    static void assertShape(SafeTensorsFile f, String name, int... shape) throws IOException {
        assertEquals(Arrays.toString(longs(shape)), Arrays.toString(f.shape(name)), name + ": shape");
    }
}
