package org.jrnn.train.optim;

import java.util.function.Predicate;
import org.jrnn.nn.ParameterSet;

/**
 * Parameters that share hyper-parameters, as a PyTorch parameter group: e.g. no weight decay on biases, or a smaller
 * learning rate for a pretrained recurrent stack. A parameter belongs to the first group that selects it, else to
 * the default group of the {@link OptimizerSpec}.
 *
 * @param lr          this group's base learning rate, or NaN for the spec's
 * @param weightDecay this group's weight decay, or NaN for the spec's
 */
public record ParamGroup(String name, Predicate<ParameterSet.Entry> selects, float lr, float weightDecay) {

    /** Biases (of every module) without weight decay. */
    public static ParamGroup noDecayOnBiases() {
        return new ParamGroup("biases", ParameterSet.Entry::isBias, Float.NaN, 0f);
    }

    /** One module's parameters (embedding, rnn, hidden, head) at their own learning rate. */
    public static ParamGroup module(String module, float lr) {
        return new ParamGroup(module, e -> e.module().equals(module), lr, Float.NaN);
    }
}
