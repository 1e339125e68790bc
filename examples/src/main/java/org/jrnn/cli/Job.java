package org.jrnn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.io.RnnStateDict;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.tensor.Tensor;

/**
 * What forward and backward share: the files read and checked, a backend, a network on it with the weights loaded,
 * and the inputs copied to the backend. Closing releases the network and the backend.
 */
final class Job implements AutoCloseable {
    final ModelOptions options;
    final RnnSpec spec;
    final Inputs inputs;
    final Backend backend;
    final Rnn rnn;
    final Tensor input;
    final Tensor h0;
    final Tensor c0;
    final Tensor gradOutput;
    final Tensor gradHn;
    final Tensor gradCn;
    private final RunOptions inference = new RunOptions(false, 0L, true);
    private final RunOptions training = new RunOptions(true, 0L, true);

    private Job(ModelOptions options, RnnSpec spec, Inputs inputs, Backend backend, float[] parameters) {
        this.options = options;
        this.spec = spec;
        this.inputs = inputs;
        this.backend = backend;
        int b = inputs.batch();
        int[] state = spec.stateShape(b);
        Rnn r = null;
        try {
            r = backend.createRnn(spec);
            backend.copyFromHost(parameters, 0, r.parameters());
            input = backend.fromHost(inputs.input(), b, inputs.steps(), spec.inputSize());
            h0 = upload(inputs.h0(), state);
            c0 = upload(inputs.c0(), state);
            gradOutput = upload(inputs.gradOutput(), b, inputs.steps(), spec.outputSize());
            gradHn = upload(inputs.gradHn(), state);
            gradCn = upload(inputs.gradCn(), state);
        } catch (RuntimeException e) {
            if (r != null) {
                r.close();
            }
            backend.close();
            throw e;
        }
        this.rnn = r;
    }

    /** Reads and checks the files, then creates the backend (--backend, else property/env/best). */
    static Job open(ModelOptions opt, boolean forBackward) throws IOException {
        SafeTensorsFile w = SafeTensors.read(opt.weights);
        boolean same = Files.isSameFile(opt.weights, opt.input);
        SafeTensorsFile x = same ? w : SafeTensors.read(opt.input);
        RnnStateDict.Model model = RnnStateDict.load(w, new RnnStateDict.Expected(opt.cell, opt.layers,
                opt.bidirectional, opt.hidden), name -> same && Names.isInputOrResult(name));
        Inputs inputs = Inputs.load(x, model.spec(), forBackward, same);
        Path dir = opt.out.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the folder of --out does not exist: " + dir);
        }
        Backend backend = opt.backend != null ? Backends.create(opt.backend) : Backends.create();
        return new Job(opt, model.spec(), inputs, backend, model.parameters());
    }

    private Tensor upload(float[] data, int... shape) {
        return data == null ? null : backend.fromHost(data, shape);
    }

    ForwardResult forward(boolean train) {
        return rnn.forward(input, h0, c0, inputs.lengths(), train ? training : inference);
    }

    /** A backend tensor copied to the host, for writing. */
    SafeTensors.Tensor f32(Tensor t) {
        int[] s = t.shape();
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            shape[i] = s[i];
        }
        return SafeTensors.Tensor.f32(backend.toHost(t), shape);
    }

    /** What produced a result file, so that it can be told apart and reproduced. */
    Map<String, String> metadata(String command, Timing timing) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("generator", "rnn " + command);
        m.put("cell", spec.cell().id());
        m.put("input_size", Integer.toString(spec.inputSize()));
        m.put("hidden_size", Integer.toString(spec.hiddenSize()));
        m.put("num_layers", Integer.toString(spec.layers()));
        m.put("bidirectional", Boolean.toString(spec.bidirectional()));
        m.put("bias", Boolean.toString(spec.bias()));
        m.put("batch_first", "true");
        m.put("batch_size", Integer.toString(inputs.batch()));
        m.put("seq_len", Integer.toString(inputs.steps()));
        m.put("ragged", Boolean.toString(inputs.lengths() != null));
        m.put("backend", backend.name());
        m.put("backend_description", backend.describe());
        m.put("weights", options.weights.toString());
        m.put("input", options.input.toString());
        if (timing != null) {
            m.put("repeat", Integer.toString(timing.runs()));
            m.put("median_ms", String.format(java.util.Locale.ROOT, "%.4f", timing.medianMs()));
        }
        return m;
    }

    /** One line saying what ran where. */
    String summary(String command) {
        return command + ": " + RnnStateDict.describe(spec) + ", B=" + inputs.batch() + " T=" + inputs.steps()
                + (inputs.lengths() != null ? " (ragged)" : "") + " on backend " + backend.name() + ": "
                + backend.describe();
    }

    @Override
    public void close() {
        try {
            for (Tensor t : new Tensor[] {input, h0, c0, gradOutput, gradHn, gradCn}) {
                if (t != null) {
                    t.close();
                }
            }
            rnn.close();
        } finally {
            backend.close();
        }
    }
}
