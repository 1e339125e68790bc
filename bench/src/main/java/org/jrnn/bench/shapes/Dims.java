package org.jrnn.bench.shapes;

/** Parses "AxBxC…" size lists. */
final class Dims {
    private Dims() {}

    static int[] parse(String text, int count, String pattern) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != count) {
            throw new IllegalArgumentException("'" + text + "' is not a shape name nor " + pattern);
        }
        int[] v = new int[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a shape name nor " + pattern);
            }
        }
        return v;
    }
}
