package org.jrnn.train.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learning-rate sequences PyTorch produced, from {@code golden/schedules/lr_schedules.txt} on the test class path
 * (made by tools/golden/make_schedule_golden.py). Each line is {@code <case> <kind> <values…>}, with kind
 * {@code lr} (PyTorch's step() sequence), {@code closed} (its closed form) or {@code metric} (plateau inputs).
 */
final class GoldenSchedules {
    static final String RESOURCE = "/golden/schedules/lr_schedules.txt";

    private GoldenSchedules() {}

    /** case → kind → values, in file order. */
    static Map<String, Map<String, double[]>> load() {
        try (InputStream in = GoldenSchedules.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the test class path; run "
                        + "tools/golden/make_schedule_golden.py");
            }
            Map<String, Map<String, double[]>> cases = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                double[] values = new double[parts.length - 2];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Double.parseDouble(parts[i + 2]);
                }
                cases.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], values);
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** |a - b| / max(|a|, |b|), and 0 when both are 0. */
    static double relativeError(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }
}
