package org.jrnn.tensor;

/** What one element of a {@link Tensor} is: float32 for values, int32 for token ids, class ids and lengths. */
public enum ElementType {
    FLOAT32,
    INT32;

    /** Bytes per element. */
    public int bytes() {
        return 4;
    }
}
