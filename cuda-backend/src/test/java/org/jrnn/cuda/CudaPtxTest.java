package org.jrnn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX resources against their CUDA sources (Surefire runs in the module folder): the recorded source
 * hash, the ISA version the GPU machines' driver must load, every kernel of the sources present, every kernel the
 * Java code launches defined, and — where the tools exist — ptxas assembling it for sm_80 and sm_90 and nvcc
 * reproducing it.
 */
class CudaPtxTest {
    static final Path SOURCES = Path.of("src/main/cuda");
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(");
    private static final Pattern LAUNCHED = Pattern.compile(
            "(?:run|elementwise|cell)\\(\"(\\w+)\"|launch\\(Ptx\\.\\w+, \"(\\w+)\"");

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    static Set<String> kernelsIn(Path cu) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = KERNEL.matcher(Files.readString(cu));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ops", "cells"})
    void committedPtxIsFromTheCurrentSource(String module) throws Exception {
        String ptx = Ptx.load(module);
        assertEquals(sha256(SOURCES.resolve(module + ".cu")), Ptx.recordedHash(ptx),
                module + ".ptx is stale: run cuda-backend/src/main/cuda/build-ptx.sh (needs nvcc) and commit it");
        assertTrue(ptx.contains("\n.version 9.0\n"), "PTX ISA 9.0 expected (nvcc 13; loads on CUDA 13 drivers)");
        assertTrue(ptx.contains("\n.target sm_75\n"), "compute_75 expected");
        for (String k : kernelsIn(SOURCES.resolve(module + ".cu"))) {
            assertTrue(ptx.contains(".entry " + k + "("), module + ".ptx lacks kernel " + k);
        }
    }

    @Test
    void everyKernelTheJavaCodeLaunchesExists() throws Exception {
        Set<String> defined = new TreeSet<>();
        for (String m : Ptx.MODULES) {
            defined.addAll(kernelsIn(SOURCES.resolve(m + ".cu")));
        }
        Set<String> launched = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/java/org/jrnn/cuda"))) {
            for (Path f : files.toList()) {
                Matcher m = LAUNCHED.matcher(Files.readString(f));
                while (m.find()) {
                    launched.add(m.group(1) != null ? m.group(1) : m.group(2));
                }
            }
        }
        assertFalse(launched.isEmpty());
        launched.removeAll(defined);
        assertEquals(Set.of(), launched, "kernels launched from Java but defined in no .cu file");
    }

    /** A tool on the PATH or in /usr/local/bin, or null. */
    static Path tool(String name) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/local/bin:/usr/local/cuda/bin")
                .split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    static String exec(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sm_80", "sm_90"})
    void ptxasAssemblesIt(String arch) throws Exception {
        Path ptxas = tool("ptxas");
        Assumptions.assumeTrue(ptxas != null, "ptxas not found on the PATH or in /usr/local/bin: cannot assemble"
                + " the PTX for " + arch + " here");
        for (String m : Ptx.MODULES) {
            Path src = Files.createTempFile("jrnn-" + m, ".ptx");
            Path out = Files.createTempFile("jrnn-" + m, ".cubin");
            try {
                Files.writeString(src, Ptx.load(m), StandardCharsets.US_ASCII);
                exec(List.of(ptxas.toString(), "-arch=" + arch, src.toString(), "-o", out.toString()));
                assertTrue(Files.size(out) > 0, m + " assembled to nothing");
            } finally {
                Files.deleteIfExists(src);
                Files.deleteIfExists(out);
            }
        }
    }

    @Test
    void nvccReproducesTheCommittedPtx() throws Exception {
        Path nvcc = tool("nvcc");
        Assumptions.assumeTrue(nvcc != null, "nvcc not found on the PATH or in /usr/local/bin: cannot recompile");
        String version = exec(List.of(nvcc.toString(), "--version"));
        for (String m : Ptx.MODULES) {
            String committed = Ptx.load(m);
            Matcher rel = Pattern.compile("release (\\d+\\.\\d+), V[\\d.]+").matcher(committed);
            Assumptions.assumeTrue(rel.find() && version.contains(rel.group()),
                    "this nvcc is not the one that wrote " + m + ".ptx; its output may differ");
            Path out = Files.createTempFile("jrnn-" + m, ".ptx");
            try {
                exec(List.of(nvcc.toString(), "-ptx", "-arch=compute_75", "-o", out.toString(),
                        SOURCES.resolve(m + ".cu").toString()));
                List<String> body = new ArrayList<>(committed.lines().toList());
                body.subList(0, 2).clear(); // the two header lines build-ptx.sh adds
                assertEquals(body, Files.readAllLines(out), m + ".ptx differs from nvcc's output");
            } finally {
                Files.deleteIfExists(out);
            }
        }
    }
}
