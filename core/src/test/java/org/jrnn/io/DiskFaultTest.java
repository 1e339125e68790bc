package org.jrnn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that cannot complete (a file-size limit, a full file system, a read-only directory) fail with an error that
 * names the file and the system's reason, leave the file being replaced byte for byte as it was, and leave no
 * temporary file behind. The file-size limit is {@code ulimit -f} in a child JVM (the JVM ignores SIGXFSZ, so the
 * write fails with an IOException); the full and the read-only file systems are a small tmpfs, mounted when this
 * process may (root with CAP_SYS_ADMIN), else those cases are skipped with the reason.
 */
class DiskFaultTest {
    @TempDir
    Path dir;

    @Test
    void aFileSizeLimitFailsTheWriteAndKeepsTheOldFile() throws Exception {
        Path bash = Path.of("/bin/bash");
        assumeTrue(Files.isExecutable(bash), "needs /bin/bash for ulimit -f");
        Path file = dir.resolve("weights.safetensors");
        writeFloats(file, 1000);
        byte[] before = Files.readAllBytes(file);
        String java = ProcessHandle.current().info().command().orElse("java");
        // 64 blocks of 1024 bytes: the old file (4 KB) fits, the new one (400 KB) does not.
        String command = "ulimit -f 64 && exec \"$0\" -XX:-UsePerfData -Xshare:auto -cp \"$1\" "
                + WriteChild.class.getName() + " \"$2\" 100000";
        Process p = new ProcessBuilder(bash.toString(), "-c", command, java, System.getProperty("java.class.path"),
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), "the child reports an IOException and exits 3; it said: " + out);
        assertTrue(out.contains("cannot write " + file.toAbsolutePath()) && out.contains("File too large")
                && out.contains("weights.safetensors is unchanged"), out);
        assertIntact(file, before);
    }

    @Test
    void aFullFileSystemFailsTheWriteAndKeepsTheOldFile() throws Exception {
        Path mount = mountTmpfs("256k");
        try {
            Path file = mount.resolve("ckpt.safetensors");
            writeFloats(file, 25_000); // 100 KB: the new 200 KB file does not fit beside it
            byte[] before = Files.readAllBytes(file);
            IOException e = assertThrows(IOException.class, () -> writeFloats(file, 50_000));
            assertTrue(e.getMessage().startsWith("cannot write " + file.toAbsolutePath() + ": writing its temporary"
                    + " file .ckpt.safetensors.") && e.getMessage().contains("No space left on device")
                    && e.getMessage().endsWith("ckpt.safetensors is unchanged"), e.getMessage());
            assertIntact(file, before);
            writeFloats(file, 20_000); // once there is room, writes work again
            assertEquals(20_000, SafeTensors.read(file).floats("w").length);
        } finally {
            unmount(mount);
        }
    }

    @Test
    void aReadOnlyDirectoryFailsTheWriteAndKeepsTheOldFile() throws Exception {
        Path mount = mountTmpfs("1m");
        try {
            Path file = mount.resolve("model.safetensors");
            writeFloats(file, 1000);
            byte[] before = Files.readAllBytes(file);
            assertEquals(null, run("mount", "-o", "remount,ro", mount.toString()), "remount read-only");
            IOException e = assertThrows(IOException.class, () -> writeFloats(file, 2000));
            assertEquals("cannot write " + file.toAbsolutePath() + ": cannot create a temporary file in " + mount
                    + " (Read-only file system); model.safetensors is unchanged", e.getMessage());
            Path absent = mount.resolve("new.safetensors");
            e = assertThrows(IOException.class, () -> writeFloats(absent, 10));
            assertTrue(e.getMessage().endsWith("new.safetensors was not created"), e.getMessage());
            assertIntact(file, before);
        } finally {
            unmount(mount);
        }
    }

    private static void writeFloats(Path file, int n) throws IOException {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = n - i;
        }
        SafeTensors.write(file, Map.of("w", SafeTensors.Tensor.f32(data, n)), Map.of("n", Integer.toString(n)));
    }

    /** The file holds exactly its old bytes, still reads, and its directory holds no temporary file. */
    private static void assertIntact(Path file, byte[] before) throws IOException {
        assertArrayEquals(before, Files.readAllBytes(file), file + " unchanged");
        SafeTensors.read(file);
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertEquals(List.of(), s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                    "no temporary file left beside " + file);
        }
    }

    /** A fresh tmpfs of the given size under the test's directory; skips the test when mounting is not allowed. */
    private Path mountTmpfs(String size) throws IOException, InterruptedException {
        Path mount = Files.createDirectory(dir.resolve("tmpfs"));
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", mount.toString());
        assumeTrue(failure == null, () -> "cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " + failure);
        return mount;
    }

    private static void unmount(Path mount) throws IOException, InterruptedException {
        String failure = run("umount", mount.toString());
        assertEquals(null, failure, "umount " + mount);
    }

    /** Runs a command; null when it succeeded, else its exit status and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
    }
}
