package org.jrnn.engine;

import org.jrnn.ParameterLayout;
import org.jrnn.tensor.Tensor;

/**
 * The four parameters of one layer and direction as views of a network's flat parameter (or gradient) buffer, in
 * PyTorch's layout: weight_ih [G*H, in], weight_hh [G*H, H], bias_ih and bias_hh [G*H] (both null without bias).
 */
public record LayerWeights(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {

    /** Views of {@code flat} for layer {@code layer}, direction {@code direction} of {@code layout}. */
    public static LayerWeights of(Tensor flat, ParameterLayout layout, int layer, int direction) {
        String suffix = "_l" + layer + (direction == 1 ? "_reverse" : "");
        return new LayerWeights(view(flat, layout, "weight_ih" + suffix), view(flat, layout, "weight_hh" + suffix),
                layout.has("bias_ih" + suffix) ? view(flat, layout, "bias_ih" + suffix) : null,
                layout.has("bias_hh" + suffix) ? view(flat, layout, "bias_hh" + suffix) : null);
    }

    private static Tensor view(Tensor flat, ParameterLayout layout, String name) {
        ParameterLayout.Entry e = layout.entry(name);
        return flat.view(e.offset(), e.shape());
    }

    public boolean hasBias() {
        return biasIh != null;
    }
}
