package org.jrnn.host;

import org.jrnn.engine.LayerWeights;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * One layer and direction's parameters (or gradients) as heap kernels index them: the array of the flat buffer and
 * the offset of each parameter in it; a bias offset is −1 without bias.
 */
public record HostWeights(float[] array, int weightIh, int weightHh, int biasIh, int biasHh) {

    /** The heap arrays behind {@link LayerWeights} views, which must all share one flat buffer. */
    public static HostWeights of(LayerWeights w) {
        HostTensor ih = HostTensor.of(w.weightIh(), "weight_ih");
        HostTensor hh = HostTensor.of(w.weightHh(), "weight_hh");
        float[] array = ih.data();
        int bIh = -1;
        int bHh = -1;
        if (w.hasBias()) {
            bIh = offsetIn(array, w.biasIh(), "bias_ih");
            bHh = offsetIn(array, w.biasHh(), "bias_hh");
        }
        return new HostWeights(array, ih.offset(), offsetIn(array, hh, "weight_hh"), bIh, bHh);
    }

    private static int offsetIn(float[] array, Tensor t, String what) {
        HostTensor h = HostTensor.of(t, what);
        if (h.data() != array) {
            throw new IllegalArgumentException(what + " is not a view of the same flat buffer as weight_ih");
        }
        return h.offset();
    }

    public boolean hasBias() {
        return biasIh >= 0;
    }
}
