package org.jrnn.train.schedule;

/**
 * A learning rate as a pure function of the epoch (or step) count, with the semantics of PyTorch 1.13's
 * {@code torch.optim.lr_scheduler}: {@code lr(0)} is the rate right after the scheduler is built (before any
 * {@code step()}), {@code lr(t)} the rate after {@code t} calls of {@code step()}, i.e. PyTorch's
 * {@code last_epoch = t}.
 *
 * <p>Implementations compute PyTorch's closed form ({@code _get_closed_form_lr}); PyTorch's {@code step()} updates
 * the rate recursively from the previous one, which can differ in the last bits (see each schedule, and the golden
 * test for the measured difference). Stateful schedules that depend on a metric are not {@code LrSchedule}s: see
 * {@link ReduceLrOnPlateau}.
 */
public interface LrSchedule {
    /** The learning rate at epoch (or step) {@code epoch} ≥ 0. */
    double lr(int epoch);

    /** Rejects a negative epoch with a message naming it; every schedule calls it first. */
    static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch is " + epoch
                    + "; expected 0 or more (0 is the learning rate before the first step)");
        }
    }
}
