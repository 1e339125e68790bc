package org.jrnn.train.optim;

import java.util.Arrays;
import java.util.Locale;

/**
 * An optimizer and its default hyper-parameters, as {@code torch.optim.SGD}, {@code Adam} or {@code AdamW}'s
 * arguments. {@link ParamGroup}s may override the learning rate and weight decay per parameter.
 */
public record OptimizerSpec(Kind kind, float lr, float momentum, float dampening, boolean nesterov,
                            float weightDecay, float beta1, float beta2, float eps) {

    public enum Kind {
        SGD, ADAM, ADAMW;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown optimizer '" + s + "': expected one of "
                        + Arrays.stream(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList(), e);
            }
        }
    }

    public OptimizerSpec {
        if (!(lr >= 0f) || !(weightDecay >= 0f)) {
            throw new IllegalArgumentException("learning rate and weight decay must be >= 0, got lr=" + lr
                    + " weight_decay=" + weightDecay);
        }
    }

    /** {@code torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)}. */
    public static OptimizerSpec sgd(float lr, float momentum, float dampening, boolean nesterov, float weightDecay) {
        return new OptimizerSpec(Kind.SGD, lr, momentum, dampening, nesterov, weightDecay, 0f, 0f, 0f);
    }

    /** {@code torch.optim.Adam(lr, betas, eps, weight_decay)}. */
    public static OptimizerSpec adam(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new OptimizerSpec(Kind.ADAM, lr, 0f, 0f, false, weightDecay, beta1, beta2, eps);
    }

    /** {@code torch.optim.AdamW(lr, betas, eps, weight_decay)} (PyTorch's default weight decay is 0.01). */
    public static OptimizerSpec adamW(float lr, float beta1, float beta2, float eps, float weightDecay) {
        return new OptimizerSpec(Kind.ADAMW, lr, 0f, 0f, false, weightDecay, beta1, beta2, eps);
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static OptimizerSpec adam(float lr) {
        return adam(lr, 0.9f, 0.999f, 1e-8f, 0f);
    }
}
