package org.jrnn.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

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

    /** Applies --threads (before the backend is created). */
    public void applyThreads() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            System.setProperty("rnn.threads", Integer.toString(threads));
        }
    }
}
