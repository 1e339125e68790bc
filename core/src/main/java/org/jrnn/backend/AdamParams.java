package org.jrnn.backend;

/**
 * Hyper-parameters of one Adam or AdamW step, as {@code torch.optim.Adam}/{@code AdamW}'s arguments.
 *
 * @param decoupledWeightDecay AdamW's decay {@code p *= 1 − lr·wd} instead of Adam's L2 term added to the gradient
 */
public record AdamParams(float lr, float beta1, float beta2, float eps, float weightDecay,
                         boolean decoupledWeightDecay) {
    public AdamParams {
        if (!(lr >= 0f) || !(eps >= 0f) || !(weightDecay >= 0f)) {
            throw new IllegalArgumentException("Adam needs lr, eps and weight decay >= 0; got lr=" + lr + " eps=" + eps
                    + " weight_decay=" + weightDecay);
        }
        if (!(beta1 >= 0f && beta1 < 1f) || !(beta2 >= 0f && beta2 < 1f)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1); got " + beta1 + ", " + beta2);
        }
    }

    /** {@code torch.optim.Adam(lr=lr)}: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamParams adam(float lr) {
        return new AdamParams(lr, 0.9f, 0.999f, 1e-8f, 0f, false);
    }

    /** {@code torch.optim.AdamW(lr=lr)}: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static AdamParams adamW(float lr) {
        return new AdamParams(lr, 0.9f, 0.999f, 1e-8f, 0.01f, true);
    }
}
