package org.jrnn.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * (tensor name → {dtype, shape, data_offsets}, plus an optional "__metadata__" string map), then the raw
 * little-endian tensor data. Offsets are relative to the start of the data section.
 *
 * <p>Files written here are interoperable with other safetensors readers: the data section has no gaps, tensors
 * are laid out by descending element size then by name (so every tensor is naturally aligned), the header is
 * padded with spaces so the data section starts at a multiple of 8, and header keys are sorted. The metadata
 * gets a CRC32 of the data section under {@value #CRC_KEY} (8 lowercase hex digits), which {@link #read} verifies
 * whenever present.
 */
public final class SafeTensors {
    /** Metadata key holding the CRC32 of the data section. */
    public static final String CRC_KEY = "jrnn.crc32";
    /** Header key for the metadata map. */
    public static final String METADATA_KEY = "__metadata__";
    /** Headers larger than this are rejected as corrupt (100 MiB, as in the reference implementation). */
    static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {
    }

    /**
     * A tensor to write. {@code data} is a {@code float[]} (F32), {@code double[]} (F64), {@code long[]} (I64) or
     * {@code int[]} (I32) holding the elements in row-major order, or a {@code byte[]} of raw little-endian bytes for
     * any dtype. The canonical constructor checks the data's type and the dims' signs only; the factories also check
     * that the data length matches the shape, and {@link #write} always does.
     */
    public record Tensor(DType dtype, long[] shape, Object data) {
        public Tensor {
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
            shape = shape.clone();
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
                }
            }
            boolean ok = switch (data) {
                case byte[] _ -> true;
                case float[] _ -> dtype == DType.F32;
                case double[] _ -> dtype == DType.F64;
                case long[] _ -> dtype == DType.I64;
                case int[] _ -> dtype == DType.I32;
                default -> false;
            };
            if (!ok) {
                throw new IllegalArgumentException("data of type " + data.getClass().getSimpleName()
                        + " cannot hold dtype " + dtype);
            }
        }

        public static Tensor f32(float[] data, long... shape) {
            return checked(new Tensor(DType.F32, shape, data));
        }

        public static Tensor f64(double[] data, long... shape) {
            return checked(new Tensor(DType.F64, shape, data));
        }

        public static Tensor i64(long[] data, long... shape) {
            return checked(new Tensor(DType.I64, shape, data));
        }

        public static Tensor i32(int[] data, long... shape) {
            return checked(new Tensor(DType.I32, shape, data));
        }

        private static Tensor checked(Tensor t) {
            String problem = t.lengthProblem();
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            return t;
        }

        /** Returns a copy of the shape. */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of elements the shape calls for, or -1 on overflow. */
        long elementCount() {
            long n = 1;
            try {
                for (long d : shape) {
                    n = Math.multiplyExact(n, d);
                }
                Math.multiplyExact(n, (long) dtype.size());
            } catch (ArithmeticException e) {
                return -1;
            }
            return n;
        }

        long byteSize() {
            long n = elementCount();
            return n < 0 ? -1 : n * dtype.size();
        }

        /** A description of a data/shape mismatch, or null when consistent. */
        String lengthProblem() {
            long n = elementCount();
            if (n < 0) {
                return "shape " + Arrays.toString(shape) + " is too large";
            }
            if (data instanceof byte[] b) {
                return b.length == n * dtype.size() ? null
                        : "data has " + b.length + " bytes but shape " + Arrays.toString(shape) + " of " + dtype
                          + " needs " + n * dtype.size();
            }
            int len = java.lang.reflect.Array.getLength(data);
            return len == n ? null
                    : "data has " + len + " elements but shape " + Arrays.toString(shape) + " needs " + n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && dtype == t.dtype && Arrays.equals(shape, t.shape)
                    && Arrays.deepEquals(new Object[] {data}, new Object[] {t.data});
        }

        @Override
        public int hashCode() {
            return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.deepHashCode(new Object[] {data});
        }

        @Override
        public String toString() {
            return "Tensor[" + dtype + " " + Arrays.toString(shape) + "]";
        }
    }

    /** Reads and validates a whole file, including its checksum when present. */
    public static SafeTensorsFile read(Path file) throws IOException {
        return SafeTensorsFile.load(file);
    }

    /**
     * Writes the tensors and metadata atomically: the bytes go to a temporary file in the same directory, which is
     * forced to disk and then moved over {@code file}; then the directory is forced, so the rename survives a power
     * loss. On any failure the temporary file is deleted and an existing {@code file} is left untouched. A process
     * killed mid-write leaves at most a temporary file named {@code .NAME.<random>.tmp} beside {@code file}, which no
     * reader opens. The metadata gets a {@value #CRC_KEY} entry (replacing any given one).
     *
     * @throws IOException              when the file cannot be written (full disk, file-size limit, read-only or
     *                                  missing directory): the message names {@code file}, the system's reason and
     *                                  that {@code file} is unchanged (or was not created)
     * @throws IllegalArgumentException if a name is empty or "__metadata__", or a tensor's data does not match its
     *                                  shape (detected while writing; the target is untouched)
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        Map<String, String> meta = new TreeMap<>();
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                meta.put(Objects.requireNonNull(e.getKey(), "metadata key"),
                        Objects.requireNonNull(e.getValue(), "metadata value for " + e.getKey()));
            }
        }
        // Layout: largest element size first, then by name: no gaps, natural alignment.
        List<Map.Entry<String, Tensor>> order = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "tensor name");
            Objects.requireNonNull(e.getValue(), "tensor " + name);
            if (name.isEmpty() || name.equals(METADATA_KEY)) {
                throw new IllegalArgumentException("invalid tensor name '" + name + "'");
            }
            if (e.getValue().byteSize() < 0) {
                throw new IllegalArgumentException("tensor '" + name + "': " + e.getValue().lengthProblem());
            }
            order.add(e);
        }
        order.sort(Comparator.<Map.Entry<String, Tensor>>comparingInt(e -> -e.getValue().dtype().size())
                .thenComparing(Map.Entry::getKey));
        Map<String, long[]> offsets = new TreeMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : order) {
            long size = e.getValue().byteSize();
            offsets.put(e.getKey(), new long[] {offset, offset + size});
            offset += size;
        }
        final long dataSize = offset;

        // The CRC is always 8 hex digits, so a placeholder gives the final header length.
        meta.put(CRC_KEY, "00000000");
        int headerLength = header(meta, tensors, offsets).length;

        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        } catch (IOException e) {
            throw writeFailure(target, "cannot create a temporary file in " + dir + " (" + reason(e) + ")", e);
        }
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                CRC32 crc = new CRC32();
                long dataStart = 8L + headerLength;
                ch.position(dataStart);
                for (Map.Entry<String, Tensor> e : order) {
                    writeData(ch, crc, e.getKey(), e.getValue());
                }
                if (ch.position() != dataStart + dataSize) {
                    throw new IllegalStateException("internal error: wrote " + (ch.position() - dataStart)
                            + " data bytes, expected " + dataSize);
                }
                meta.put(CRC_KEY, String.format("%08x", crc.getValue()));
                byte[] header = header(meta, tensors, offsets);
                if (header.length != headerLength) {
                    throw new IllegalStateException("internal error: header length changed");
                }
                ByteBuffer head = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                head.putLong(header.length).put(header).flip();
                ch.position(0);
                while (head.hasRemaining()) {
                    ch.write(head);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            forceDirectory(dir);
        } catch (IOException e) {
            // A full disk, a file-size limit, a directory made read-only or removed: the target was never touched.
            String left = removeTemporary(tmp);
            done = true;
            throw writeFailure(target, "writing its temporary file " + tmp.getFileName() + " failed ("
                    + reason(e) + ")" + left, e);
        } finally {
            if (!done) {
                removeTemporary(tmp);
            }
        }
    }

    /** "cannot write FILE: WHAT; FILE is unchanged", the cause kept. */
    private static IOException writeFailure(Path target, String what, IOException cause) {
        return new IOException("cannot write " + target + ": " + what + "; " + target.getFileName()
                + (Files.exists(target) ? " is unchanged" : " was not created"), cause);
    }

    /** The system's reason (e.g. "No space left on device") without the path a FileSystemException adds. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Deletes a failed write's temporary file; returns "" or a note naming the file that could not be removed. */
    private static String removeTemporary(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
            return "";
        } catch (IOException e) {
            return "; the temporary file " + tmp + " could not be removed (" + reason(e) + ")";
        }
    }

    /** The header JSON bytes, padded with spaces so that 8 + length is a multiple of 8. */
    private static byte[] header(Map<String, String> meta, Map<String, Tensor> tensors, Map<String, long[]> offsets) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(METADATA_KEY, new LinkedHashMap<>(meta));
        for (Map.Entry<String, long[]> e : offsets.entrySet()) {
            Tensor t = tensors.get(e.getKey());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().name());
            List<Object> shape = new ArrayList<>();
            for (long d : t.shape) {
                shape.add(d);
            }
            entry.put("shape", shape);
            entry.put("data_offsets", List.of(e.getValue()[0], e.getValue()[1]));
            root.put(e.getKey(), entry);
        }
        byte[] json = Json.write(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static final int CHUNK = 1 << 16;

    private static void writeData(FileChannel ch, CRC32 crc, String name, Tensor t) throws IOException {
        String problem = t.lengthProblem();
        if (problem != null) {
            throw new IllegalArgumentException("tensor '" + name + "': " + problem);
        }
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.data()) {
            case byte[] b -> {
                for (int i = 0; i < b.length; i += CHUNK) {
                    flush(ch, crc, ByteBuffer.wrap(b, i, Math.min(CHUNK, b.length - i)));
                }
            }
            case float[] a -> {
                int per = CHUNK / 4;
                for (int i = 0; i < a.length; i += per) {
                    int n = Math.min(per, a.length - i);
                    buf.clear();
                    buf.asFloatBuffer().put(a, i, n);
                    buf.limit(n * 4);
                    flush(ch, crc, buf);
                }
            }
            case double[] a -> {
                int per = CHUNK / 8;
                for (int i = 0; i < a.length; i += per) {
                    int n = Math.min(per, a.length - i);
                    buf.clear();
                    buf.asDoubleBuffer().put(a, i, n);
                    buf.limit(n * 8);
                    flush(ch, crc, buf);
                }
            }
            case long[] a -> {
                int per = CHUNK / 8;
                for (int i = 0; i < a.length; i += per) {
                    int n = Math.min(per, a.length - i);
                    buf.clear();
                    buf.asLongBuffer().put(a, i, n);
                    buf.limit(n * 8);
                    flush(ch, crc, buf);
                }
            }
            case int[] a -> {
                int per = CHUNK / 4;
                for (int i = 0; i < a.length; i += per) {
                    int n = Math.min(per, a.length - i);
                    buf.clear();
                    buf.asIntBuffer().put(a, i, n);
                    buf.limit(n * 4);
                    flush(ch, crc, buf);
                }
            }
            default -> throw new IllegalArgumentException("unsupported data type " + t.data().getClass());
        }
    }

    private static void flush(FileChannel ch, CRC32 crc, ByteBuffer buf) throws IOException {
        crc.update(buf.duplicate());
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    /** Makes the rename durable where the platform allows opening a directory; otherwise does nothing. */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform (e.g. Windows); the file itself is already forced
        }
    }
}
