package org.jrnn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrnn.backend.Backends;
import org.jrnn.backend.Probe;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The probe's decisions and messages, with the machine's side effects replaced where it matters. */
class CudaProbeTest {

    @Test
    void withoutADriverTheProbeSaysSo() {
        Assumptions.assumeTrue(NativeLibraries.openError(NativeLibraries.DRIVER) != null,
                "libcuda.so.1 loads on this machine: the no-driver message cannot be observed here");
        Probe p = new CudaProvider().probe();
        System.out.println("cuda probe here: " + p.detail());
        assertFalse(p.available());
        assertTrue(p.detail().startsWith("no NVIDIA driver: libcuda.so.1 not found"), p.detail());
        assertTrue(p.detail().contains("LD_LIBRARY_PATH"), p.detail());
    }

    @Test
    void discoveredWithItsPriorityAndReason() {
        var cuda = Backends.discover().stream().filter(c -> c.name().equals("cuda")).findFirst();
        assertTrue(cuda.isPresent(), "cuda not discovered through ServiceLoader");
        assertEquals(200, cuda.get().provider().priority());
        Probe fresh = new CudaProvider().probe();
        assertEquals(fresh.available(), cuda.get().probe().available());
        if (!fresh.available()) {
            assertEquals(fresh.detail(), cuda.get().probe().detail());
        }
    }

    @Test
    void cublasFoundByNameFirstThenInToolkitFolders() {
        Map<String, String> env = Map.of();
        var byName = NativeLibraries.findCublas(env, lib -> lib.equals("libcublas.so.12") ? null : "no", p -> List.of());
        assertEquals(new NativeLibraries.Found("libcublas.so.12", 12), byName.found());
        assertEquals(List.of("libcublas.so.13 (loader path)", "libcublas.so.12 (loader path)"), byName.tried());

        String file = "/usr/local/cuda-13.0/lib64/libcublas.so.13";
        var inToolkit = NativeLibraries.findCublas(env, lib -> lib.equals(file) ? null : "no",
                p -> p.equals("/usr/local/cuda*") ? List.of(Path.of("/usr/local/cuda-13.0")) : List.of());
        assertEquals(new NativeLibraries.Found(file, 13), inToolkit.found());
    }

    @Test
    void explicitFolderAndPipLocationsAreSearched() {
        var viaEnv = NativeLibraries.findCublas(Map.of("JRNN_CUBLAS_DIR", "/opt/blas"),
                lib -> lib.equals("/opt/blas/libcublas.so.13") ? null : "no", p -> List.of());
        assertEquals(13, viaEnv.found().major());
        String pip = "/usr/local/lib/python3.12/dist-packages/nvidia/cu13/lib/libcublas.so.13";
        var viaPip = NativeLibraries.findCublas(Map.of(), lib -> lib.equals(pip) ? null : "no",
                p -> p.equals("/usr/local/lib/python3*/*-packages")
                        ? List.of(Path.of("/usr/local/lib/python3.12/dist-packages")) : List.of());
        assertEquals(pip, viaPip.found().library());
    }

    @Test
    void noCublasNamesEveryPlaceTried() {
        var none = NativeLibraries.findCublas(Map.of(), lib -> "no", p -> p.equals("/usr/local/cuda*")
                ? List.of(Path.of("/usr/local/cuda-13.0")) : List.of());
        assertNull(none.found());
        String msg = CudaProbe.noCublas(none.tried());
        assertTrue(msg.startsWith("no cuBLAS: none of libcublas.so.13, libcublas.so.12 could be loaded"), msg);
        assertTrue(msg.contains("/usr/local/cuda-13.0/lib64/libcublas.so.13"), msg);
        assertTrue(msg.contains("/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublas.so.12"), msg);
        assertTrue(msg.contains("JRNN_CUBLAS_DIR"), msg);
    }

    @Test
    void aNativeThatCannotLoadNamesTheMissingLibrary() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library"
                + " \"JCudaDriver-12.6.0-linux-x86_64\"\nOperating system name: Linux\n"
                + "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file");
        String msg = CudaProbe.linkageReason(e);
        assertTrue(msg.startsWith("JCuda's native driver binding could not load: libcuda.so.1 is missing"), msg);
        assertTrue(msg.contains("-Djcuda.LibUtils.level=INFO"), msg);
        String plain = CudaProbe.linkageReason(new NoClassDefFoundError("jcuda/driver/JCudaDriver"));
        assertTrue(plain.startsWith("JCuda's native driver binding could not load ("), plain);
    }

    private static CudaProbe.DeviceInfo device(int driver, int count, int major, int minor, long free, String err) {
        return new CudaProbe.DeviceInfo(driver, count, "NVIDIA Test", major, minor, 80L << 30, free, err);
    }

    @Test
    void deviceProblemsInWords() {
        long plenty = 40L << 30;
        assertNull(CudaProbe.deviceProblem(device(13000, 1, 9, 0, plenty, null)));
        assertTrue(CudaProbe.deviceProblem(device(13000, 0, 0, 0, 0, null)).startsWith("no CUDA device"));
        assertTrue(CudaProbe.deviceProblem(device(0, 0, 0, 0, 0, "cuInit: CUDA_ERROR_NO_DEVICE"))
                .startsWith("no CUDA device"));
        String old = CudaProbe.deviceProblem(device(12080, 1, 9, 0, plenty, null));
        assertTrue(old.contains("supports CUDA 12.8") && old.contains("580"), old);
        String arch = CudaProbe.deviceProblem(device(13000, 1, 7, 0, plenty, null));
        assertTrue(arch.contains("compute capability 7.0") && arch.contains("7.5"), arch);
        String mem = CudaProbe.deviceProblem(device(13000, 1, 8, 0, 100L << 20, null));
        assertTrue(mem.startsWith("too little free memory") && mem.contains("100 MiB"), mem);
        assertNotNull(CudaProbe.deviceProblem(device(0, 0, 0, 0, 0, "cuInit: CUDA_ERROR_UNKNOWN")));
    }

    @Test
    void availableDescriptionNamesDeviceDriverAndCublas() {
        String d = CudaProbe.describe(device(13000, 1, 9, 0, 100L << 30, null),
                new NativeLibraries.Found("libcublas.so.13", 13), "13.1.0");
        assertEquals("NVIDIA Test, compute 9.0, 80.0 GiB (100.0 GiB free), driver CUDA 13.0, cuBLAS 13.1.0"
                + " (libcublas.so.13)", d);
    }

    @Test
    void tf32IsOffUnlessAskedFor() {
        assertFalse(CudaBackend.tf32Requested(null, null));
        assertTrue(CudaBackend.tf32Requested("true", null));
        assertTrue(CudaBackend.tf32Requested(null, "1"));
        assertFalse(CudaBackend.tf32Requested("false", "1"), "the property wins over the environment");
    }

    @Test
    void globExpandsWildcardFolders() {
        List<Path> dirs = NativeLibraries.directories("/usr/local/cuda*");
        for (Path p : dirs) {
            assertTrue(p.getFileName().toString().startsWith("cuda"), p.toString());
        }
        assertEquals(Set.of(), Set.copyOf(NativeLibraries.directories("/no-such-folder-here/x*")));
    }
}
