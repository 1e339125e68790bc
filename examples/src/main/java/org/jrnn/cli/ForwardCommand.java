package org.jrnn.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jrnn.ForwardResult;
import org.jrnn.io.SafeTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Runs a network over a batch of sequences and writes output, h_n and (LSTM) c_n. */
@Command(name = "forward", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the network of a PyTorch state_dict over a batch of sequences.",
                "Writes output [B, T, dirs*H], h_n [layers*dirs, B, H] and, for lstm, c_n."})
final class ForwardCommand implements Callable<Integer> {
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
        try (Job job = Job.open(options, false)) {
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            try (ForwardResult r = job.forward(false)) {
                tensors.put(Names.OUTPUT, job.f32(r.output()));
                tensors.put(Names.HN, job.f32(r.hN()));
                if (r.cN() != null) {
                    tensors.put(Names.CN, job.f32(r.cN()));
                }
            }
            Timing timing = null;
            if (options.repeat > 0) {
                // Copying h_n back makes a device backend finish the call before the clock stops.
                timing = Timing.measure(options.repeat, () -> {
                    try (ForwardResult r = job.forward(false)) {
                        job.backend.toHost(r.hN());
                    }
                }, (long) (options.warmupSeconds * 1e9));
            }
            SafeTensors.write(options.out, tensors, job.metadata("forward", timing));
            out.println(job.summary("forward"));
            if (timing != null) {
                out.println(timing.describe("forward"));
            }
            out.println("wrote " + options.out + ": " + Shapes.list(tensors));
        }
        out.flush();
        return 0;
    }
}
