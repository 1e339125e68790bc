package org.jrnn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file is malformed, fails its integrity check, or does not hold what the caller asked for.
 * The message always names the file.
 */
public final class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public SafeTensorsException(Path file, String problem) {
        super("file " + file + ": " + problem);
        this.file = file;
    }

    public SafeTensorsException(Path file, String problem, Throwable cause) {
        super("file " + file + ": " + problem, cause);
        this.file = file;
    }

    /** Builds an exception whose message is used verbatim (it must already name the file). */
    static SafeTensorsException verbatim(Path file, String message) {
        return new SafeTensorsException(file, message, true);
    }

    private SafeTensorsException(Path file, String message, boolean verbatim) {
        super(message);
        this.file = file;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }
}
