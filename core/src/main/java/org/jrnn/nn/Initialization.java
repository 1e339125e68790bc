package org.jrnn.nn;

import java.util.SplittableRandom;

/**
 * PyTorch's default initialisation of each module, drawn from a seed (our generator, not PyTorch's: use a PyTorch
 * {@code state_dict} to start from PyTorch's exact numbers):
 * <ul>
 *   <li>recurrent weights and biases: U(−1/√H, 1/√H) ({@code nn.RNNBase.reset_parameters});</li>
 *   <li>{@code nn.Linear(in, out)}: weight Kaiming-uniform with a = √5, which is U(−1/√in, 1/√in), and bias
 *       U(−1/√in, 1/√in);</li>
 *   <li>{@code nn.Embedding}: N(0, 1), the padding row zero.</li>
 * </ul>
 */
public final class Initialization {
    private Initialization() {}

    /** Host values for every parameter of {@code set}, in flat order. */
    static float[] pytorchDefault(ModelSpec spec, ParameterSet set, long seed) {
        float[] values = new float[set.count()];
        SplittableRandom random = new SplittableRandom(seed);
        for (ParameterSet.Entry e : set.entries()) {
            switch (e.module()) {
                case "embedding" -> {
                    for (int i = 0; i < e.size(); i++) {
                        values[e.offset() + i] = (float) gaussian(random);
                    }
                    int pad = spec.embedding().paddingIndex();
                    if (pad >= 0) {
                        int dim = spec.embedding().dimension();
                        java.util.Arrays.fill(values, e.offset() + pad * dim, e.offset() + (pad + 1) * dim, 0f);
                    }
                }
                case "rnn" -> uniform(values, e.offset(), e.size(), 1.0 / Math.sqrt(spec.rnn().hiddenSize()), random);
                default -> {
                    // Linear layers: the bias bound uses the fan-in of the weight of the same module.
                    int fanIn = e.isBias() ? set.entry(e.module() + ".weight").shape()[1] : e.shape()[1];
                    uniform(values, e.offset(), e.size(), 1.0 / Math.sqrt(fanIn), random);
                }
            }
        }
        return values;
    }

    private static void uniform(float[] a, int off, int n, double bound, SplittableRandom r) {
        for (int i = 0; i < n; i++) {
            a[off + i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
    }

    /** A standard normal draw (Box–Muller on two uniforms). */
    private static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble(); // (0, 1]
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
