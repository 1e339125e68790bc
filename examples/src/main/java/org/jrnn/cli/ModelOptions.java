package org.jrnn.cli;

import java.nio.file.Path;
import org.jrnn.CellType;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code forward} and {@code backward}: which files, what the network should be (checked against the
 * weights, from which everything else is inferred), which backend, and how often to time it.
 */
final class ModelOptions {
    @Option(names = "--cell", paramLabel = "CELL", converter = CellConverter.class,
            completionCandidates = CellConverter.Names.class,
            description = "lstm, gru, rnn_tanh or rnn_relu. Optional when the weights' metadata names the cell.")
    CellType cell;

    @Option(names = {"-w", "--weights"}, required = true, paramLabel = "W.safetensors",
            description = "A PyTorch state_dict in float32: weight_ih_l{k}[_reverse], weight_hh_…, bias_ih_…, bias_hh_….")
    Path weights;

    @Option(names = {"-x", "--input"}, required = true, paramLabel = "X.safetensors",
            description = "input [B, T, I] (batch first); optional h0, c0 [layers*dirs, B, H] and lengths [B] "
                    + "(int64 or int32). For backward also grad_output [B, T, dirs*H], optional grad_h_n, grad_c_n.")
    Path input;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "Y.safetensors",
            description = "Where to write the results (atomically).")
    Path out;

    @Option(names = "--layers", paramLabel = "N", description = "Expected number of layers (checked against the weights).")
    Integer layers;

    @Option(names = "--bidirectional", description = "Expect a bidirectional network (checked against the weights).")
    boolean bidirectional;

    @Option(names = "--hidden", paramLabel = "H", description = "Expected hidden size (checked against the weights).")
    Integer hidden;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Backend to run on; default: -Drnn.backend / RNN_BACKEND, else the best available.")
    String backend;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "0",
            description = "Time N runs (after untimed warm-up runs) and print the median, min and max milliseconds.")
    int repeat;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "2",
            description = "With --repeat: warm up for at least S seconds (and N/5 runs) so that the JIT has compiled"
                    + " the kernels before timing (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    /** Rejects option values that no file could satisfy, as usage errors. */
    void check(CommandSpec spec) {
        if (layers != null && layers < 1) {
            throw new ParameterException(spec.commandLine(), "--layers must be at least 1, got " + layers);
        }
        if (hidden != null && hidden < 1) {
            throw new ParameterException(spec.commandLine(), "--hidden must be at least 1, got " + hidden);
        }
        if (repeat < 0) {
            throw new ParameterException(spec.commandLine(), "--repeat must be at least 0, got " + repeat);
        }
        if (!(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
            throw new ParameterException(spec.commandLine(), "--warmup-seconds must be in [0, 3600], got " + warmupSeconds);
        }
        if (backend != null && backend.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--backend needs a name (see 'rnn backends')");
        }
    }
}
