package org.jrnn.examples;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Options the example tasks share ({@code stock}, {@code sentiment}). Numeric options are null when not given so
 * that each task applies its own default (the defaults differ: the stock recipe uses Adam at 0.01 and 50 hidden units,
 * sentiment 0.001 and 128); {@link #or} picks.
 */
public final class ExampleOptions {
    @Option(names = "--backend", paramLabel = "NAME", description = "Backend to run on (default: the best available).")
    public String backend;

    @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs (early stopping may end sooner).")
    public Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Sequences per mini-batch.")
    public Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Adam's learning rate.")
    public Float lr;

    @Option(names = "--hidden", paramLabel = "H", description = "Hidden units of the recurrent layers.")
    public Integer hidden;

    @Option(names = "--layers", paramLabel = "L", description = "Stacked recurrent layers.")
    public Integer layers;

    @Option(names = "--bidirectional", description = "Run each layer in both directions.")
    public boolean bidirectional;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout between recurrent layers (and before the head).")
    public Float dropout;

    @Option(names = "--clip-norm", paramLabel = "N", description = "Clip gradients to this global norm.")
    public Float clipNorm;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the data generator, split, init, shuffling and dropout.")
    public Long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Compute threads of the CPU backend.")
    public Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every reported figure to this JSON file.")
    public Path json;

    /** The given value, else the task's default. */
    public static <T> T or(T given, T fallback) {
        return given != null ? given : fallback;
    }

    /**
     * Rejects the values of these options that no data could satisfy, as usage errors (exit 2) naming the flag and
     * its range; call before reading any file. Options not given are the task's to default.
     */
    public void check(CommandLine cmd) {
        atLeast(cmd, "--epochs", epochs, 1);
        atLeast(cmd, "--batch", batch, 1);
        atLeast(cmd, "--hidden", hidden, 1);
        atLeast(cmd, "--layers", layers, 1);
        atLeast(cmd, "--threads", threads, 1);
        if (lr != null && !(lr > 0f && Float.isFinite(lr))) {
            throw new ParameterException(cmd, "--lr must be finite and > 0, got " + lr);
        }
        if (dropout != null && !(dropout >= 0f && dropout < 1f)) {
            throw new ParameterException(cmd, "--dropout must be in [0, 1), got " + dropout);
        }
        if (clipNorm != null && !(clipNorm > 0f && Float.isFinite(clipNorm))) {
            throw new ParameterException(cmd, "--clip-norm must be finite and > 0, got " + clipNorm);
        }
        if (backend != null && backend.isBlank()) {
            throw new ParameterException(cmd, "--backend needs a name (see 'rnn backends')");
        }
    }

    /** Fails as a usage error when {@code value} was given and is below {@code min}. */
    public static void atLeast(CommandLine cmd, String flag, Integer value, int min) {
        if (value != null && value < min) {
            throw new ParameterException(cmd, flag + " must be at least " + min + ", got " + value);
        }
    }

    /** Applies --threads (before the backend is created); {@link #check} has seen that it is at least 1. */
    public void applyThreads() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            System.setProperty("rnn.threads", Integer.toString(threads));
        }
    }
}
