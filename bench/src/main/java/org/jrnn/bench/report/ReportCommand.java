package org.jrnn.bench.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jrnn.backend.Backends;
import org.jrnn.backend.Backends.Candidate;
import org.jrnn.bench.jmh.GemmBenchmark;

/**
 * {@code report}: runs the planned benchmarks through JMH (one forked JVM each), measures the peak, merges peer
 * files and writes report.md, results.csv and charts into the output folder. JMH's own output goes to jmh.log there.
 */
public final class ReportCommand {
    public static final String LOG = "jmh.log";

    private final PrintStream console;

    public ReportCommand(PrintStream console) {
        this.console = console;
    }

    /** Returns the process exit code. */
    public int run(String... argv) {
        ReportArgs args;
        Plan plan;
        List<Candidate> found = Backends.discover();
        try {
            args = ReportArgs.parse(argv);
            plan = Plan.make(args, found);
        } catch (IllegalArgumentException e) {
            console.println("report: " + e.getMessage());
            return 2;
        }
        console.printf(Locale.ROOT, "report (%s): %d benchmark runs + peak, about %.0f min; JMH output in %s%n",
                args.profile().name(), plan.runs(), estimateMinutes(plan, args.profile()), args.out().resolve(LOG));
        for (Group g : plan.groups()) {
            console.println("  " + g.kind().id() + " " + g.backend() + ": cells " + g.cells() + " x shapes " + g.shapes());
        }
        plan.notRun().stream().map(r -> "  " + r.backend() + " " + r.status() + ": " + r.note()).distinct()
                .forEach(console::println);
        if (args.planOnly()) {
            return 0;
        }
        try {
            return execute(args, plan, found);
        } catch (IOException e) {
            console.println("report: cannot write " + args.out() + ": " + e.getMessage());
            return 1;
        }
    }

    private int execute(ReportArgs args, Plan plan, List<Candidate> found) throws IOException {
        long start = System.nanoTime();
        double load = MachineInfo.loadAverage();
        Files.createDirectories(args.out());
        List<String> notes = new ArrayList<>();
        List<ResultRow> rows = new ArrayList<>(plan.notRun());
        PeakSummary peak;
        try (OutputStream file = Files.newOutputStream(args.out().resolve(LOG));
             PrintStream log = new PrintStream(file, true, StandardCharsets.UTF_8)) {
            SuiteRunner runner = new SuiteRunner(args.profile(), log, args.out().resolve(LOG).toString());
            console.println("[peak] FMA loop, 1 and " + Runtime.getRuntime().availableProcessors() + " threads");
            peak = PeakRunner.measure(runner, args.profile(), notes);
            int i = 0;
            for (Group g : plan.groups()) {
                console.printf(Locale.ROOT, "[%d/%d] %s %s (%d runs)%n", ++i, plan.groups().size(), g.kind().id(),
                        g.backend(), g.runs());
                rows.addAll(runner.run(g));
            }
        }
        Set<String> problems = new HashSet<>();
        rows.forEach(r -> problems.add(r.problemKey()));
        List<ResultRow> peerRows = PeerFiles.load(args.peers(), problems, notes);
        rows.addAll(peerRows);
        if (rows.stream().noneMatch(r -> r.ok() && r.backend().equals(args.baseline()))) {
            notes.add("baseline '" + args.baseline() + "' measured nothing in this run: the vs column is empty");
        }
        List<ResultRow> done = Derive.complete(rows, peak, args.baseline());
        peak = Derive.withSgemmBest(peak, done, GemmBenchmark.BACKEND);
        ReportData data = new ReportData(args.profile().name(), args.baseline(), MachineInfo.describe(found, load), peak,
                done, notes, PeerFiles.backends(peerRows));
        Path md = ReportWriter.write(data, args.out());
        long failed = done.stream().filter(r -> r.status().equals(ResultRow.FAILED)).count();
        console.printf(Locale.ROOT, "wrote %s, %s and charts/ in %.1f min%s%n", md,
                args.out().resolve(ReportWriter.CSV), (System.nanoTime() - start) / 60e9,
                failed > 0 ? "; " + failed + " benchmark(s) FAILED, see " + args.out().resolve(LOG) : "");
        notes.forEach(n -> console.println("note: " + n));
        return 0;
    }

    private static double estimateMinutes(Plan plan, Profile p) {
        return (plan.runs() + 2) * p.secondsPerRun() / 60.0;
    }
}
