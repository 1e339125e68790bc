package org.jrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a training run with SIGKILL ({@link Process#destroyForcibly}) at seeded random moments, many times, and
 * resumes it each time: every kill must leave a checkpoint that loads (or none yet), and each chain of killed and
 * resumed runs must end with the same bytes, weights and optimizer state, as the run that was never interrupted.
 * {@code -Djrnn.kill.count=N} (default 20) sets the number of kills, {@code -Djrnn.kill.seed=S} the moments.
 */
class CheckpointKillTest {
    private static final int KILLS = Integer.getInteger("jrnn.kill.count", 20);
    private static final long SEED = Long.getLong("jrnn.kill.seed", 1L);
    /** Every other kill comes in [0, this) ms after the child says it has resumed ... */
    private static final int MAX_DELAY_MS = 500;
    /** ... and every other one in [0, this) ms after a checkpoint's temporary file appears. */
    private static final int WRITE_DELAY_MS = 3;
    private static final int EVERY = 2;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void killedRunsResumeToTheUninterruptedResult() throws Exception {
        Path straight = Files.createDirectory(dir.resolve("straight"));
        KillableTraining.run(straight, 0, new PrintStream(OutputStream.nullOutputStream()));
        byte[] expected = Files.readAllBytes(straight.resolve(KillableTraining.FINAL));

        SplittableRandom random = new SplittableRandom(SEED);
        Path work = Files.createDirectory(dir.resolve("chain-0"));
        int kills = 0, duringWrite = 0, beforeFirstCheckpoint = 0, chains = 0;
        long lastStep = 0;
        while (kills < KILLS) {
            Process p = start(work);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            long resumedAt = awaitStarted(p, out, work);
            assertEquals(lastStep, resumedAt, "the child resumed from the last checkpoint the parent saw");
            if (kills % 2 == 0) {
                Thread.sleep(random.nextInt(MAX_DELAY_MS));
            } else {
                // Aimed at a write: once the temporary file of the 1st to 3rd checkpoint announced appears, and
                // 0 to 2 ms later.
                int announcements = 1 + random.nextInt(3);
                for (String line; announcements > 0 && (line = out.readLine()) != null; ) {
                    announcements -= line.startsWith("saving ") ? 1 : 0;
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (temporaries(work).isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                Thread.sleep(random.nextInt(WRITE_DELAY_MS));
            }
            if (!p.isAlive()) {
                // It finished before the kill: a whole chain, compared with the uninterrupted run.
                assertFinished(p, work, expected, chains);
                chains++;
                work = Files.createDirectory(dir.resolve("chain-" + chains));
                lastStep = 0;
                continue;
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "killed child exits");
            kills++;
            List<Path> temps = temporaries(work);
            if (!temps.isEmpty()) {
                duringWrite++;
                for (Path t : temps) {
                    Files.delete(t); // a write cut short by SIGKILL: named ".ckpt.safetensors.*.tmp", never read
                }
            }
            Path ckpt = work.resolve(KillableTraining.CHECKPOINT);
            if (Files.exists(ckpt)) {
                long step = loadableStep(ckpt);
                assertTrue(step >= lastStep, "checkpoint step " + step + " after " + lastStep);
                lastStep = step;
            } else {
                beforeFirstCheckpoint++;
            }
        }
        Process last = start(work);
        BufferedReader lastOut = new BufferedReader(new InputStreamReader(last.getInputStream(), StandardCharsets.UTF_8));
        assertEquals(lastStep, awaitStarted(last, lastOut, work));
        lastOut.transferTo(Writer.nullWriter());
        assertTrue(last.waitFor(5, TimeUnit.MINUTES), "the last child finishes");
        assertFinished(last, work, expected, chains);
        chains++;
        System.out.printf("checkpoint kill test: %d kills (%d during a checkpoint write: temporary file present,"
                        + " %d before the first checkpoint), %d chains resumed to the uninterrupted result%n",
                kills, duringWrite, beforeFirstCheckpoint, chains);
    }

    private static Process start(Path work) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), KillableTraining.class.getName(), work.toString(),
                Integer.toString(EVERY));
        pb.redirectError(work.resolve("stderr.txt").toFile());
        return pb.start();
    }

    /** Waits for the child's "started STEP" line and returns STEP. */
    private static long awaitStarted(Process p, BufferedReader out, Path work) throws IOException, InterruptedException {
        String line = out.readLine();
        if (line == null || !line.startsWith("started ")) {
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("child said '" + line + "' instead of 'started STEP'; stderr: "
                    + Files.readString(work.resolve("stderr.txt")));
        }
        return Long.parseLong(line.substring("started ".length()));
    }

    private static void assertFinished(Process p, Path work, byte[] expected, int chain)
            throws IOException, InterruptedException {
        assertEquals(0, p.waitFor(), () -> "child exit status; stderr: " + read(work.resolve("stderr.txt")));
        assertEquals(List.of(), temporaries(work), "no temporary file after a finished run");
        assertArrayEquals(expected, Files.readAllBytes(work.resolve(KillableTraining.FINAL)),
                "chain " + chain + ": final weights, optimizer state and trainer state equal the uninterrupted run's");
    }

    /** The checkpoint's step, after checking that it reads (sizes, offsets, CRC) and restores its state. */
    private static long loadableStep(Path ckpt) throws IOException {
        SafeTensorsFile f = SafeTensors.read(ckpt);
        assertEquals(KillableTraining.spec(), Checkpoint.spec(ckpt));
        String state = f.metadata().get(Checkpoint.TRAINER_KEY);
        assertNotNull(state, "trainer state in " + ckpt);
        return TrainerState.fromJson(state).step();
    }

    private static List<Path> temporaries(Path work) throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            return new ArrayList<>(s.filter(f -> f.getFileName().toString().endsWith(".tmp")).sorted().toList());
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
