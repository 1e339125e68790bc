package org.jrnn.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The kernels' PTX, shipped as classpath resources {@code /org/jrnn/cuda/ptx/NAME.ptx} compiled from
 * {@code src/main/cuda/NAME.cu} by {@code build-ptx.sh}; the first line of each records the SHA-256 of its source.
 */
final class Ptx {
    /** The modules: operations of the SPI, and the fused cell passes. */
    static final List<String> MODULES = List.of("ops", "cells");
    static final String OPS = "ops";
    static final String CELLS = "cells";
    static final String HASH_PREFIX = "// jrnn-source-sha256: ";

    private Ptx() {}

    static String resource(String module) {
        return "/org/jrnn/cuda/ptx/" + module + ".ptx";
    }

    static String load(String module) {
        try (InputStream in = Ptx.class.getResourceAsStream(resource(module))) {
            if (in == null) {
                throw new IllegalStateException("PTX resource " + resource(module) + " is missing from the cuda-backend"
                        + " jar; regenerate it with cuda-backend/src/main/cuda/build-ptx.sh (needs nvcc)");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource(module) + ": " + e.getMessage(), e);
        }
    }

    /** The source hash a PTX text records on its first line, or null. */
    static String recordedHash(String ptx) {
        String first = ptx.lines().findFirst().orElse("");
        return first.startsWith(HASH_PREFIX) ? first.substring(HASH_PREFIX.length()).trim() : null;
    }
}
