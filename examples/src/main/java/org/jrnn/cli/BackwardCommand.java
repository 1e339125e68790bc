package org.jrnn.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jrnn.BackwardResult;
import org.jrnn.ForwardResult;
import org.jrnn.ParameterLayout;
import org.jrnn.io.SafeTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * One training forward pass and backpropagation through time: writes the forward results, the gradients with
 * respect to the input and initial states, and grad.&lt;name&gt; for every parameter.
 */
@Command(name = "backward", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a training forward pass and backpropagation through time.",
                "The input file must also hold grad_output [B, T, dirs*H] and may hold grad_h_n, grad_c_n.",
                "Writes output, h_n, (c_n), grad_input, grad_h0, (grad_c0) and grad.<parameter> for every parameter."})
final class BackwardCommand implements Callable<Integer> {
    @Mixin
    ModelOptions options;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        options.check(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (Job job = Job.open(options, true)) {
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            job.rnn.zeroGradients();
            try (ForwardResult f = job.forward(true);
                 BackwardResult b = job.rnn.backward(f.tape(), job.gradOutput, job.gradHn, job.gradCn)) {
                tensors.put(Names.OUTPUT, job.f32(f.output()));
                tensors.put(Names.HN, job.f32(f.hN()));
                if (f.cN() != null) {
                    tensors.put(Names.CN, job.f32(f.cN()));
                }
                tensors.put(Names.GRAD_INPUT, job.f32(b.gradInput()));
                tensors.put(Names.GRAD_H0, job.f32(b.gradH0()));
                if (b.gradC0() != null) {
                    tensors.put(Names.GRAD_C0, job.f32(b.gradC0()));
                }
            }
            float[] grads = job.backend.toHost(job.rnn.gradients());
            for (ParameterLayout.Entry e : job.spec.parameterLayout().entries()) {
                float[] g = new float[e.size()];
                System.arraycopy(grads, e.offset(), g, 0, g.length);
                tensors.put(Names.GRAD_PREFIX + e.name(),
                        SafeTensors.Tensor.f32(g, java.util.Arrays.stream(e.shape()).asLongStream().toArray()));
            }
            Timing timing = null;
            if (options.repeat > 0) {
                // One training step as a trainer runs it; copying grad_h0 back makes a device backend finish.
                timing = Timing.measure(options.repeat, () -> {
                    job.rnn.zeroGradients();
                    try (ForwardResult f = job.forward(true);
                         BackwardResult b = job.rnn.backward(f.tape(), job.gradOutput, job.gradHn, job.gradCn)) {
                        job.backend.toHost(b.gradH0());
                    }
                }, (long) (options.warmupSeconds * 1e9));
            }
            SafeTensors.write(options.out, tensors, job.metadata("backward", timing));
            out.println(job.summary("backward"));
            if (timing != null) {
                out.println(timing.describe("forward+backward"));
            }
            out.println("wrote " + options.out + ": " + Shapes.list(tensors));
        }
        out.flush();
        return 0;
    }
}
