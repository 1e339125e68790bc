package org.jrnn.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} report of an example: nested sections of named values (numbers, strings, booleans, lists),
 * written as pretty JSON, atomically (a failed write leaves an existing file as it was). Non-finite numbers are
 * written as null.
 */
public final class JsonReport {
    private final Map<String, Object> root = new LinkedHashMap<>();

    /** The section of that name (created on first use); sections nest with dots: "model.test". */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String path) {
        Map<String, Object> m = root;
        for (String part : path.split("\\.")) {
            m = (Map<String, Object>) m.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>());
        }
        return m;
    }

    public JsonReport put(String section, String key, Object value) {
        section(section).put(key, value);
        return this;
    }

    public Map<String, Object> root() {
        return root;
    }

    public void write(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        write(sb, root, 0);
        sb.append('\n');
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder();
        write(sb, root, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        switch (v) {
            case null -> sb.append("null");
            case Map<?, ?> m -> {
                sb.append('{');
                int i = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(i++ == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue(), indent + 1);
                }
                sb.append(m.isEmpty() ? "" : "\n" + "  ".repeat(indent)).append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    sb.append(i == 0 ? "" : ", ");
                    write(sb, l.get(i), indent + 1);
                }
                sb.append(']');
            }
            case Double d -> sb.append(Double.isFinite(d) ? Double.toString(d) : "null");
            case Float f -> sb.append(Float.isFinite(f) ? Double.toString(f.doubleValue()) : "null");
            case Number n -> sb.append(n.longValue());
            case Boolean b -> sb.append(b);
            default -> string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
