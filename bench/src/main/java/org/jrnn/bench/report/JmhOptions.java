package org.jrnn.bench.report;

import java.util.regex.Pattern;
import org.jrnn.bench.jmh.ForkArgs;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** JMH options for one {@link Group} or the peak benchmark under a {@link Profile}. */
public final class JmhOptions {
    private JmhOptions() {}

    public static Options forGroup(Group g, Profile p) {
        ChainedOptionsBuilder b = base(g.kind().benchmark(), p).param("shape", g.shapes().toArray(String[]::new));
        if (g.kind() != Kind.GEMM) {
            b = b.param("backend", g.backend()).param("cell", g.cells().toArray(String[]::new));
        }
        if (g.kind() == Kind.MODEL) {
            b = b.param("lengths", "full");  // the variant PyTorch runs
        }
        return b.build();
    }

    public static Options forClass(Class<?> benchmark, Profile p) {
        return base(benchmark, p).build();
    }

    private static ChainedOptionsBuilder base(Class<?> benchmark, Profile p) {
        return new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "."))
                .warmupIterations(p.warmupIterations())
                .warmupTime(TimeValue.milliseconds(p.warmupMillis()))
                .measurementIterations(p.measurementIterations())
                .measurementTime(TimeValue.milliseconds(p.measurementMillis()))
                .forks(p.forks())
                .jvmArgsAppend(ForkArgs.JVM_ARGS)
                .shouldFailOnError(false);
    }
}
