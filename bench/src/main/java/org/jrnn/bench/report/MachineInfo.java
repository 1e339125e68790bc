package org.jrnn.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jrnn.backend.Backends.Candidate;

/** The lines at the top of a report: when, on what machine and JVM, and what each backend's probe said. */
public final class MachineInfo {
    private MachineInfo() {}

    /** The 1-minute load average now, or NaN where the OS does not tell. */
    public static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }

    /** @param loadAtStart {@link #loadAverage()} before the benchmarks started */
    public static List<String> describe(List<Candidate> backends, double loadAtStart) {
        List<String> lines = new ArrayList<>();
        lines.add("date: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        lines.add("cpu: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " hardware threads"
                + String.format(java.util.Locale.ROOT, ", load average %.1f before the run (other work on the machine"
                + " makes the numbers noisy)", loadAtStart));
        lines.add("jvm: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        for (Candidate c : backends) {
            lines.add("backend " + c.name() + ": " + (c.probe().available() ? "available, " : "unavailable, ")
                    + c.probe().detail());
        }
        return lines;
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
