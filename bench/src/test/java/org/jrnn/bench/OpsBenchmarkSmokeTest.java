package org.jrnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.regex.Pattern;
import org.jrnn.bench.jmh.EmbeddingBenchmark;
import org.jrnn.bench.jmh.OptimizerBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CI smoke of the operation benchmarks (not in the report): every method on both backends, in this JVM, no warm-up,
 * one 100 ms iteration, small sizes where there is a size parameter. Asserts only that each produced a score.
 */
class OpsBenchmarkSmokeTest {

    @BeforeAll
    static void setUp() {
        System.setProperty("jmh.ignoreLock", "true");
    }

    private static ChainedOptionsBuilder smoke(Class<?> benchmark) {
        return new OptionsBuilder()
                .include("^" + Pattern.quote(benchmark.getName() + "."))
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .forks(0)
                .verbosity(VerboseMode.SILENT)
                .shouldFailOnError(true);
    }

    private static void assertScored(Collection<RunResult> results, int expected) {
        assertEquals(expected, results.size());
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertTrue(score > 0, () -> r.getParams() + " scored " + score);
        }
    }

    @Test
    void optimizerBenchmarkRunsOnBothBackends() throws RunnerException {
        // 3 methods x 2 backends; 4099 parameters keeps the tail path and the copies' odd lengths in play.
        assertScored(new Runner(smoke(OptimizerBenchmark.class).param("parameters", "4099").build()).run(), 6);
    }

    @Test
    void embeddingBenchmarkRunsOnBothBackends() throws RunnerException {
        assertScored(new Runner(smoke(EmbeddingBenchmark.class).build()).run(), 4);
    }
}
