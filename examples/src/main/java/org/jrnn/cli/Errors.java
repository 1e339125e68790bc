package org.jrnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.jrnn.backend.BackendUnavailableException;
import org.jrnn.train.NonFiniteLossException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns an exception from a command into one line on stderr and an exit status. User errors (bad files, bad data,
 * an unavailable backend, training that diverged) are {@link Main#EXIT_DATA}; anything else is a bug and
 * {@link Main#EXIT_INTERNAL}.
 * {@code --debug} adds the stack trace in both cases.
 */
final class Errors {
    private Errors() {}

    static int handle(Exception ex, CommandLine cmd, ParseResult fullParseResult) {
        PrintWriter err = cmd.getErr();
        boolean debug = fullParseResult != null && CommonOptions.debug(fullParseResult);
        String user = userMessage(ex);
        int status;
        if (user != null) {
            err.println("rnn: error: " + user);
            status = Main.EXIT_DATA;
        } else {
            err.println("rnn: internal error: " + ex + (debug ? "" : " (run with --debug for the stack trace)"));
            status = Main.EXIT_INTERNAL;
        }
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    /** The one-line message of a user error, or null when the exception is a bug. */
    static String userMessage(Throwable ex) {
        return switch (ex) {
            case UncheckedIOException u -> userMessage(u.getCause());
            case NoSuchFileException e -> "file not found: " + e.getFile();
            case AccessDeniedException e -> "permission denied: " + e.getFile();
            case FileSystemException e -> e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass()
                    .getSimpleName());
            case IOException e -> e.getMessage() != null ? e.getMessage() : e.toString();
            case BackendUnavailableException e -> e.getMessage();
            case NonFiniteLossException e -> e.getMessage();
            case IllegalArgumentException e -> e.getMessage() != null ? e.getMessage() : e.toString();
            default -> null;
        };
    }
}
