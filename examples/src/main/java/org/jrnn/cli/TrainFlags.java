package org.jrnn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jrnn.nn.Readout;
import org.jrnn.train.Loss;
import org.jrnn.train.optim.OptimizerSpec;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The checks of {@code rnn train}'s flags among themselves, before any file is read: ranges, flags that need or
 * exclude others, and flags that do not apply to the chosen optimizer or loss. Each failure is a usage error
 * (exit 2) naming the flag. What passes becomes the optimizer's spec (PyTorch's defaults for what was not given)
 * and the modules to freeze.
 */
record TrainFlags(OptimizerSpec optimizer, List<String> frozen) {

    /** The modules --freeze may name (the CLI builds no hidden dense layer). */
    static final List<String> FREEZABLE = List.of("embedding", "rnn", "head");

    static TrainFlags check(TrainCommand c, CommandLine cmd) {
        Checker k = new Checker(cmd);
        k.require(c.hidden >= 1, "--hidden must be at least 1, got " + c.hidden);
        k.require(c.layers >= 1, "--layers must be at least 1, got " + c.layers);
        k.require(c.dropout >= 0f && c.dropout < 1f, "--dropout must be in [0, 1), got " + c.dropout);
        k.require(c.outputs >= 1, "--outputs must be at least 1, got " + c.outputs);
        k.require(c.batch >= 1, "--batch must be at least 1, got " + c.batch);

        if (c.embedding == null) {
            k.require(c.vocab == null, "--vocab needs --embedding E (tokens are embedded)");
            k.require(c.paddingIdx == null, "--padding-idx needs --embedding E and --vocab V");
        } else {
            k.require(c.embedding >= 1, "--embedding must be at least 1, got " + c.embedding);
            k.require(c.vocab != null, "--embedding needs --vocab V, the number of token ids");
            k.require(c.vocab >= 1, "--vocab must be at least 1, got " + c.vocab);
            k.require(c.paddingIdx == null || (c.paddingIdx >= 0 && c.paddingIdx < c.vocab),
                    "--padding-idx " + c.paddingIdx + " is outside the vocabulary [0, " + c.vocab + ")");
        }

        k.require(!(c.loss == Loss.Kind.CE && c.readout == Readout.ALL),
                "--loss ce takes one class per sequence; --readout all needs --loss mse or bce");
        if (c.classWeights != null) {
            k.require(c.loss == Loss.Kind.CE, "--class-weights applies to --loss ce only");
            k.require(c.classWeights.length == c.outputs, "--class-weights has " + c.classWeights.length
                    + " weights but --outputs " + c.outputs + " classes need " + c.outputs);
            for (float w : c.classWeights) {
                k.require(w >= 0f && Float.isFinite(w), "--class-weights must be finite and >= 0, got " + w);
            }
        }

        k.require(c.epochs != null || c.steps != null, "give --epochs N or --steps K");
        k.require(c.epochs == null || c.steps == null, "--epochs and --steps exclude each other; give one");
        k.require(c.epochs == null || c.epochs >= 1, "--epochs must be at least 1, got " + c.epochs);
        k.require(c.steps == null || c.steps >= 1, "--steps must be at least 1, got " + c.steps);

        k.require(c.clipNorm == null || c.clipValue == null,
                "--clip-norm and --clip-value exclude each other; give one");
        k.require(c.clipNorm == null || (c.clipNorm > 0f && Float.isFinite(c.clipNorm)),
                "--clip-norm must be finite and > 0, got " + c.clipNorm);
        k.require(c.clipValue == null || (c.clipValue > 0f && Float.isFinite(c.clipValue)),
                "--clip-value must be finite and > 0, got " + c.clipValue);

        List<String> frozen = new ArrayList<>();
        if (c.freeze != null) {
            for (String m : c.freeze) {
                String module = m.trim().toLowerCase(Locale.ROOT);
                k.require(FREEZABLE.contains(module), "--freeze: unknown module '" + m + "'; expected some of "
                        + String.join(", ", FREEZABLE));
                k.require(!module.equals("embedding") || c.embedding != null,
                        "--freeze embedding, but there is no embedding (give --embedding)");
                if (!frozen.contains(module)) {
                    frozen.add(module);
                }
            }
            k.require(!(frozen.contains("rnn") && frozen.contains("head")
                            && (c.embedding == null || frozen.contains("embedding"))),
                    "--freeze " + String.join(",", frozen) + " leaves nothing to train");
        }
        k.require(c.backend == null || !c.backend.isBlank(), "--backend needs a name (see 'rnn backends')");
        return new TrainFlags(optimizer(c, k), List.copyOf(frozen));
    }

    private static OptimizerSpec optimizer(TrainCommand c, Checker k) {
        String name = c.optimizer.name().toLowerCase(Locale.ROOT);
        k.require(c.lr > 0f && Float.isFinite(c.lr), "--lr must be finite and > 0, got " + c.lr);
        k.require(c.weightDecay == null || (c.weightDecay >= 0f && Float.isFinite(c.weightDecay)),
                "--weight-decay must be finite and >= 0, got " + c.weightDecay);
        if (c.optimizer == OptimizerSpec.Kind.SGD) {
            k.require(c.betas == null, "--betas applies to --optimizer adam or adamw, not sgd");
            k.require(c.eps == null, "--eps applies to --optimizer adam or adamw, not sgd");
            float momentum = c.momentum != null ? c.momentum : 0f;
            float dampening = c.dampening != null ? c.dampening : 0f;
            k.require(momentum >= 0f && Float.isFinite(momentum), "--momentum must be finite and >= 0, got "
                    + momentum);
            k.require(Float.isFinite(dampening), "--dampening must be finite, got " + dampening);
            k.require(!c.nesterov || (momentum > 0f && dampening == 0f),
                    "--nesterov needs --momentum > 0 and no --dampening");
            return OptimizerSpec.sgd(c.lr, momentum, dampening, c.nesterov,
                    c.weightDecay != null ? c.weightDecay : 0f);
        }
        k.require(c.momentum == null, "--momentum applies to --optimizer sgd, not " + name);
        k.require(c.dampening == null, "--dampening applies to --optimizer sgd, not " + name);
        k.require(!c.nesterov, "--nesterov applies to --optimizer sgd, not " + name);
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        if (c.betas != null) {
            k.require(c.betas.length == 2, "--betas needs two values B1,B2, got " + c.betas.length);
            beta1 = c.betas[0];
            beta2 = c.betas[1];
            k.require(beta1 >= 0f && beta1 < 1f && beta2 >= 0f && beta2 < 1f,
                    "--betas must each be in [0, 1), got " + beta1 + "," + beta2);
        }
        float eps = c.eps != null ? c.eps : 1e-8f;
        k.require(eps >= 0f && Float.isFinite(eps), "--eps must be finite and >= 0, got " + eps);
        if (c.optimizer == OptimizerSpec.Kind.ADAMW) {
            return OptimizerSpec.adamW(c.lr, beta1, beta2, eps, c.weightDecay != null ? c.weightDecay : 0.01f);
        }
        return OptimizerSpec.adam(c.lr, beta1, beta2, eps, c.weightDecay != null ? c.weightDecay : 0f);
    }

    /** Throws the usage error of the first failed check. */
    private record Checker(CommandLine cmd) {
        void require(boolean ok, String problem) {
            if (!ok) {
                throw new ParameterException(cmd, problem);
            }
        }
    }
}
