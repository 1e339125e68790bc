package org.jrnn.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal, strict JSON reader and writer, enough for safetensors headers.
 *
 * <p>Values map to Java as: object → {@code Map<String,Object>} (insertion order kept, duplicate keys rejected),
 * array → {@code List<Object>}, string → {@code String}, integer → {@code Long}, {@code true}/{@code false} →
 * {@code Boolean}, {@code null} → {@code null}. Fractions and exponents are rejected, as are integers outside
 * the range of {@code long}. Every error names the character position where parsing failed.
 */
public final class Json {
    private static final int MAX_DEPTH = 64;

    private Json() {
    }

    /** Malformed JSON; {@link #position()} is the character index (0-based) of the problem. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int position;

        ParseException(String problem, int position) {
            super(problem + " at position " + position);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    /** Parses one JSON value; trailing whitespace is allowed, anything else after the value is an error. */
    public static Object parse(String text) throws ParseException {
        Parser p = new Parser(text);
        p.skipWhitespace();
        Object value = p.value(0);
        p.skipWhitespace();
        if (p.pos < text.length()) {
            throw new ParseException("unexpected " + p.describe() + " after the JSON value", p.pos);
        }
        return value;
    }

    /** Writes a value (Map with String keys, List, String, Long/Integer/Short/Byte, Boolean, null) compactly. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value) {
        switch (value) {
            case null -> sb.append("null");
            case String s -> writeString(sb, s);
            case Long _, Integer _, Short _, Byte _ -> sb.append(((Number) value).longValue());
            case Boolean b -> sb.append(b.booleanValue());
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("JSON object keys must be strings, got " + e.getKey());
                    }
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    writeString(sb, key);
                    sb.append(':');
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            case List<?> list -> {
                sb.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, list.get(i));
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else {
                    break;
                }
            }
        }

        String describe() {
            if (pos >= s.length()) {
                return "end of input";
            }
            char c = s.charAt(pos);
            return c < 0x20 || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
        }

        ParseException error(String problem) {
            return new ParseException(problem, pos);
        }

        Object value(int depth) throws ParseException {
            if (depth > MAX_DEPTH) {
                throw error("nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("expected a value but found end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("expected a value but found " + describe());
                }
            };
        }

        Object literal(String word, Object result) throws ParseException {
            if (!s.startsWith(word, pos)) {
                throw error("expected a value but found " + describe());
            }
            pos += word.length();
            return result;
        }

        Map<String, Object> object(int depth) throws ParseException {
            pos++; // '{'
            Map<String, Object> map = new LinkedHashMap<>();
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(map);
            }
            while (true) {
                skipWhitespace();
                if (pos >= s.length() || s.charAt(pos) != '"') {
                    throw error("expected a string key but found " + describe());
                }
                int keyPos = pos;
                String key = string();
                if (map.containsKey(key)) {
                    throw new ParseException("duplicate key " + quote(key), keyPos);
                }
                skipWhitespace();
                expect(':', "after object key");
                skipWhitespace();
                map.put(key, value(depth + 1));
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect('}', "or ',' in object");
                return Collections.unmodifiableMap(map);
            }
        }

        List<Object> array(int depth) throws ParseException {
            pos++; // '['
            List<Object> list = new ArrayList<>();
            skipWhitespace();
            if (pos < s.length() && s.charAt(pos) == ']') {
                pos++;
                return Collections.unmodifiableList(list);
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth + 1));
                skipWhitespace();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                expect(']', "or ',' in array");
                return Collections.unmodifiableList(list);
            }
        }

        void expect(char c, String context) throws ParseException {
            if (pos >= s.length() || s.charAt(pos) != c) {
                throw error("expected '" + c + "' " + context + " but found " + describe());
            }
            pos++;
        }

        String string() throws ParseException {
            int start = pos;
            pos++; // opening quote
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new ParseException("unterminated string starting", start);
                }
                char c = s.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c < 0x20) {
                    throw error("unescaped control character U+" + String.format("%04X", (int) c) + " in string");
                }
                if (c != '\\') {
                    sb.append(c);
                    pos++;
                    continue;
                }
                pos++;
                if (pos >= s.length()) {
                    throw new ParseException("unterminated string starting", start);
                }
                char e = s.charAt(pos);
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 >= s.length()) {
                            throw error("truncated \\u escape");
                        }
                        int code = 0;
                        for (int k = 1; k <= 4; k++) {
                            int d = Character.digit(s.charAt(pos + k), 16);
                            if (d < 0) {
                                throw new ParseException("bad hex digit in \\u escape", pos + k);
                            }
                            code = code * 16 + d;
                        }
                        sb.append((char) code);
                        pos += 4;
                    }
                    default -> throw new ParseException("unknown escape '\\" + e + "'", pos - 1);
                }
                pos++;
            }
        }

        Long number() throws ParseException {
            int start = pos;
            if (s.charAt(pos) == '-') {
                pos++;
            }
            int digitsStart = pos;
            while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == digitsStart) {
                throw error("expected a digit but found " + describe());
            }
            if (s.charAt(digitsStart) == '0' && pos - digitsStart > 1) {
                throw new ParseException("leading zero in number", digitsStart);
            }
            if (pos < s.length() && (s.charAt(pos) == '.' || s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
                throw error("only integers are supported, found " + describe() + " in number");
            }
            try {
                return Long.parseLong(s.substring(start, pos));
            } catch (NumberFormatException ex) {
                throw new ParseException("integer out of range " + s.substring(start, pos), start);
            }
        }
    }

    static String quote(String s) {
        return "'" + s + "'";
    }
}
