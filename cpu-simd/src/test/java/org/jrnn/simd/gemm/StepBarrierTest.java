package org.jrnn.simd.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class StepBarrierTest {
    /** Two threads, many rounds: no thread enters round r + 1 before both wrote round r. */
    @Test
    void roundsDoNotOverlap() throws Exception {
        StepBarrier barrier = new StepBarrier(2);
        int rounds = 2000;
        AtomicIntegerArray seen = new AtomicIntegerArray(2);
        int[] mismatches = new int[1];
        Thread other = new Thread(() -> {
            for (int r = 0; r < rounds; r++) {
                seen.set(1, r);
                barrier.await();
                if (seen.get(0) < r) mismatches[0]++;
                barrier.await();
            }
        });
        other.start();
        int mine = 0;
        for (int r = 0; r < rounds; r++) {
            seen.set(0, r);
            barrier.await();
            if (seen.get(1) < r) mine++;
            barrier.await();
        }
        other.join();
        assertEquals(0, mine + mismatches[0]);
    }

    /** A party that fails breaks the barrier: the one waiting gets an exception with the cause, not a hang. */
    @Test
    void aFailedPartyReleasesTheOthers() {
        StepBarrier barrier = new StepBarrier(2);
        RuntimeException cause = new RuntimeException("part 1 failed");
        Thread failing = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            barrier.breakWith(cause);
        });
        failing.start();
        IllegalStateException e = Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(IllegalStateException.class, barrier::await));
        assertSame(cause, e.getCause());
    }
}
