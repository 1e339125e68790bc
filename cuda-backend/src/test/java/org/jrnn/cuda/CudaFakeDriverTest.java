package org.jrnn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The GPU code path end to end without a GPU: builds a fake NVIDIA driver ({@code src/test/cuda/fake_cuda.cpp},
 * soname libcuda.so.1, whose launches run the kernels compiled for the host) and a fake cuBLAS
 * ({@code fake_cublas.cpp}, soname libcublas.so.13), then runs {@link CudaContractTest}, {@link CudaOpsTest} and
 * {@link CudaGoldenTest} in a child JVM that loads them first ({@link FakeDriverMain}). This exercises the probe's
 * "available" path, JCuda's natives and every JCuda call this backend makes, the java.lang.foreign cuBLAS binding,
 * PTX resource loading and kernel argument passing; not real GPU execution, the real driver or cuBLAS.
 */
class CudaFakeDriverTest {
    static final Path DIR = HostDevice.BUILD.resolve("fake-driver");

    /** extern "C" void* jrnn_kernel(name): every kernel of the modules, called with a CUDA-style void** params. */
    static String registry() throws IOException {
        Path cuda = CudaPtxTest.SOURCES.toAbsolutePath();
        StringBuilder s = new StringBuilder();
        s.append("#include \"").append(Path.of("src/test/cuda/host_shim.h").toAbsolutePath()).append("\"\n");
        List<String> kernels = new ArrayList<>();
        for (String m : Ptx.MODULES) {
            s.append("#include \"").append(cuda.resolve(m + ".cu")).append("\"\n");
            kernels.addAll(CudaPtxTest.kernelsIn(cuda.resolve(m + ".cu")));
        }
        s.append("""
                #include <cstring>
                #include <type_traits>
                #include <utility>
                template <typename... A, std::size_t... I>
                static void jrnn_call(void (*f)(A...), void** p, std::index_sequence<I...>) {
                    f(*static_cast<std::remove_reference_t<A>*>(p[I])...);
                }
                template <typename... A>
                static void jrnn_call(void (*f)(A...), void** p) { jrnn_call(f, p, std::index_sequence_for<A...>{}); }
                """);
        for (String k : kernels) {
            s.append("static void launch_").append(k).append("(void** p) { jrnn_call(&").append(k).append(", p); }\n");
        }
        s.append("extern \"C\" void* jrnn_kernel(const char* name) {\n");
        for (String k : kernels) {
            s.append("    if (!std::strcmp(name, \"").append(k).append("\")) return (void*) &launch_").append(k)
                    .append(";\n");
        }
        s.append("    return nullptr;\n}\n");
        return s.toString();
    }

    static String run(List<String> cmd, int timeoutSeconds) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void gpuTestsPassOnTheFakeDriver() throws Exception {
        String reason = HostDevice.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        Files.createDirectories(DIR);
        Path reg = DIR.resolve("kernels_registry.cpp");
        Files.writeString(reg, registry());
        Path libcuda = DIR.resolve("libcuda.so.1").toAbsolutePath();
        Path libcublas = DIR.resolve("libcublas.so.13").toAbsolutePath();
        run(List.of("g++", "-std=c++17", "-O1", "-fPIC", "-shared", "-Wl,-soname,libcuda.so.1",
                "src/test/cuda/fake_cuda.cpp", reg.toString(), "-o", libcuda.toString()), 180);
        run(List.of("g++", "-std=c++17", "-O1", "-fPIC", "-shared", "-Wl,-soname,libcublas.so.13",
                "src/test/cuda/fake_cublas.cpp", "-o", libcublas.toString()), 60);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String out = run(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xss4m", "-Djava.io.tmpdir="
                        + DIR.toAbsolutePath(), "-cp", System.getProperty("java.class.path"),
                FakeDriverMain.class.getName(), libcuda.toString(), libcublas.toString()), 600);
        System.out.println(out.lines().filter(l -> l.startsWith("probe:") || l.contains("tests successful")
                || l.contains("tests failed")).reduce((a, b) -> a + "\n" + b).orElse(out));
        assertTrue(out.contains("probe: available: fake GPU (host emulation), compute 9.0"), out);
    }
}
