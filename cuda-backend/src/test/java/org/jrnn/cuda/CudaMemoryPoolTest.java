package org.jrnn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pool planning with a fake allocator that tracks live addresses and can run out of room. */
class CudaMemoryPoolTest {

    static final class FakeAllocator implements MemoryPool.Allocator {
        final Map<Long, Long> live = new HashMap<>();
        long capacity = Long.MAX_VALUE;
        long used;
        long next = 0x1000;

        @Override
        public long allocate(long bytes) {
            if (used + bytes > capacity) {
                throw new OutOfMemoryError("fake device full");
            }
            long a = next;
            next += bytes;
            live.put(a, bytes);
            used += bytes;
            return a;
        }

        @Override
        public void free(long address) {
            Long b = live.remove(address);
            if (b == null) {
                throw new IllegalStateException("double free");
            }
            used -= b;
        }
    }

    @Test
    void sizeClasses() {
        assertEquals(512, MemoryPool.sizeClass(0));
        assertEquals(512, MemoryPool.sizeClass(512));
        assertEquals(1024, MemoryPool.sizeClass(513));
        assertEquals(1L << 20, MemoryPool.sizeClass((1L << 20) - 3));
        assertEquals(64L << 20, MemoryPool.sizeClass(64L << 20));
        assertEquals(72L << 20, MemoryPool.sizeClass((64L << 20) + 1));
        for (long n = 1; n < (300L << 20); n = n * 3 + 7) {
            long c = MemoryPool.sizeClass(n);
            assertTrue(c >= n && c < 2 * n + 512, n + " -> " + c);
        }
    }

    @Test
    void releasedBlocksAreReusedWithoutTheAllocator() {
        FakeAllocator fake = new FakeAllocator();
        try (MemoryPool pool = new MemoryPool(fake)) {
            MemoryPool.Block a = pool.acquire(1000);
            assertEquals(1024, a.bytes());
            pool.release(a);
            for (int step = 0; step < 100; step++) { // a training loop of the same shapes
                MemoryPool.Block b = pool.acquire(900);
                MemoryPool.Block c = pool.acquire(5000);
                pool.release(c);
                pool.release(b);
            }
            assertEquals(2, pool.allocatorCalls());
            assertEquals(1024 + 8192, pool.reservedBytes());
            assertEquals(0, pool.blocksInUse());
        }
        assertTrue(fake.live.isEmpty(), "close frees everything");
    }

    @Test
    void liveBlocksAreDistinctAndDoubleReleaseFails() {
        FakeAllocator fake = new FakeAllocator();
        try (MemoryPool pool = new MemoryPool(fake)) {
            MemoryPool.Block a = pool.acquire(100), b = pool.acquire(100);
            assertNotEquals(a.address(), b.address());
            pool.release(a);
            assertThrows(IllegalStateException.class, () -> pool.release(a));
        }
        assertTrue(fake.live.isEmpty(), "close frees blocks still in use too");
    }

    @Test
    void outOfMemoryTrimsTheCacheAndRetriesOnce() {
        FakeAllocator fake = new FakeAllocator();
        fake.capacity = 4096;
        try (MemoryPool pool = new MemoryPool(fake)) {
            pool.release(pool.acquire(2048));
            pool.release(pool.acquire(1024));
            MemoryPool.Block big = pool.acquire(4096); // needs the cached 3 KiB back
            assertEquals(4096, big.bytes());
            assertEquals(4096, pool.reservedBytes());
            assertThrows(OutOfMemoryError.class, () -> pool.acquire(512));
        }
        assertTrue(fake.live.isEmpty());
    }
}
