package org.jrnn.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs one {@link Group} through the JMH Runner API and turns its results into {@link ResultRow}s. A combination
 * that produced no result (its setup or benchmark threw) becomes a FAILED row pointing at the log.
 */
public final class SuiteRunner {
    private final Profile profile;
    private final PrintStream log;
    private final String logName;

    /** @param log where JMH's own output goes; {@code logName} is how rows refer to it */
    public SuiteRunner(Profile profile, PrintStream log, String logName) {
        this.profile = profile;
        this.log = log;
        this.logName = logName;
    }

    public List<ResultRow> run(Group g) {
        Collection<RunResult> results;
        try {
            results = run(JmhOptions.forGroup(g, profile));
        } catch (RunnerException | RuntimeException e) {
            return failed(g, "JMH could not run: " + e.getMessage());
        }
        Map<String, RunResult> byCombo = new HashMap<>();
        for (RunResult r : results) {
            String cell = g.kind() == Kind.GEMM ? Group.GEMM_CELL : r.getParams().getParam("cell");
            byCombo.put(cell + "|" + r.getParams().getParam("shape"), r);
        }
        List<ResultRow> rows = new ArrayList<>();
        for (String[] cs : g.combinations()) {
            RunResult r = byCombo.get(cs[0] + "|" + cs[1]);
            String dims = Plan.dims(g.kind(), cs[1]);
            if (r == null) {
                rows.add(ResultRow.notRun(g.kind(), cs[1], dims, cs[0], g.backend(), ResultRow.FAILED,
                        "benchmark produced no result; its error is in " + logName));
            } else {
                Statistics st = r.getPrimaryResult().getStatistics();
                rows.add(ResultRow.measured(g.kind(), cs[1], dims, cs[0], g.backend(), st.getPercentile(50),
                        (st.getPercentile(75) - st.getPercentile(25)) / 2, st.getPercentile(99), st.getN()));
            }
        }
        return rows;
    }

    /** Runs any options with JMH's output sent to the log. */
    public Collection<RunResult> run(Options options) throws RunnerException {
        OutputFormat out = OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL);
        return new Runner(options, out).run();
    }

    private static List<ResultRow> failed(Group g, String why) {
        List<ResultRow> rows = new ArrayList<>();
        for (String[] cs : g.combinations()) {
            rows.add(ResultRow.notRun(g.kind(), cs[1], Plan.dims(g.kind(), cs[1]), cs[0], g.backend(),
                    ResultRow.FAILED, why));
        }
        return rows;
    }
}
