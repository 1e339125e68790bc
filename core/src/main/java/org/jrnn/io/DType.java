package org.jrnn.io;

import java.util.Locale;

/** Element types of the safetensors format, with their size in bytes. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2),
    I64(8), I32(4), I16(2), I8(1),
    U64(8), U32(4), U16(2), U8(1),
    BOOL(1);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** The dtype spelled {@code name} in a safetensors header (case-sensitive, e.g. "F32"), or null if unknown. */
    public static DType byName(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** All dtype names, for error messages. */
    static String known() {
        StringBuilder sb = new StringBuilder();
        for (DType d : values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(d.name().toUpperCase(Locale.ROOT));
        }
        return sb.toString();
    }
}
