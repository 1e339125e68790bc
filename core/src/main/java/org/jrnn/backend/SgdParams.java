package org.jrnn.backend;

/** Hyper-parameters of one SGD step, as {@code torch.optim.SGD}'s arguments. */
public record SgdParams(float lr, float momentum, float dampening, boolean nesterov, float weightDecay) {
    public SgdParams {
        if (!(lr >= 0f) || !(momentum >= 0f) || !(weightDecay >= 0f) || Float.isNaN(dampening)) {
            throw new IllegalArgumentException("SGD needs lr, momentum and weight decay >= 0; got lr=" + lr
                    + " momentum=" + momentum + " weight_decay=" + weightDecay + " dampening=" + dampening);
        }
        if (nesterov && (momentum <= 0f || dampening != 0f)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening"
                    + " (as torch.optim.SGD); got momentum=" + momentum + " dampening=" + dampening);
        }
    }

    public static SgdParams plain(float lr) {
        return new SgdParams(lr, 0f, 0f, false, 0f);
    }
}
