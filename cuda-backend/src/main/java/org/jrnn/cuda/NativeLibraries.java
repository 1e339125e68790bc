package org.jrnn.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the native libraries this backend needs are, found with {@link SymbolLookup#libraryLookup} (the dynamic
 * loader's own search, so {@code LD_LIBRARY_PATH} and {@code ldconfig} count) before any JCuda class is touched: a
 * missing driver then becomes a sentence instead of an {@link UnsatisfiedLinkError} from a static initialiser.
 *
 * <p>cuBLAS: {@code libcublas.so.13} (CUDA 13), then {@code libcublas.so.12}, first by name through the loader, then
 * as files in {@code $JRNN_CUBLAS_DIR}, {@code /usr/local/cuda*}{@code /lib64} and {@code /targets/x86_64-linux/lib},
 * and pip's {@code nvidia/cublas/lib} and {@code nvidia/cu13/lib} under the Python package folders.
 */
final class NativeLibraries {
    static final String DRIVER = "libcuda.so.1";
    static final List<String> CUBLAS_NAMES = List.of("libcublas.so.13", "libcublas.so.12");
    static final String CUBLAS_DIR_ENV = "JRNN_CUBLAS_DIR";

    private NativeLibraries() {}

    /** Null when the loader can open {@code nameOrPath}, else the loader's reason. */
    static String openError(String nameOrPath) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(nameOrPath, arena);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage() != null ? e.getMessage() : "cannot be opened";
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /**
     * A cuBLAS found: {@code library} is what to pass to {@code SymbolLookup.libraryLookup} (a soname or a path),
     * {@code major} its major version from the file name.
     */
    record Found(String library, int major) {}

    /** The outcome of a search: what was found (null for nothing) and, in words, every place that was tried. */
    record Search(Found found, List<String> tried) {}

    /** Searches the real machine. */
    static Search findCublas() {
        return findCublas(System.getenv(), NativeLibraries::openError, NativeLibraries::directories);
    }

    /**
     * The search with its side effects passed in, for tests: {@code opener} answers null when it can open a soname
     * or path; {@code glob} lists directories matching a pattern such as {@code /usr/local/cuda*}.
     */
    static Search findCublas(Map<String, String> env, Function<String, String> opener,
                             Function<String, List<Path>> glob) {
        List<String> tried = new ArrayList<>();
        for (String name : CUBLAS_NAMES) {
            tried.add(name + " (loader path)");
            if (opener.apply(name) == null) {
                return new Search(new Found(name, major(name)), tried);
            }
        }
        List<Path> dirs = new ArrayList<>();
        String explicit = env.get(CUBLAS_DIR_ENV);
        if (explicit != null && !explicit.isBlank()) {
            dirs.add(Path.of(explicit));
        }
        for (Path cuda : glob.apply("/usr/local/cuda*")) {
            dirs.add(cuda.resolve("lib64"));
            dirs.add(cuda.resolve("targets/x86_64-linux/lib"));
        }
        for (String pattern : List.of("/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages",
                System.getProperty("user.home", ".") + "/.local/lib/python3*/site-packages")) {
            for (Path site : glob.apply(pattern)) {
                dirs.add(site.resolve("nvidia/cublas/lib"));
                dirs.add(site.resolve("nvidia/cu13/lib"));
            }
        }
        for (Path dir : dirs) {
            for (String name : CUBLAS_NAMES) {
                Path file = dir.resolve(name);
                tried.add(file.toString());
                if (opener.apply(file.toString()) == null) {
                    return new Search(new Found(file.toString(), major(name)), tried);
                }
            }
        }
        return new Search(null, tried);
    }

    static int major(String soname) {
        int dot = soname.lastIndexOf('.');
        return Integer.parseInt(soname.substring(dot + 1));
    }

    /**
     * Directories matching a pattern whose wildcards are only in its last two components (enough for the
     * locations above).
     */
    static List<Path> directories(String pattern) {
        List<Path> out = new ArrayList<>();
        Path p = Path.of(pattern);
        expand(p.getRoot(), p, 0, out);
        return out;
    }

    private static void expand(Path base, Path pattern, int i, List<Path> out) {
        if (i == pattern.getNameCount()) {
            out.add(base);
            return;
        }
        String part = pattern.getName(i).toString();
        if (!part.contains("*")) {
            Path next = base.resolve(part);
            if (Files.isDirectory(next)) {
                expand(next, pattern, i + 1, out);
            }
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, part)) {
            List<Path> matches = new ArrayList<>();
            ds.forEach(matches::add);
            matches.sort(null);
            for (Path m : matches) {
                if (Files.isDirectory(m)) {
                    expand(m, pattern, i + 1, out);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable folder is one place less to look
        }
    }
}
