package org.jrnn.simd.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    /**
     * A call made at once after the pool is built, before its worker has run at all, still reaches that worker: a
     * worker that took the generation it first saw as already served left a pinned call waiting at its barrier for
     * ever (seen as a hang of SimdUnitSplitTest under CI load).
     */
    @Test
    void aCallRightAfterStartReachesTheWorker() {
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int round = 0; round < 300; round++) {
                int[] ran = new int[2];
                try (Sgemm g = new Sgemm(2)) {
                    assertTrue(g.forEachPartConcurrently(2, (part, barrier) -> {
                        ran[part]++;
                        barrier.await();
                    }));
                }
                assertArrayEquals(new int[] {1, 1}, ran, "round " + round);
            }
        });
    }
}
