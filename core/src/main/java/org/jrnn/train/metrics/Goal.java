package org.jrnn.train.metrics;

/** Which way a metric improves: what early stopping and plateau detection compare against. */
public enum Goal {
    MINIMISE,
    MAXIMISE;

    /** Whether {@code candidate} is strictly better than {@code best} (no threshold). */
    public boolean isBetter(double candidate, double best) {
        return this == MAXIMISE ? candidate > best : candidate < best;
    }

    /** The value every real score beats: +∞ when minimising, -∞ when maximising. */
    public double worst() {
        return this == MAXIMISE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
}
