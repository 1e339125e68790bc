package org.jrnn.reference;

import org.jrnn.backend.Activation;

/** The elementwise nonlinearities and their slopes written from the forward output, in double. */
final class Activations {
    private Activations() {}

    static float forward(Activation f, float x) {
        return switch (f) {
            case IDENTITY -> x;
            case TANH -> (float) Math.tanh(x);
            // exp(-x) overflows to +inf for x < -709 in double, giving exactly 0: no NaN for any finite x.
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-(double) x)));
            case RELU -> Math.max(x, 0f); // NaN stays NaN, -0 becomes +0
        };
    }

    /** f'(x) expressed through y = f(x): tanh 1 − y², sigmoid y(1 − y), relu 1 where y &gt; 0. */
    static double slope(Activation f, float y) {
        return switch (f) {
            case IDENTITY -> 1.0;
            case TANH -> 1.0 - (double) y * y;
            case SIGMOID -> (double) y * (1.0 - y);
            case RELU -> y > 0f ? 1.0 : 0.0;
        };
    }
}
