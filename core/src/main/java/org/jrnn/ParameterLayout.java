package org.jrnn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each parameter lives in the one flat parameter buffer of a spec, in PyTorch's {@code state_dict} order:
 * for each layer, for each direction: weight_ih [G*H, in], weight_hh [G*H, H], bias_ih [G*H], bias_hh [G*H].
 * The parameter count formula lives here and nowhere else.
 */
public final class ParameterLayout {

    /** What a parameter is within its layer and direction. */
    public enum Kind { WEIGHT_IH, WEIGHT_HH, BIAS_IH, BIAS_HH }

    /**
     * One named parameter.
     *
     * @param name   PyTorch's name, e.g. {@code weight_hh_l1_reverse}
     * @param offset first float in the flat buffer
     * @param rows   G*H
     * @param cols   input features for weight_ih, H for weight_hh, 1 for biases
     */
    public record Entry(String name, int layer, int direction, Kind kind, int offset, int rows, int cols) {
        public int size() {
            return rows * cols;
        }

        public int[] shape() {
            return cols == 1 && (kind == Kind.BIAS_IH || kind == Kind.BIAS_HH) ? new int[] {rows} : new int[] {rows, cols};
        }
    }

    /** Offsets of one layer and direction's four parameters; a bias offset is -1 when the spec has no bias. */
    public record Block(int weightIh, int weightHh, int biasIh, int biasHh) {}

    private final RnnSpec spec;
    private final List<Entry> entries;
    private final Map<String, Entry> byName;
    private final Block[][] blocks;
    private final int size;

    private ParameterLayout(RnnSpec spec) {
        this.spec = spec;
        List<Entry> list = new ArrayList<>();
        int gh = spec.gateRows();
        int h = spec.hiddenSize();
        int offset = 0;
        blocks = new Block[spec.layers()][spec.directions()];
        try {
            for (int l = 0; l < spec.layers(); l++) {
                for (int d = 0; d < spec.directions(); d++) {
                    String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                    int in = spec.layerInputSize(l);
                    int wIh = offset;
                    list.add(new Entry("weight_ih" + suffix, l, d, Kind.WEIGHT_IH, offset, gh, in));
                    offset = Math.addExact(offset, Math.multiplyExact(gh, in));
                    int wHh = offset;
                    list.add(new Entry("weight_hh" + suffix, l, d, Kind.WEIGHT_HH, offset, gh, h));
                    offset = Math.addExact(offset, Math.multiplyExact(gh, h));
                    int bIh = -1;
                    int bHh = -1;
                    if (spec.bias()) {
                        bIh = offset;
                        list.add(new Entry("bias_ih" + suffix, l, d, Kind.BIAS_IH, offset, gh, 1));
                        offset = Math.addExact(offset, gh);
                        bHh = offset;
                        list.add(new Entry("bias_hh" + suffix, l, d, Kind.BIAS_HH, offset, gh, 1));
                        offset = Math.addExact(offset, gh);
                    }
                    blocks[l][d] = new Block(wIh, wHh, bIh, bHh);
                }
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(tooMany(spec), e);
        }
        this.entries = Collections.unmodifiableList(list);
        Map<String, Entry> m = new LinkedHashMap<>();
        for (Entry e : list) {
            m.put(e.name(), e);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.size = offset;
    }

    public static ParameterLayout of(RnnSpec spec) {
        return new ParameterLayout(spec);
    }

    public RnnSpec spec() {
        return spec;
    }

    /** Total floats of all parameters. */
    public int size() {
        return size;
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(String name) {
        Entry e = byName.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in a " + describe() + "; expected one of "
                    + byName.keySet());
        }
        return e;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public Block block(int layer, int direction) {
        return blocks[layer][direction];
    }

    private String describe() {
        return spec.cell().id() + " with " + spec.layers() + " layer(s)" + (spec.bidirectional() ? ", bidirectional" : "")
                + (spec.bias() ? "" : ", no bias");
    }

    /** The message for a spec whose parameters do not fit one flat buffer (int offsets). */
    static String tooMany(RnnSpec spec) {
        return "a " + spec.layers() + "-layer " + (spec.bidirectional() ? "bidirectional " : "") + spec.cell().id()
                + " with input size " + spec.inputSize() + " and hidden size " + spec.hiddenSize()
                + " has more than 2^31-1 parameters, more than one buffer can hold";
    }
}
