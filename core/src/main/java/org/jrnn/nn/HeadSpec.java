package org.jrnn.nn;

import org.jrnn.backend.Activation;

/**
 * The dense layers after the readout: an optional hidden layer {@code hidden.weight [hiddenUnits, in]},
 * {@code hidden.bias} with an activation, then {@code head.weight [outputs, in']}, {@code head.bias}. PyTorch
 * equivalent: {@code nn.Linear} modules named {@code hidden} and {@code head} (not an {@code nn.Sequential}).
 *
 * @param hiddenUnits 0 for no hidden layer
 * @param dropout     dropout on the head's input during training (0 for none)
 */
public record HeadSpec(int hiddenUnits, Activation activation, float dropout, int outputs) {
    public HeadSpec {
        if (hiddenUnits < 0 || outputs < 1) {
            throw new IllegalArgumentException("head needs outputs >= 1 and hidden units >= 0, got " + outputs + ", "
                    + hiddenUnits);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("head dropout must be in [0, 1), got " + dropout);
        }
        if (activation == null) {
            activation = Activation.IDENTITY;
        }
    }

    /** A single linear layer to {@code outputs}. */
    public static HeadSpec linear(int outputs) {
        return new HeadSpec(0, Activation.IDENTITY, 0f, outputs);
    }
}
