package org.jrnn.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrnn.ParameterLayout;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.Shapes;
import org.jrnn.tensor.Tensor;

/**
 * A model's parameters: one flat float32 buffer on the backend (and one for their gradients), carved into named
 * views in the order of the equivalent PyTorch module's {@code state_dict}. Sizes and offsets are computed here
 * once, from the spec.
 */
public final class ParameterSet implements AutoCloseable {

    /**
     * One named parameter.
     *
     * @param module the top-level module it belongs to ({@code embedding}, {@code rnn}, {@code hidden}, {@code head}),
     *               the unit of freezing
     */
    public record Entry(String name, String module, int offset, int[] shape, boolean isBias) {
        public int size() {
            return Shapes.size(shape);
        }
    }

    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final Map<String, Tensor> values = new LinkedHashMap<>();
    private final Map<String, Tensor> grads = new LinkedHashMap<>();
    private final Tensor flat;
    private final Tensor flatGrad;
    private final int rnnOffset;

    /** offset + n, failing with a message when the parameters outgrow one buffer (int offsets). */
    private static int grow(int offset, long n) {
        long end = offset + n;
        if (end > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the model has more than 2^31-1 parameters, more than one buffer can"
                    + " hold (embedding, recurrent stack and head together)");
        }
        return (int) end;
    }

    ParameterSet(Backend backend, ModelSpec spec) {
        List<Entry> list = new ArrayList<>();
        int offset = 0;
        if (spec.embedding() != null) {
            EmbeddingSpec e = spec.embedding();
            list.add(new Entry("embedding.weight", "embedding", offset, new int[] {e.vocabulary(), e.dimension()},
                    false));
            offset = grow(offset, (long) e.vocabulary() * e.dimension());
        }
        rnnOffset = offset;
        for (ParameterLayout.Entry e : spec.rnn().parameterLayout().entries()) {
            list.add(new Entry("rnn." + e.name(), "rnn", offset + e.offset(), e.shape(),
                    e.kind() == ParameterLayout.Kind.BIAS_IH || e.kind() == ParameterLayout.Kind.BIAS_HH));
        }
        offset = grow(offset, spec.rnn().parameterLayout().size());
        int in = spec.featureSize();
        HeadSpec h = spec.head();
        if (h.hiddenUnits() > 0) {
            list.add(new Entry("hidden.weight", "hidden", offset, new int[] {h.hiddenUnits(), in}, false));
            offset = grow(offset, (long) h.hiddenUnits() * in);
            list.add(new Entry("hidden.bias", "hidden", offset, new int[] {h.hiddenUnits()}, true));
            offset = grow(offset, h.hiddenUnits());
            in = h.hiddenUnits();
        }
        list.add(new Entry("head.weight", "head", offset, new int[] {h.outputs(), in}, false));
        offset = grow(offset, (long) h.outputs() * in);
        list.add(new Entry("head.bias", "head", offset, new int[] {h.outputs()}, true));
        offset = grow(offset, h.outputs());
        entries = Collections.unmodifiableList(list);
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : list) {
            m.put(e.name(), e);
        }
        byName = Collections.unmodifiableMap(m);
        flat = backend.allocate(offset);
        flatGrad = backend.allocate(offset);
        for (Entry e : list) {
            values.put(e.name(), flat.view(e.offset(), e.shape()));
            grads.put(e.name(), flatGrad.view(e.offset(), e.shape()));
        }
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(String name) {
        Entry e = byName.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; the model has " + byName.keySet());
        }
        return e;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** The parameter as a view of the flat buffer. */
    public Tensor value(String name) {
        entry(name);
        return values.get(name);
    }

    /** Its gradient, a view of the flat gradient buffer. */
    public Tensor grad(String name) {
        entry(name);
        return grads.get(name);
    }

    /** All parameters, [P]. */
    public Tensor flat() {
        return flat;
    }

    /** All gradients, [P]. */
    public Tensor flatGrad() {
        return flatGrad;
    }

    /** Total number of parameters. */
    public int count() {
        return flat.size();
    }

    /** The recurrent stack's parameters (or gradients) as one contiguous view, laid out as its ParameterLayout. */
    Tensor rnnSlice(Tensor buffer, int size) {
        return buffer.view(rnnOffset, size);
    }

    @Override
    public void close() {
        flat.close();
        flatGrad.close();
    }
}
