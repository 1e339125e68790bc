package org.jrnn.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching pool of device blocks, so a training loop does not call {@code cuMemAlloc} per step. Requests are
 * rounded up to a size class ({@link #sizeClass}); a released block goes on its class's free list and the next
 * request of that class takes it. When the allocator fails, the pool frees its cached blocks and tries once more.
 * {@link #close} frees everything, cached or not. Not thread-safe: the backend serialises calls.
 */
final class MemoryPool implements AutoCloseable {
    /** The smallest block: cuMemAlloc aligns to 256 bytes or more anyway. */
    static final long MIN_BLOCK = 512;
    /** Up to here classes are powers of two (at most 2x waste); above, multiples of {@link #LARGE_STEP}. */
    static final long POW2_LIMIT = 64L << 20;
    static final long LARGE_STEP = 8L << 20;

    /** Where the pool's memory comes from: cuMemAlloc/cuMemFree on a GPU, a fake in tests. */
    interface Allocator {
        /** A device address of {@code bytes} bytes; throws {@link OutOfMemoryError} when there is no room. */
        long allocate(long bytes);

        void free(long address);
    }

    /** A block handed out: its address and class size (at least the bytes asked for). */
    record Block(long address, long bytes) {}

    private final Allocator allocator;
    private final Map<Long, ArrayDeque<Block>> free = new HashMap<>();
    private final Map<Long, Block> inUse = new HashMap<>();
    private long reservedBytes;
    private long allocatorCalls;

    MemoryPool(Allocator allocator) {
        this.allocator = allocator;
    }

    static long sizeClass(long bytes) {
        if (bytes <= MIN_BLOCK) {
            return MIN_BLOCK;
        }
        if (bytes <= POW2_LIMIT) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + LARGE_STEP - 1) / LARGE_STEP * LARGE_STEP;
    }

    Block acquire(long bytes) {
        long size = sizeClass(bytes);
        ArrayDeque<Block> list = free.get(size);
        Block b = list == null ? null : list.pollLast();
        if (b == null) {
            long address;
            try {
                allocatorCalls++;
                address = allocator.allocate(size);
            } catch (OutOfMemoryError e) {
                trim();
                allocatorCalls++;
                address = allocator.allocate(size);
            }
            reservedBytes += size;
            b = new Block(address, size);
        }
        inUse.put(b.address(), b);
        return b;
    }

    void release(Block b) {
        if (inUse.remove(b.address()) == null) {
            throw new IllegalStateException("block at 0x" + Long.toHexString(b.address()) + " is not in use");
        }
        free.computeIfAbsent(b.bytes(), s -> new ArrayDeque<>()).addLast(b);
    }

    /** Frees every cached (released) block back to the allocator. */
    void trim() {
        for (ArrayDeque<Block> list : free.values()) {
            for (Block b : list) {
                allocator.free(b.address());
                reservedBytes -= b.bytes();
            }
        }
        free.clear();
    }

    /** Bytes held from the allocator: in use plus cached. */
    long reservedBytes() {
        return reservedBytes;
    }

    long allocatorCalls() {
        return allocatorCalls;
    }

    int blocksInUse() {
        return inUse.size();
    }

    @Override
    public void close() {
        trim();
        for (Block b : inUse.values()) {
            allocator.free(b.address());
            reservedBytes -= b.bytes();
        }
        inUse.clear();
    }
}
