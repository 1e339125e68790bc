package org.jrnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A safetensors file read fully into memory and validated. Accessors copy data out; the object is immutable.
 * Every problem, including asking for a tensor that is absent or has the wrong dtype or shape, is reported as a
 * {@link SafeTensorsException} naming the file.
 */
public final class SafeTensorsFile {
    private record Entry(DType dtype, long[] shape, long begin, long end) {
    }

    private final Path path;
    private final Map<String, String> metadata;
    private final SortedMap<String, Entry> entries;
    private final ByteBuffer data; // the data section, little-endian, read-only

    private SafeTensorsFile(Path path, Map<String, String> metadata, SortedMap<String, Entry> entries, ByteBuffer data) {
        this.path = path;
        this.metadata = metadata;
        this.entries = entries;
        this.data = data;
    }

    static SafeTensorsFile load(Path file) throws IOException {
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new SafeTensorsException(file, "file is too short (" + size
                        + " bytes) to hold the 8-byte header length");
            }
            if (size > Integer.MAX_VALUE - 16) {
                throw new SafeTensorsException(file, "file is too large (" + size + " bytes) to load");
            }
            bytes = new byte[(int) size];
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) {
                    throw new SafeTensorsException(file, "file shrank while being read");
                }
            }
        }
        return parse(file, bytes);
    }

    static SafeTensorsFile parse(Path file, byte[] bytes) throws SafeTensorsException {
        if (bytes.length < 8) {
            throw new SafeTensorsException(file, "file is too short (" + bytes.length
                    + " bytes) to hold the 8-byte header length");
        }
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = all.getLong(0);
        if (n < 0 || n > bytes.length - 8L) {
            throw new SafeTensorsException(file, "header length " + Long.toUnsignedString(n)
                    + " is larger than the file (" + bytes.length + " bytes)");
        }
        if (n > SafeTensors.MAX_HEADER) {
            throw new SafeTensorsException(file, "header length " + n + " is larger than the limit "
                    + SafeTensors.MAX_HEADER);
        }
        String text;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n));
            text = chars.toString();
        } catch (CharacterCodingException e) {
            throw new SafeTensorsException(file, "header is not valid UTF-8", e);
        }
        Object root;
        try {
            root = Json.parse(text);
        } catch (Json.ParseException e) {
            throw new SafeTensorsException(file, "bad JSON in header: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new SafeTensorsException(file, "header JSON is not an object");
        }
        ByteBuffer section = all.slice(8 + (int) n, bytes.length - 8 - (int) n)
                .order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long dataSize = section.capacity();

        Map<String, String> metadata = new TreeMap<>();
        SortedMap<String, Entry> entries = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(SafeTensors.METADATA_KEY)) {
                if (!(e.getValue() instanceof Map<?, ?> m)) {
                    throw new SafeTensorsException(file, "\"__metadata__\" is not an object");
                }
                for (Map.Entry<?, ?> me : m.entrySet()) {
                    if (!(me.getValue() instanceof String v)) {
                        throw new SafeTensorsException(file, "metadata value for '" + me.getKey()
                                + "' is not a string");
                    }
                    metadata.put((String) me.getKey(), v);
                }
                continue;
            }
            entries.put(name, entry(file, name, e.getValue(), dataSize));
        }

        List<Map.Entry<String, Entry>> byOffset = new ArrayList<>(entries.entrySet());
        byOffset.removeIf(e -> e.getValue().begin == e.getValue().end);
        byOffset.sort(Comparator.comparingLong(e -> e.getValue().begin));
        for (int i = 1; i < byOffset.size(); i++) {
            Map.Entry<String, Entry> prev = byOffset.get(i - 1);
            Map.Entry<String, Entry> cur = byOffset.get(i);
            if (cur.getValue().begin < prev.getValue().end) {
                throw new SafeTensorsException(file, "tensor '" + cur.getKey() + "' data "
                        + range(cur.getValue()) + " overlaps tensor '" + prev.getKey() + "' data "
                        + range(prev.getValue()));
            }
        }

        String expected = metadata.get(SafeTensors.CRC_KEY);
        if (expected != null) {
            long want;
            try {
                if (expected.length() != 8) {
                    throw new IllegalArgumentException();
                }
                want = HexFormat.fromHexDigitsToLong(expected);
            } catch (IllegalArgumentException ex) {
                throw new SafeTensorsException(file, "checksum " + SafeTensors.CRC_KEY + " '" + expected
                        + "' is not 8 hex digits");
            }
            CRC32 crc = new CRC32();
            crc.update(section.duplicate());
            if (crc.getValue() != want) {
                throw new SafeTensorsException(file, String.format(
                        "checksum mismatch: data section has CRC32 %08x but the header says %s (file corrupted?)",
                        crc.getValue(), expected));
            }
        }
        return new SafeTensorsFile(file, Collections.unmodifiableMap(metadata),
                Collections.unmodifiableSortedMap(entries), section);
    }

    private static String range(Entry e) {
        return "[" + e.begin + ", " + e.end + ")";
    }

    private static Entry entry(Path file, String name, Object value, long dataSize) throws SafeTensorsException {
        String where = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw new SafeTensorsException(file, where + ": header entry is not an object");
        }
        for (String key : List.of("dtype", "shape", "data_offsets")) {
            if (!m.containsKey(key)) {
                throw new SafeTensorsException(file, where + ": header entry is missing \"" + key + "\"");
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new SafeTensorsException(file, where + ": dtype is not a string");
        }
        DType dtype = DType.byName(dtypeName);
        if (dtype == null) {
            throw new SafeTensorsException(file, where + ": unknown dtype \"" + dtypeName + "\" (known: "
                    + DType.known() + ")");
        }
        long[] shape = longs(file, where, "shape", m.get("shape"));
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new SafeTensorsException(file, where + ": negative dimension in shape "
                        + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException ex) {
                throw new SafeTensorsException(file, where + ": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        long[] offsets = longs(file, where, "data_offsets", m.get("data_offsets"));
        if (offsets.length != 2) {
            throw new SafeTensorsException(file, where + ": data_offsets must have 2 entries, has "
                    + offsets.length);
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < begin || end > dataSize) {
            throw new SafeTensorsException(file, where + ": data_offsets [" + begin + ", " + end
                    + "] out of range for a data section of " + dataSize + " bytes");
        }
        long expected = count > Long.MAX_VALUE / dtype.size() ? -1 : count * dtype.size();
        if (end - begin != expected) {
            throw new SafeTensorsException(file, where + ": data size " + (end - begin) + " bytes does not match "
                    + "shape " + Arrays.toString(shape) + " of " + dtype + " (" + count + " elements × "
                    + dtype.size() + " bytes)");
        }
        return new Entry(dtype, shape, begin, end);
    }

    private static long[] longs(Path file, String where, String key, Object value) throws SafeTensorsException {
        if (!(value instanceof List<?> list)) {
            throw new SafeTensorsException(file, where + ": " + key + " is not an array");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long l)) {
                throw new SafeTensorsException(file, where + ": " + key + " holds a non-integer " + list.get(i));
            }
            out[i] = l;
        }
        return out;
    }

    // ---- accessors -------------------------------------------------------------------------------------------

    public Path path() {
        return path;
    }

    /** The "__metadata__" map (including {@value SafeTensors#CRC_KEY} when present), sorted by key. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Tensor names, sorted. */
    public Set<String> names() {
        return entries.keySet();
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    public DType dtype(String name) throws SafeTensorsException {
        return get(name).dtype;
    }

    public long[] shape(String name) throws SafeTensorsException {
        return get(name).shape.clone();
    }

    /** The elements of an F32 tensor. Any other dtype is an error (no silent narrowing or widening). */
    public float[] floats(String name) throws SafeTensorsException {
        Entry e = require(name, DType.F32);
        float[] out = new float[count(e)];
        view(e).asFloatBuffer().get(out);
        return out;
    }

    /** The elements of an F32 tensor, checking its shape first. */
    public float[] floats(String name, long... expectedShape) throws SafeTensorsException {
        requireShape(name, expectedShape);
        return floats(name);
    }

    /** The elements of an F64 tensor, or of an F32 tensor widened (exactly) to double. */
    public double[] doubles(String name) throws SafeTensorsException {
        Entry e = get(name);
        double[] out = new double[count(e)];
        if (e.dtype == DType.F64) {
            view(e).asDoubleBuffer().get(out);
        } else if (e.dtype == DType.F32) {
            ByteBuffer b = view(e);
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getFloat(i * 4);
            }
        } else {
            throw wrongDtype(name, e, "F64 or F32");
        }
        return out;
    }

    /** The elements of an F64 or F32 tensor as doubles, checking its shape first. */
    public double[] doubles(String name, long... expectedShape) throws SafeTensorsException {
        requireShape(name, expectedShape);
        return doubles(name);
    }

    /** The elements of an I64 tensor, or of an I32 tensor widened to long. */
    public long[] integers(String name) throws SafeTensorsException {
        Entry e = get(name);
        long[] out = new long[count(e)];
        if (e.dtype == DType.I64) {
            view(e).asLongBuffer().get(out);
        } else if (e.dtype == DType.I32) {
            ByteBuffer b = view(e);
            for (int i = 0; i < out.length; i++) {
                out[i] = b.getInt(i * 4);
            }
        } else {
            throw wrongDtype(name, e, "I64 or I32");
        }
        return out;
    }

    /** The elements of an I64 or I32 tensor, checking its shape first. */
    public long[] integers(String name, long... expectedShape) throws SafeTensorsException {
        requireShape(name, expectedShape);
        return integers(name);
    }

    /** The raw little-endian bytes of any tensor. */
    public byte[] bytes(String name) throws SafeTensorsException {
        Entry e = get(name);
        byte[] out = new byte[(int) (e.end - e.begin)];
        view(e).get(out);
        return out;
    }

    /** A copy of a tensor, typed as F32/F64/I64/I32 arrays where possible, raw bytes for other dtypes. */
    public SafeTensors.Tensor tensor(String name) throws SafeTensorsException {
        Entry e = get(name);
        Object d = switch (e.dtype) {
            case F32 -> floats(name);
            case F64 -> doubles(name);
            case I64 -> integers(name);
            case I32 -> {
                long[] l = integers(name);
                int[] i = new int[l.length];
                for (int k = 0; k < l.length; k++) {
                    i[k] = (int) l[k];
                }
                yield i;
            }
            default -> bytes(name);
        };
        return new SafeTensors.Tensor(e.dtype, e.shape, d);
    }

    /** Checks that a tensor exists and has the given shape. */
    public void requireShape(String name, long... expectedShape) throws SafeTensorsException {
        Entry e = get(name);
        if (!Arrays.equals(e.shape, expectedShape)) {
            throw new SafeTensorsException(path, "tensor '" + name + "' has shape " + Arrays.toString(e.shape)
                    + " but " + Arrays.toString(expectedShape) + " was expected");
        }
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + path + ", " + entries.size() + " tensors]";
    }

    private Entry get(String name) throws SafeTensorsException {
        Entry e = entries.get(name);
        if (e == null) {
            throw SafeTensorsException.verbatim(path, "file " + path + " has no tensor '" + name + "'; it has: "
                    + (entries.isEmpty() ? "(none)" : String.join(", ", entries.keySet())));
        }
        return e;
    }

    private Entry require(String name, DType dtype) throws SafeTensorsException {
        Entry e = get(name);
        if (e.dtype != dtype) {
            throw wrongDtype(name, e, dtype.name());
        }
        return e;
    }

    private SafeTensorsException wrongDtype(String name, Entry e, String expected) {
        return new SafeTensorsException(path, "tensor '" + name + "' has dtype " + e.dtype + " but " + expected
                + " was expected");
    }

    private int count(Entry e) throws SafeTensorsException {
        long n = (e.end - e.begin) / e.dtype.size();
        if (n > Integer.MAX_VALUE - 16) {
            throw new SafeTensorsException(path, "tensor is too large for a Java array");
        }
        return (int) n;
    }

    private ByteBuffer view(Entry e) {
        return data.slice((int) e.begin, (int) (e.end - e.begin)).order(ByteOrder.LITTLE_ENDIAN);
    }
}
