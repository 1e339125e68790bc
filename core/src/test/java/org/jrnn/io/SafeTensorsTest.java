package org.jrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jrnn.io.SafeTensors.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    // ---- round trips ------------------------------------------------------------------------------------------

    @Test
    void roundTripKeepsDataShapesAndMetadata() throws IOException {
        float[] w = {1.5f, -2.25f, 3e-8f, Float.MAX_VALUE, -0.0f, Float.NaN};
        long[] lengths = {5, 1, Long.MAX_VALUE, -3};
        int[] idx = {7, -8, Integer.MIN_VALUE};
        double[] d = {Math.PI, -1e300};
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight_ih_l0", Tensor.f32(w, 2, 3));
        tensors.put("lengths", Tensor.i64(lengths, 4));
        tensors.put("idx", Tensor.i32(idx, 3));
        tensors.put("dbl", Tensor.f64(d, 1, 2));
        tensors.put("scalar", Tensor.f32(new float[] {42f}));
        tensors.put("empty", Tensor.f32(new float[0], 0, 3));
        Map<String, String> meta = Map.of("cell", "lstm", "quote\"and\\slash", "line\nbreak é ✓");
        Path file = dir.resolve("model.safetensors");

        SafeTensors.write(file, tensors, meta);
        SafeTensorsFile f = SafeTensors.read(file);

        assertEquals(file, f.path());
        assertEquals(List.of("dbl", "empty", "idx", "lengths", "scalar", "weight_ih_l0"), new ArrayList<>(f.names()));
        assertArrayEquals(w, f.floats("weight_ih_l0"));
        assertArrayEquals(w, f.floats("weight_ih_l0", 2, 3));
        assertArrayEquals(new long[] {2, 3}, f.shape("weight_ih_l0"));
        assertEquals(DType.F32, f.dtype("weight_ih_l0"));
        assertArrayEquals(lengths, f.integers("lengths"));
        assertArrayEquals(new long[] {7, -8, Integer.MIN_VALUE}, f.integers("idx"));
        assertEquals(DType.I32, f.dtype("idx"));
        assertArrayEquals(d, f.doubles("dbl"));
        assertArrayEquals(new long[0], f.shape("scalar"));
        assertArrayEquals(new float[] {42f}, f.floats("scalar"));
        assertArrayEquals(new float[0], f.floats("empty", 0, 3));
        assertEquals("lstm", f.metadata().get("cell"));
        assertEquals("line\nbreak é ✓", f.metadata().get("quote\"and\\slash"));
        assertTrue(f.metadata().get(SafeTensors.CRC_KEY).matches("[0-9a-f]{8}"));
        assertTrue(f.has("idx"));
        assertFalse(f.has("nope"));
        for (String name : tensors.keySet()) {
            assertEquals(tensors.get(name), f.tensor(name), name);
        }
        // F32 widens exactly to double
        assertEquals(1.5, f.doubles("weight_ih_l0")[0]);
    }

    @Test
    void layoutIsAlignedDeterministicAndGapless() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.f32(new float[] {1, 2, 3}, 3));
        tensors.put("a", Tensor.i64(new long[] {4}, 1));
        tensors.put("c", Tensor.i32(new int[] {5}, 1));
        Path f1 = dir.resolve("one.safetensors");
        Path f2 = dir.resolve("two.safetensors");
        SafeTensors.write(f1, tensors, Map.of("x", "y"));
        Map<String, Tensor> reversed = new LinkedHashMap<>();
        List<String> keys = new ArrayList<>(tensors.keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            reversed.put(keys.get(i), tensors.get(keys.get(i)));
        }
        SafeTensors.write(f2, reversed, Map.of("x", "y"));
        byte[] bytes = Files.readAllBytes(f1);
        assertArrayEquals(bytes, Files.readAllBytes(f2), "output must not depend on map order");
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, (8 + n) % 8);
        assertEquals(8 + n + 8 + 12 + 4, bytes.length, "no gaps in the data section");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\":"), header);
        // 8-byte dtype first, then 4-byte ones by name
        assertTrue(header.contains("\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}"), header);
        assertTrue(header.contains("\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]}"), header);
        assertTrue(header.contains("\"c\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[20,24]}"), header);
    }

    // ---- malformed files --------------------------------------------------------------------------------------

    private Path raw(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static void assertReadFails(Path file, String... words) {
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file));
        assertProblem(e, file, words);
    }

    private static void assertProblem(SafeTensorsException e, Path file, String... words) {
        String msg = e.getMessage();
        assertTrue(msg.contains(file.getFileName().toString()), "message should name the file: " + msg);
        assertEquals(file, e.file());
        for (String w : words) {
            assertTrue(msg.contains(w), "message should mention '" + w + "': " + msg);
        }
    }

    private static final String GOOD_ENTRY = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @Test
    void paddedHeaderWithGapsIsAccepted() throws IOException {
        Path p = raw("gaps.safetensors",
                "{" + GOOD_ENTRY + ",\"b\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[12,16]}}   ",
                new byte[20]);
        SafeTensorsFile f = SafeTensors.read(p);
        assertArrayEquals(new float[2], f.floats("a"));
        assertArrayEquals(new long[1], f.integers("b"));
        assertTrue(f.metadata().isEmpty());
    }

    @Test
    void fileShorterThanEightBytes() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[5]);
        assertReadFails(p, "too short");
    }

    @Test
    void headerLongerThanFile() throws IOException {
        Path p = dir.resolve("huge-header.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).put("{}      ".getBytes(
                StandardCharsets.US_ASCII));
        Files.write(p, b.array());
        assertReadFails(p, "header length 1000", "larger than the file");
        // top bit set: an unsigned length no file could hold
        ByteBuffer c = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-8);
        Files.write(p, c.array());
        assertReadFails(p, "18446744073709551608", "larger than the file");
    }

    @Test
    void badJsonReportsPosition() throws IOException {
        assertReadFails(raw("badjson.safetensors", "{\"a\" {}}", new byte[0]), "bad JSON", "position 5");
        assertReadFails(raw("trailing.safetensors", "{} x", new byte[0]), "bad JSON", "position 3");
        assertReadFails(raw("float.safetensors",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", new byte[8]),
                "bad JSON", "integers");
        assertReadFails(raw("notobject.safetensors", "[1,2]", new byte[0]), "not an object");
        assertReadFails(raw("empty.safetensors", "", new byte[0]), "bad JSON", "end of input");
    }

    @Test
    void headerMustBeUtf8() throws IOException {
        Path p = dir.resolve("latin1.safetensors");
        byte[] h = {'{', '"', (byte) 0xe9, '"', ':', '1', '}', ' '};
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put(h);
        Files.write(p, b.array());
        assertReadFails(p, "UTF-8");
    }

    @Test
    void entryMissingAField() throws IOException {
        assertReadFails(raw("nodtype.safetensors", "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]),
                "'a'", "missing", "dtype");
        assertReadFails(raw("noshape.safetensors", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}",
                new byte[8]), "missing", "shape");
        assertReadFails(raw("nooffsets.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8]),
                "missing", "data_offsets");
        assertReadFails(raw("notmap.safetensors", "{\"a\":[1]}", new byte[8]), "'a'", "not an object");
    }

    @Test
    void unknownDtype() throws IOException {
        assertReadFails(raw("dtype.safetensors", "{\"a\":{\"dtype\":\"F128\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                new byte[8]), "unknown dtype", "F128");
    }

    @Test
    void negativeDimension() throws IOException {
        assertReadFails(raw("neg.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}",
                new byte[8]), "negative");
    }

    @Test
    void sizeMustMatchShape() throws IOException {
        assertReadFails(raw("size.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                new byte[16]), "'a'", "does not match", "[3]");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        assertReadFails(raw("range.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                new byte[8]), "out of range");
        assertReadFails(raw("backwards.safetensors",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}", new byte[8]), "out of range");
        assertReadFails(raw("threeoffsets.safetensors",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", new byte[8]), "2 entries");
    }

    @Test
    void overlappingRanges() throws IOException {
        assertReadFails(raw("overlap.safetensors",
                "{" + GOOD_ENTRY + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                new byte[12]), "overlaps", "'a'", "'b'");
    }

    @Test
    void duplicateNames() throws IOException {
        assertReadFails(raw("dup.safetensors", "{" + GOOD_ENTRY + "," + GOOD_ENTRY + "}", new byte[8]),
                "duplicate", "'a'");
    }

    @Test
    void badMetadata() throws IOException {
        assertReadFails(raw("meta.safetensors", "{\"__metadata__\":{\"k\":1}}", new byte[0]), "metadata", "'k'");
        assertReadFails(raw("meta2.safetensors", "{\"__metadata__\":[]}", new byte[0]), "__metadata__");
    }

    @Test
    void checksumMismatchIsReported() throws IOException {
        Path p = dir.resolve("crc.safetensors");
        SafeTensors.write(p, Map.of("x", Tensor.f32(new float[] {1, 2, 3, 4}, 4)), Map.of());
        byte[] bytes = Files.readAllBytes(p);
        bytes[bytes.length - 1] ^= 1;
        Files.write(p, bytes);
        assertReadFails(p, "checksum mismatch");

        assertReadFails(raw("crcsyntax.safetensors", "{\"__metadata__\":{\"jrnn.crc32\":\"xyz\"}}", new byte[0]),
                "checksum", "xyz");
    }

    @Test
    void requestingAbsentOrMistypedTensorsNamesTheProblem() throws IOException {
        Path p = dir.resolve("ask.safetensors");
        SafeTensors.write(p, Map.of(
                "c", Tensor.f32(new float[6], 2, 3),
                "a", Tensor.f64(new double[1], 1),
                "b", Tensor.i64(new long[1], 1)), null);
        SafeTensorsFile f = SafeTensors.read(p);

        SafeTensorsException absent = assertThrows(SafeTensorsException.class, () -> f.floats("h0"));
        assertProblem(absent, p, "has no tensor 'h0'; it has: a, b, c");
        assertTrue(absent.getMessage().startsWith("file " + p + " has no tensor"), absent.getMessage());
        assertThrows(SafeTensorsException.class, () -> f.shape("h0"));

        assertProblem(assertThrows(SafeTensorsException.class, () -> f.floats("a")), p,
                "tensor 'a' has dtype F64 but F32 was expected");
        assertProblem(assertThrows(SafeTensorsException.class, () -> f.integers("c")), p,
                "tensor 'c' has dtype F32 but I64 or I32 was expected");
        assertProblem(assertThrows(SafeTensorsException.class, () -> f.doubles("b")), p, "dtype I64");
        SafeTensorsException shape = assertThrows(SafeTensorsException.class, () -> f.floats("c", 2, 4));
        assertEquals("file " + p + ": tensor 'c' has shape [2, 3] but [2, 4] was expected", shape.getMessage());
    }

    // ---- atomic writes ----------------------------------------------------------------------------------------

    @Test
    void failedWriteLeavesOldFileIntactAndNoTempFiles() throws IOException {
        Path p = dir.resolve("weights.safetensors");
        SafeTensors.write(p, Map.of("w", Tensor.f32(new float[] {1, 2}, 2)), Map.of("v", "1"));
        byte[] before = Files.readAllBytes(p);

        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("a_first", Tensor.f32(new float[] {9, 9, 9}, 3));       // written fine
        bad.put("z_broken", new Tensor(DType.F32, new long[] {2, 3}, new float[5])); // fails midway
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(p, bad, Map.of("v", "2")));
        assertTrue(e.getMessage().contains("z_broken") && e.getMessage().contains("5 elements"), e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(p));
        assertEquals("1", SafeTensors.read(p).metadata().get("v"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(p), files.toList(), "temporary file must be removed");
        }

        // a successful write replaces the file
        SafeTensors.write(p, Map.of("w", Tensor.f32(new float[] {3}, 1)), Map.of("v", "3"));
        assertArrayEquals(new float[] {3}, SafeTensors.read(p).floats("w"));
    }

    @Test
    void tensorFactoriesCheckArguments() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.f32(new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.i64(new long[1], -1));
        assertThrows(IllegalArgumentException.class, () -> new Tensor(DType.F32, new long[] {1}, new long[1]));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("x"), Map.of("__metadata__", Tensor.f32(new float[1], 1)), null));
    }

    // ---- JSON ------------------------------------------------------------------------------------------------

    @Test
    void jsonRoundTripsEscapes() throws Json.ParseException {
        String tricky = "q\" b\\ / \b\f\n\r\t \u0001 é 😀";
        Object parsed = Json.parse(Json.write(Map.of("k", List.of(tricky, -5L, Long.MAX_VALUE, true))));
        assertEquals(Map.of("k", List.of(tricky, -5L, Long.MAX_VALUE, true)), parsed);
        assertEquals("A😀/", Json.parse("\"\\u0041\\ud83d\\ude00\\/\""));
        assertEquals(List.of(), Json.parse(" [ ] "));
    }

    @Test
    void jsonErrorsCarryPositions() {
        assertEquals(1, assertThrows(Json.ParseException.class, () -> Json.parse("[01]")).position());
        assertEquals(1, assertThrows(Json.ParseException.class, () -> Json.parse("[99999999999999999999]")).position());
        assertEquals(3, assertThrows(Json.ParseException.class, () -> Json.parse("[1,]")).position());
        assertEquals(2, assertThrows(Json.ParseException.class, () -> Json.parse("\"a\\x\"")).position());
        assertEquals(0, assertThrows(Json.ParseException.class, () -> Json.parse("\"abc")).position());
        assertEquals(1, assertThrows(Json.ParseException.class, () -> Json.parse("\"\n\"")).position());
        assertEquals(3, assertThrows(Json.ParseException.class, () -> Json.parse("[1 2]")).position());
        assertEquals(7, assertThrows(Json.ParseException.class, () -> Json.parse("{\"a\":1,\"a\":2}")).position());
        assertThrows(Json.ParseException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    // ---- golden files from PyTorch ----------------------------------------------------------------------------

    private static Path goldenDir() throws URISyntaxException {
        URL url = SafeTensorsTest.class.getResource("/golden/lstm_t5_l2_bi_ragged.safetensors");
        assertTrue(url != null, "golden files missing from test resources (tools/golden/make_golden.py)");
        return Path.of(url.toURI()).getParent();
    }

    @Test
    void goldenLstmFileHasExpectedTensors() throws Exception {
        SafeTensorsFile f = SafeTensors.read(goldenDir().resolve("lstm_t5_l2_bi_ragged.safetensors"));
        assertEquals("lstm", f.metadata().get("cell"));
        assertEquals("float64", f.metadata().get("dtype_of_computation"));
        int in = Integer.parseInt(f.metadata().get("input_size"));
        int h = Integer.parseInt(f.metadata().get("hidden_size"));
        f.floats("input", 3, 5, in);
        f.floats("weight_ih_l1_reverse", 4L * h, 2L * h);
        f.floats("grad.bias_hh_l0", 4L * h);
        f.floats("c0", 4, 3, h);
        long[] lengths = f.integers("lengths", 3);
        assertTrue(Set.of(3L, 5L, 2L).containsAll(List.of(lengths[0], lengths[1], lengths[2])));
    }

    /** The Python generator and the Java writer use the same layout, so a rewrite reproduces the file exactly. */
    @Test
    void javaWriterReproducesGoldenFileByteForByte() throws Exception {
        Path golden = goldenDir().resolve("gru_t5_l2_bi_ragged.safetensors");
        SafeTensorsFile f = SafeTensors.read(golden);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : f.names()) {
            tensors.put(name, f.tensor(name));
        }
        Path copy = dir.resolve("copy.safetensors");
        SafeTensors.write(copy, tensors, f.metadata());
        assertArrayEquals(Files.readAllBytes(golden), Files.readAllBytes(copy));
    }

    /** Every golden file is valid and its tensors' names and shapes match its metadata. */
    @Test
    void allGoldenFilesAreConsistentWithTheirMetadata() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(goldenDir())) {
            files = s.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() >= 20, "expected 20 golden files, found " + files.size());
        Set<String> cells = new HashSet<>();
        for (Path p : files) {
            SafeTensorsFile f = SafeTensors.read(p);
            Map<String, String> m = f.metadata();
            String cell = m.get("cell");
            cells.add(cell);
            int in = Integer.parseInt(m.get("input_size"));
            int h = Integer.parseInt(m.get("hidden_size"));
            int layers = Integer.parseInt(m.get("num_layers"));
            int dirs = Boolean.parseBoolean(m.get("bidirectional")) ? 2 : 1;
            boolean bias = Boolean.parseBoolean(m.get("bias"));
            int t = Integer.parseInt(m.get("seq_len"));
            int b = Integer.parseInt(m.get("batch_size"));
            boolean ragged = Boolean.parseBoolean(m.get("ragged"));
            boolean lstm = cell.equals("lstm");
            int gates = switch (cell) {
                case "lstm" -> 4;
                case "gru" -> 3;
                case "rnn_tanh", "rnn_relu" -> 1;
                default -> throw new AssertionError(p + ": unknown cell " + cell);
            };
            assertEquals("true", m.get("batch_first"));

            Set<String> expected = new TreeSet<>();
            for (int l = 0; l < layers; l++) {
                for (int d = 0; d < dirs; d++) {
                    String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
                    long inputWidth = l == 0 ? in : (long) dirs * h;
                    Map<String, long[]> params = new LinkedHashMap<>();
                    params.put("weight_ih" + sfx, new long[] {(long) gates * h, inputWidth});
                    params.put("weight_hh" + sfx, new long[] {(long) gates * h, h});
                    if (bias) {
                        params.put("bias_ih" + sfx, new long[] {(long) gates * h});
                        params.put("bias_hh" + sfx, new long[] {(long) gates * h});
                    }
                    for (Map.Entry<String, long[]> e : params.entrySet()) {
                        f.requireShape(e.getKey(), e.getValue());
                        f.requireShape("grad." + e.getKey(), e.getValue());
                        expected.add(e.getKey());
                        expected.add("grad." + e.getKey());
                    }
                }
            }
            long[] seq = {b, t, in};
            long[] out = {b, t, (long) dirs * h};
            long[] state = {(long) layers * dirs, b, h};
            for (String name : List.of("input", "grad_input")) {
                f.floats(name, seq);
                expected.add(name);
            }
            for (String name : List.of("output", "grad_output")) {
                f.floats(name, out);
                expected.add(name);
            }
            List<String> states = new ArrayList<>(List.of("h0", "h_n", "grad_h0", "grad_h_n"));
            if (lstm) {
                states.addAll(List.of("c0", "c_n", "grad_c0", "grad_c_n"));
            }
            for (String name : states) {
                f.floats(name, state);
                expected.add(name);
            }
            if (ragged) {
                long[] lengths = f.integers("lengths", b);
                expected.add("lengths");
                boolean shorter = false;
                for (long len : lengths) {
                    assertTrue(len >= 1 && len <= t, p + ": length " + len);
                    shorter |= len < t;
                }
                assertTrue(shorter, p + ": a ragged case needs a sequence shorter than T");
            }
            assertEquals(expected, new TreeSet<>(f.names()), p.toString());
        }
        assertEquals(Set.of("rnn_tanh", "rnn_relu", "lstm", "gru"), cells);
    }
}
