package org.jrnn.bench.jmh;

import org.jrnn.ParameterLayout;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.bench.shapes.SeqShape;
import org.jrnn.tensor.Tensor;

/**
 * The inputs of {@link DenormalForwardBenchmark} and {@link DenormalTrainBenchmark}: the same network and shape fed
 * ordinary numbers, or numbers that drive the cell's arithmetic into the subnormal float range (|x| &lt; 2^-126, where
 * an x86 core takes a microcode assist of tens to hundreds of cycles per operation, and the JVM cannot switch on
 * flush-to-zero).
 *
 * <ul>
 *   <li>{@code normal}: parameters U(-1/sqrt(H), 1/sqrt(H)) ({@link RnnFixture}), inputs U(-1, 1), grad_output
 *       U(-1, 1) at every step.</li>
 *   <li>{@code saturating}: the same, but the biases of the sigmoid gates that multiply the state (LSTM i and f, GRU r
 *       and z) set to -100, so their pre-activations are near -100 and the gates near 1e-38..1e-44 (oneDNN's
 *       trick). Products with those gates (i*g, f*c, r*(W_hn h), z*h) fall below 2^-126.</li>
 *   <li>{@code subnormal}: normal parameters with zero biases and inputs U(-1, 1) * 2^-130: every pre-activation is
 *       subnormal, and so is the state it produces (tanh(x) ~ x), step after step, in the recurrent GEMMs too.</li>
 *   <li>{@code decaying} (training only): normal inputs, no grad_output, a gradient on h_n only: it shrinks step by
 *       step back in time, as a many-to-one classifier's does.</li>
 * </ul>
 */
public final class DenormalInputs {
    static final String NORMAL = "normal", SATURATING = "saturating", SUBNORMAL = "subnormal", DECAYING = "decaying";
    /** 2^-130: inputs U(-1, 1) times this are all subnormal. */
    static final float SUBNORMAL_SCALE = 0x1p-130f;
    static final float SATURATING_BIAS = -100f;

    private DenormalInputs() {}

    /** Overwrites the parameters of {@code fixture} as {@code kind} asks (normal: unchanged). */
    static void applyParameters(RnnFixture fixture, String kind) {
        RnnSpec spec = fixture.rnn.spec();
        Rnn rnn = fixture.rnn;
        Backend backend = fixture.backend;
        int H = spec.hiddenSize();
        float[] p = backend.toHost(rnn.parameters());
        ParameterLayout layout = spec.parameterLayout();
        switch (kind) {
            case NORMAL, DECAYING -> { }
            case SATURATING -> {
                // Gate blocks of H rows: LSTM i, f, g, o; GRU r, z, n: blocks 0 and 1 are the multiplying sigmoids
                // of either. The sum b_ih + b_hh is what counts.
                int[] gates = {0, 1};
                for (String name : new String[] {"bias_ih_l0", "bias_hh_l0"}) {
                    ParameterLayout.Entry e = layout.entry(name);
                    for (int g : gates) {
                        for (int j = 0; j < H; j++) {
                            p[e.offset() + g * H + j] = SATURATING_BIAS / 2;
                        }
                    }
                }
            }
            case SUBNORMAL -> {
                for (String name : new String[] {"bias_ih_l0", "bias_hh_l0"}) {
                    ParameterLayout.Entry e = layout.entry(name);
                    java.util.Arrays.fill(p, e.offset(), e.offset() + e.size(), 0f);
                }
            }
            default -> throw new IllegalArgumentException("inputs '" + kind + "': expected " + NORMAL + ", "
                    + SATURATING + ", " + SUBNORMAL + " or " + DECAYING);
        }
        backend.copyFromHost(p, 0, rnn.parameters());
    }

    /** The input [T, B, I] for {@code kind}. */
    static Tensor input(RnnFixture fixture, String kind) {
        SeqShape s = fixture.shape;
        float[] x = SeededData.uniform(RnnFixture.INPUT_SEED, s.steps() * s.batch() * s.input(), 1.0);
        if (SUBNORMAL.equals(kind)) {
            for (int i = 0; i < x.length; i++) {
                x[i] *= SUBNORMAL_SCALE;
            }
        }
        return fixture.backend.fromHost(x, s.steps(), s.batch(), s.input());
    }

    /** Share of the values that are subnormal (not zero, below Float.MIN_NORMAL in magnitude). */
    static double subnormalShare(float[] a) {
        long n = 0;
        for (float v : a) {
            n += v != 0f && Math.abs(v) < Float.MIN_NORMAL ? 1 : 0;
        }
        return a.length == 0 ? 0 : (double) n / a.length;
    }
}
