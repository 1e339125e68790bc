package org.jrnn.cuda;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrnn.backend.Probe;

/**
 * Whether the cuda backend can run here, and if not, why in words a user can act on. The steps, each of which
 * stops with its own reason: the driver library ({@code libcuda.so.1}, looked up through {@code java.lang.foreign}
 * before any JCuda class loads); a cuBLAS ({@code libcublas.so.13} or {@code .12}, see {@link NativeLibraries});
 * JCuda's native driver binding; {@code cuInit} and a device; a driver new enough for the shipped PTX (ISA 9.0 from
 * nvcc 13: a CUDA 13 driver, R580 or newer); compute capability 7.5 or newer; free device memory. Every native touch
 * is inside a {@code catch (Throwable)}: JCuda's static initialisers throw {@link LinkageError}s.
 */
final class CudaProbe {
    /** The oldest driver API version that loads PTX ISA 9.0 (what nvcc 13.0 writes): CUDA 13.0. */
    static final int MIN_DRIVER_VERSION = 13000;
    /** nvcc 13's oldest virtual architecture is compute_75; the PTX targets it. */
    static final int MIN_COMPUTE = 75;
    /** Less free memory than this cannot hold a useful model and its workspaces. */
    static final long MIN_FREE_BYTES = 256L << 20;

    private static final Pattern SO = Pattern.compile("(lib[A-Za-z0-9_+\\-]+\\.so[0-9.]*)");

    private CudaProbe() {}

    /** What the device query found; {@code error} is non-null when a driver call failed. */
    record DeviceInfo(int driverVersion, int devices, String name, int computeMajor, int computeMinor,
                      long totalBytes, long freeBytes, String error) {}

    static Probe probe() {
        String driver = NativeLibraries.openError(NativeLibraries.DRIVER);
        if (driver != null) {
            return Probe.unavailable(noDriver(driver));
        }
        NativeLibraries.Search cublas = NativeLibraries.findCublas();
        if (cublas.found() == null) {
            return Probe.unavailable(noCublas(cublas.tried()));
        }
        DeviceInfo info;
        try {
            info = CudaContext.query();
        } catch (LinkageError e) {
            return Probe.unavailable(linkageReason(e));
        }
        String problem = deviceProblem(info);
        if (problem != null) {
            return Probe.unavailable(problem);
        }
        String version;
        try {
            version = Cublas.version(cublas.found().library());
        } catch (Throwable t) {
            return Probe.unavailable("cuBLAS at " + cublas.found().library() + " could not be bound: " + t.getMessage());
        }
        return Probe.available(describe(info, cublas.found(), version));
    }

    static String noDriver(String loaderMessage) {
        return "no NVIDIA driver: " + NativeLibraries.DRIVER + " not found (" + loaderMessage + "); install the NVIDIA"
                + " driver (580 or newer for CUDA 13), or add the folder holding " + NativeLibraries.DRIVER
                + " to LD_LIBRARY_PATH";
    }

    static String noCublas(List<String> tried) {
        return "no cuBLAS: none of " + String.join(", ", NativeLibraries.CUBLAS_NAMES) + " could be loaded; tried "
                + String.join(", ", tried) + ". Install the CUDA toolkit's cuBLAS (or pip install nvidia-cublas),"
                + " add its lib folder to LD_LIBRARY_PATH or set " + NativeLibraries.CUBLAS_DIR_ENV + " to it";
    }

    /** A JCuda native that would not load, with the shared library the loader missed when it says so. */
    static String linkageReason(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
            for (Throwable s : t.getSuppressed()) {
                all.append(s.getMessage()).append(' ');
            }
        }
        Matcher m = SO.matcher(all);
        String missing = null;
        while (m.find()) {
            String lib = m.group(1);
            if (!lib.startsWith("libJCuda")) { // JCuda's own binding is what failed; name what it needed
                missing = lib;
                break;
            }
        }
        String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        return "JCuda's native driver binding could not load" + (missing != null ? ": " + missing + " is missing" : "")
                + " (" + e.getClass().getSimpleName() + ": " + first + "); run with -Djcuda.LibUtils.level=INFO"
                + " for the details";
    }

    /** Why this device cannot run the backend, or null. */
    static String deviceProblem(DeviceInfo d) {
        if (d.error() != null) {
            return d.error().contains("CUDA_ERROR_NO_DEVICE")
                    ? "no CUDA device: the driver loads but sees no GPU (" + d.error() + "); check nvidia-smi and"
                            + " CUDA_VISIBLE_DEVICES"
                    : "the CUDA driver failed: " + d.error() + "; check nvidia-smi";
        }
        if (d.devices() == 0) {
            return "no CUDA device: the driver loads but sees no GPU; check nvidia-smi and CUDA_VISIBLE_DEVICES";
        }
        if (d.driverVersion() < MIN_DRIVER_VERSION) {
            return "the NVIDIA driver supports CUDA " + cudaVersion(d.driverVersion()) + " but the backend's kernels"
                    + " (PTX ISA 9.0, from nvcc 13) need CUDA 13.0: update the driver to 580 or newer";
        }
        int cc = d.computeMajor() * 10 + d.computeMinor();
        if (cc < MIN_COMPUTE) {
            return "GPU '" + d.name() + "' has compute capability " + d.computeMajor() + "." + d.computeMinor()
                    + " but the kernels need 7.5 or newer (Turing and later)";
        }
        if (d.freeBytes() < MIN_FREE_BYTES) {
            return "too little free memory on GPU '" + d.name() + "': " + mib(d.freeBytes()) + " of "
                    + mib(d.totalBytes()) + " free, " + mib(MIN_FREE_BYTES) + " needed; stop other GPU processes"
                    + " (nvidia-smi lists them)";
        }
        return null;
    }

    static String describe(DeviceInfo d, NativeLibraries.Found cublas, String cublasVersion) {
        return d.name() + ", compute " + d.computeMajor() + "." + d.computeMinor() + ", " + gib(d.totalBytes())
                + " (" + gib(d.freeBytes()) + " free), driver CUDA " + cudaVersion(d.driverVersion()) + ", cuBLAS "
                + cublasVersion + " (" + cublas.library() + ")";
    }

    static String cudaVersion(int v) {
        return v / 1000 + "." + (v % 1000) / 10;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
