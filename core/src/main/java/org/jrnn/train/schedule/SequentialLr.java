package org.jrnn.train.schedule;

import java.util.List;

/**
 * PyTorch's {@code SequentialLR}: schedule {@code i} runs from milestone {@code i-1} (or epoch 0) to milestone
 * {@code i}, each restarted at its own epoch 0 when its turn comes. With milestones {@code m₁ < m₂ < …},
 * {@code lr(t) = schedules[k].lr(t - m_k)} where {@code k} is the number of milestones ≤ {@code t} and
 * {@code m₀ = 0}. The typical use is a warm-up followed by a decay:
 * {@code new SequentialLr(List.of(LinearLr.warmUp(lr, 0.1, 5), new CosineAnnealingLr(lr, 25)), List.of(5))}.
 *
 * <p>In PyTorch all schedules share the optimizer's initial rate; here each carries its own {@code baseLr}, so give
 * them the same one to match.
 */
public record SequentialLr(List<LrSchedule> schedules, List<Integer> milestones) implements LrSchedule {
    public SequentialLr {
        schedules = List.copyOf(schedules);
        milestones = List.copyOf(milestones);
        if (schedules.isEmpty()) {
            throw new IllegalArgumentException("SequentialLr needs at least one schedule; got none");
        }
        if (milestones.size() != schedules.size() - 1) {
            throw new IllegalArgumentException("SequentialLr needs one milestone fewer than schedules; got "
                    + schedules.size() + " schedules and " + milestones.size() + " milestones " + milestones);
        }
        int previous = 0;
        for (int i = 0; i < milestones.size(); i++) {
            int m = milestones.get(i);
            if (m <= previous) {
                throw new IllegalArgumentException("milestones must be positive and strictly increasing; got "
                        + milestones + ", where " + m + (i == 0 ? " is not positive" : " does not exceed " + previous));
            }
            previous = m;
        }
    }

    @Override
    public double lr(int epoch) {
        LrSchedule.checkEpoch(epoch);
        int k = 0;
        while (k < milestones.size() && milestones.get(k) <= epoch) {
            k++;
        }
        int start = k == 0 ? 0 : milestones.get(k - 1);
        return schedules.get(k).lr(epoch - start);
    }
}
