package org.jrnn.bench;

import java.util.Arrays;
import org.jrnn.bench.report.ReportCommand;
import org.jrnn.bench.shapes.ShapesCsv;

/**
 * Entry point of benchmarks.jar: {@code report …} writes the comparison report, {@code shapes} prints the shape
 * list as CSV (bench/shapes.csv), anything else goes to JMH's own command line.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                System.err.println("report: start the JVM with --add-modules jdk.incubator.vector "
                        + "(java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar report …)");
                System.exit(2);
            }
            System.exit(new ReportCommand(System.out).run(Arrays.copyOfRange(args, 1, args.length)));
        } else if (args.length > 0 && args[0].equals("shapes")) {
            ShapesCsv.lines().forEach(System.out::println);
        } else {
            org.openjdk.jmh.Main.main(args);
        }
    }
}
