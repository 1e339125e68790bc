package org.jrnn.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded mutation engine over bytes, with mutations aimed at the project's formats: truncation, bit flips,
 * interesting bytes and little-endian u64 sizes, range insert/delete/duplicate, and for JSON text huge and negative
 * numbers, deep nesting, enormous strings, duplicated entries (duplicate keys, overlapping tensors), wrong dtypes and
 * swapped or out-of-range data offsets. Deterministic: the same seed and input give the same output.
 *
 * <p>{@link Format#SAFETENSORS} splits a file into its length prefix, JSON header and data section and mutates the
 * header as text, then writes the prefix for the new header (usually) or keeps the old one, so that mutations reach
 * the header's meaning and not only the JSON syntax; it can also drop the checksum so data mutations get past it.
 */
public final class Mutator {
    /** How the bytes are structured, which decides the mutations worth trying. */
    public enum Format { BINARY, TEXT, SAFETENSORS }

    private static final byte[] INTERESTING_BYTES = {0, (byte) 0xFF, 0x7F, (byte) 0x80, '"', '[', ']', '{', '}', ',',
        ':', '-', '0', '9', '\\', '\t', '\n', '\r', (byte) 0xC3, (byte) 0xE2, (byte) 0xEF, ';', ' '};
    private static final String[] NUMBERS = {"0", "-1", "1", "2147483647", "2147483648", "-2147483648", "4294967296",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999", "104857601",
        "1e9", "1.5", "-0", "00", "NaN", "Infinity", "3.4028236e38", "1e-50", "0x10"};
    private static final String[] TOKENS = {"null", "true", "false", "[]", "{}", "\"\"", "[[[[", "]]]]", "{\"a\":",
        ",", ":", "\"", "\\u0000", "\\ud800", "\\uZZZZ", "\\", "\"dtype\":\"F32\"", "\"dtype\":\"F99\"",
        "\"dtype\":\"I32\"", "\"dtype\":\"F16\"", "\"dtype\":\"BOOL\"", "\"shape\":[]", "\"shape\":[-1]",
        "\"shape\":[4294967296,4294967296]", "\"shape\":[0]", "\"data_offsets\":[0,0]",
        "\"data_offsets\":[0,999999999999]", "\"data_offsets\":[8,4]", "\"data_offsets\":[-8,0]",
        "\"__metadata__\":{}", "\"__metadata__\":[]", "\"__metadata__\":{\"k\":1}", "\"jrnn.crc32\":\"zz\"",
        "\"type\":\"vocabulary\"", "\"type\":\"min-max\"", "\"type\":\"standard\"", "\"cell\":\"xyz\"",
        "\"readout\":\"all\"", "\"activation\":\"nope\"", "\"dropout\":\"abc\"", "\"dropout\":\"NaN\"",
        "\"embedding\":null", "\"steps\":[]", "\"factor\":1", "<pad>", "<unk>",
        "1,2,3", "\t", "\t1", "\t0", "\"\"\"", "\"a,b\"", "null,null", "Date", "Close", "2024-02-30", "1e400",
        "-5", "\u00e9", "\ufeff"};
    private static final String[] DTYPES = {"F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U64", "U32",
        "U16", "U8", "BOOL", "f32", "F31", ""};
    private static final Pattern DIGITS = Pattern.compile("-?\\d+");
    private static final Pattern DTYPE = Pattern.compile("\"dtype\":\"[^\"]*\"");
    private static final Pattern OFFSETS = Pattern.compile("\"data_offsets\":\\[(-?\\d+),(-?\\d+)\\]");
    private static final Pattern ENTRY = Pattern.compile("\"([^\"\\\\]+)\":\\{\"dtype\"[^}]*\\}");
    private static final Pattern CRC = Pattern.compile(",?\"jrnn\\.crc32\":\"[^\"]*\"");

    private final SplittableRandom rnd;

    public Mutator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** One to four mutations of {@code seed} (never modified). */
    public byte[] mutate(byte[] seed, Format format) {
        byte[] b = seed;
        int n = 1 + rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
            b = switch (format) {
                case SAFETENSORS -> rnd.nextInt(4) == 0 ? bytes(b) : safetensors(b);
                case TEXT -> rnd.nextBoolean() ? text(b) : bytes(b);
                case BINARY -> bytes(b);
            };
        }
        return b;
    }

    // ---- byte-level ------------------------------------------------------------------------------------------

    byte[] bytes(byte[] b) {
        int len = b.length;
        switch (rnd.nextInt(8)) {
            case 0 -> { // truncate
                return java.util.Arrays.copyOf(b, len == 0 ? 0 : rnd.nextInt(len));
            }
            case 1 -> { // flip bits
                if (len == 0) {
                    return b;
                }
                byte[] out = b.clone();
                for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
                    int at = rnd.nextInt(len);
                    out[at] ^= (byte) (1 << rnd.nextInt(8));
                }
                return out;
            }
            case 2 -> { // interesting byte
                if (len == 0) {
                    return new byte[] {pick(INTERESTING_BYTES)};
                }
                byte[] out = b.clone();
                out[rnd.nextInt(len)] = pick(INTERESTING_BYTES);
                return out;
            }
            case 3 -> { // interesting little-endian u64 (a size or offset), often at 0: the header length
                byte[] out = len < 8 ? java.util.Arrays.copyOf(b, 8) : b.clone();
                int at = rnd.nextBoolean() ? 0 : rnd.nextInt(out.length - 7);
                ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(at, interestingLong(len));
                return out;
            }
            case 4 -> { // insert random bytes
                int at = len == 0 ? 0 : rnd.nextInt(len + 1);
                byte[] ins = new byte[1 + rnd.nextInt(16)];
                for (int i = 0; i < ins.length; i++) {
                    ins[i] = rnd.nextBoolean() ? pick(INTERESTING_BYTES) : (byte) rnd.nextInt(256);
                }
                return splice(b, at, at, ins);
            }
            case 5 -> { // delete a range
                if (len == 0) {
                    return b;
                }
                int at = rnd.nextInt(len);
                return splice(b, at, Math.min(len, at + 1 + rnd.nextInt(Math.min(64, len - at))), new byte[0]);
            }
            case 6 -> { // duplicate a range somewhere else
                if (len == 0) {
                    return b;
                }
                int from = rnd.nextInt(len);
                int to = Math.min(len, from + 1 + rnd.nextInt(64));
                int at = rnd.nextInt(len + 1);
                return splice(b, at, at, java.util.Arrays.copyOfRange(b, from, to));
            }
            default -> { // append garbage
                byte[] tail = new byte[1 + rnd.nextInt(32)];
                for (int i = 0; i < tail.length; i++) {
                    tail[i] = (byte) rnd.nextInt(256);
                }
                return splice(b, len, len, tail);
            }
        }
    }

    private long interestingLong(int len) {
        long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 1L << 32, (1L << 31) - 1, len, len + 1,
            len - 8, len - 7, (100L << 20) + 1, 1L << 40};
        return values[rnd.nextInt(values.length)];
    }

    // ---- text-level ------------------------------------------------------------------------------------------

    byte[] text(byte[] b) {
        return text(new String(b, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    String text(String s) {
        switch (rnd.nextInt(9)) {
            case 0 -> { // replace a number with an interesting one
                List<int[]> runs = matches(DIGITS, s);
                if (runs.isEmpty()) {
                    return insert(s, pick(NUMBERS));
                }
                int[] r = runs.get(rnd.nextInt(runs.size()));
                return s.substring(0, r[0]) + pick(NUMBERS) + s.substring(r[1]);
            }
            case 1 -> { // splice a token
                return insert(s, pick(TOKENS));
            }
            case 2 -> { // deep nesting, up to 100k levels
                int depth = rnd.nextBoolean() ? 1 + rnd.nextInt(100) : 100_000;
                String open = rnd.nextBoolean() ? "[" : "{\"a\":";
                return insert(s, open.repeat(depth));
            }
            case 3 -> { // an enormous string or number
                int n = 1 + rnd.nextInt(200_000);
                return insert(s, rnd.nextBoolean() ? "\"" + "a".repeat(n) + "\"" : "9".repeat(n));
            }
            case 4 -> { // replace a token between delimiters with another
                int at = s.isEmpty() ? 0 : rnd.nextInt(s.length());
                int end = at;
                while (end < s.length() && ",:[]{}\t\n".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
                return s.substring(0, at) + pick(TOKENS) + s.substring(end);
            }
            case 5 -> { // repeat a line (duplicate rows, duplicate dates)
                String[] lines = s.split("\n", -1);
                int k = rnd.nextInt(lines.length);
                int at = rnd.nextInt(lines.length + 1);
                List<String> out = new ArrayList<>(List.of(lines));
                out.add(at, lines[k]);
                return String.join("\n", out);
            }
            case 6 -> { // swap two characters
                if (s.length() < 2) {
                    return s;
                }
                int i = rnd.nextInt(s.length() - 1);
                return s.substring(0, i) + s.charAt(i + 1) + s.charAt(i) + s.substring(i + 2);
            }
            case 7 -> { // many lines or fields
                String unit = rnd.nextBoolean() ? "\n" : (rnd.nextBoolean() ? "," : "\t");
                return insert(s, unit.repeat(1 + rnd.nextInt(50_000)));
            }
            default -> { // delete a span of characters
                if (s.isEmpty()) {
                    return s;
                }
                int at = rnd.nextInt(s.length());
                return s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + rnd.nextInt(16)));
            }
        }
    }

    // ---- safetensors -----------------------------------------------------------------------------------------

    byte[] safetensors(byte[] b) {
        if (b.length < 8) {
            return bytes(b);
        }
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > b.length - 8L) {
            return bytes(b);
        }
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        byte[] data = java.util.Arrays.copyOfRange(b, 8 + (int) n, b.length);
        switch (rnd.nextInt(10)) {
            case 0, 1, 2 -> header = text(header);
            case 3 -> header = replaceOne(header, DTYPE, m -> "\"dtype\":\"" + pick(DTYPES) + "\"");
            case 4 -> {
                long size = data.length;
                header = replaceOne(header, OFFSETS, m -> {
                long begin = parse(m.group(1));
                long end = parse(m.group(2));
                long[][] choices = {{end, begin}, {begin, end + 1}, {begin - 1, end}, {begin + 4, end + 4},
                    {0, end - begin}, {begin, size + 8L}, {size, size + end - begin},
                    {begin, Long.MAX_VALUE}, {Long.MAX_VALUE - 1, Long.MAX_VALUE}};
                    long[] c = choices[rnd.nextInt(choices.length)];
                    return "\"data_offsets\":[" + c[0] + "," + c[1] + "]";
                });
            }
            case 5 -> { // duplicate a tensor entry: same name (duplicate key) or a new one over the same bytes
                List<int[]> entries = matches(ENTRY, header);
                if (!entries.isEmpty()) {
                    int[] e = entries.get(rnd.nextInt(entries.size()));
                    String entry = header.substring(e[0], e[1]);
                    String copy = rnd.nextBoolean() ? entry : entry.replaceFirst("^\"", "\"copy_");
                    header = header.substring(0, e[1]) + "," + copy + header.substring(e[1]);
                }
            }
            case 6 -> header = CRC.matcher(header).replaceFirst(""); // lets data mutations past the checksum
            case 7 -> data = bytes(data);
            case 8 -> { // data section shorter or longer than the header says
                data = rnd.nextBoolean() ? java.util.Arrays.copyOf(data, data.length == 0 ? 0 : rnd.nextInt(data.length))
                        : java.util.Arrays.copyOf(data, data.length + 1 + rnd.nextInt(64));
            }
            default -> { // swap the offsets of two tensors
                List<int[]> offs = matches(OFFSETS, header);
                if (offs.size() >= 2) {
                    int[] a = offs.get(rnd.nextInt(offs.size()));
                    int[] c = offs.get(rnd.nextInt(offs.size()));
                    if (a[0] > c[0]) {
                        int[] t = a;
                        a = c;
                        c = t;
                    }
                    if (a[0] != c[0]) {
                        header = header.substring(0, a[0]) + header.substring(c[0], c[1])
                                + header.substring(a[1], c[0]) + header.substring(a[0], a[1]) + header.substring(c[1]);
                    }
                }
            }
        }
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long prefix = rnd.nextInt(8) == 0 ? n : h.length;
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(prefix).put(h).put(data);
        return out.array();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private String replaceOne(String s, Pattern p, java.util.function.Function<Matcher, String> with) {
        List<int[]> found = matches(p, s);
        if (found.isEmpty()) {
            return text(s);
        }
        int[] r = found.get(rnd.nextInt(found.size()));
        Matcher m = p.matcher(s);
        m.find(r[0]);
        return s.substring(0, r[0]) + with.apply(m) + s.substring(r[1]);
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return 0; // an earlier mutation made it too long for a long
        }
    }

    private static List<int[]> matches(Pattern p, String s) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        while (m.find() && out.size() < 10_000) {
            out.add(new int[] {m.start(), m.end()});
        }
        return out;
    }

    private String insert(String s, String what) {
        int at = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] with) {
        byte[] out = new byte[b.length - (to - from) + with.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(with, 0, out, from, with.length);
        System.arraycopy(b, to, out, from + with.length, b.length - to);
        return out;
    }

    private byte pick(byte[] a) {
        return a[rnd.nextInt(a.length)];
    }

    private String pick(String[] a) {
        return a[rnd.nextInt(a.length)];
    }
}
