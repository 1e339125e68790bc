package org.jrnn.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jrnn.CellType;
import org.jrnn.ParameterLayout;
import org.jrnn.RnnSpec;

/**
 * Imports a PyTorch {@code state_dict} of a bare {@code nn.RNN}/{@code nn.LSTM}/{@code nn.GRU} saved as safetensors
 * and infers its {@link RnnSpec}: layers from the weight_ih_l{k}, directions from *_reverse, hidden size from
 * weight_hh_l0's columns, input size from weight_ih_l0's columns, bias from bias_ih_l0. What the caller expects
 * ({@link Expected}) must agree; every tensor is then checked against the {@link ParameterLayout} of the inferred
 * spec. Every error names the file, the tensor and what was expected. (A whole model with an embedding and a head
 * loads through {@code org.jrnn.nn.ModelWeights}.)
 */
public final class RnnStateDict {
    /** PyTorch's parameter names: weight_ih_l0, bias_hh_l2_reverse, …; groups: kind, ih/hh, layer, reverse. */
    public static final Pattern PARAMETER = Pattern.compile("(weight|bias)_(ih|hh)_l(\\d+)(_reverse)?");

    private RnnStateDict() {}

    /**
     * What the caller expects of the network, each null (or false) for "whatever the file says".
     *
     * @param cell the cell, needed when the file's metadata does not name it
     */
    public record Expected(CellType cell, Integer layers, boolean bidirectional, Integer hidden) {
        public static final Expected NOTHING = new Expected(null, null, false, null);
    }

    /**
     * A network's shape and its parameters in the layout's flat order.
     *
     * @param parameters {@code spec.parameterLayout().size()} floats
     */
    public record Model(RnnSpec spec, float[] parameters) {}

    public static boolean isParameter(String name) {
        return PARAMETER.matcher(name).matches();
    }

    /**
     * @param tolerated non-parameter tensors that may appear (e.g. the inputs and results of a golden file that holds
     *                  weights and data together); any other non-parameter tensor is an error
     */
    public static Model load(SafeTensorsFile w, Expected opt, Predicate<String> tolerated) throws java.io.IOException {
        String file = w.path().toString();
        List<String> unexpected = w.names().stream()
                .filter(n -> !isParameter(n) && !tolerated.test(n)).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("weights file " + file + " holds tensors that are not RNN parameters: "
                    + unexpected + " (expected only weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}"
                    + ", each optionally _reverse)");
        }
        Set<String> params = new TreeSet<>(w.names().stream().filter(RnnStateDict::isParameter).toList());
        if (!params.contains("weight_ih_l0")) {
            throw new IllegalArgumentException("weights file " + file + " has no weight_ih_l0, so it is not the "
                    + "state_dict of a PyTorch RNN/LSTM/GRU; it holds " + (w.names().isEmpty() ? "no tensors"
                    : String.join(", ", w.names())));
        }
        CellType cell = cell(w, opt.cell());

        int layers = 0;
        while (params.contains("weight_ih_l" + layers)) {
            layers++;
        }
        if (opt.layers() != null && opt.layers() != layers) {
            throw new IllegalArgumentException("expected " + opt.layers() + " layers (--layers) but the weights have " + layers + " layer"
                    + (layers == 1 ? " (weight_ih_l0)" : "s (weight_ih_l0..weight_ih_l" + (layers - 1) + ")"));
        }
        boolean bidirectional = params.contains("weight_ih_l0_reverse");
        if (opt.bidirectional() && !bidirectional) {
            throw new IllegalArgumentException("expected a bidirectional network (--bidirectional) but the weights are unidirectional (no "
                    + "weight_ih_l0_reverse)");
        }

        long[] hh = matrix(w, "weight_hh_l0");
        long[] ih = matrix(w, "weight_ih_l0");
        int hidden = Math.toIntExact(hh[1]);
        if (opt.hidden() != null && opt.hidden() != hidden) {
            throw new IllegalArgumentException("expected hidden size " + opt.hidden() + " (--hidden) but weight_hh_l0 has shape "
                    + Arrays.toString(hh) + ", so the hidden size is " + hidden);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("weight_hh_l0 has shape " + Arrays.toString(hh)
                    + ": the hidden size (its columns) must be at least 1");
        }
        long rows = cell.gates() * (long) hidden;
        for (String name : List.of("weight_hh_l0", "weight_ih_l0")) {
            long[] s = name.equals("weight_hh_l0") ? hh : ih;
            if (s[0] != rows) {
                throw new IllegalArgumentException(name + " has shape " + Arrays.toString(s) + ": " + cell.id()
                        + " needs " + cell.gates() + "*H = " + rows + " rows for hidden size H = " + hidden
                        + whichCellFits(s[0], hidden));
            }
        }
        int inputSize = Math.toIntExact(ih[1]);
        boolean bias = params.contains("bias_ih_l0");
        RnnSpec spec = new RnnSpec(cell, inputSize, hidden, layers, bidirectional, bias, 0f);

        ParameterLayout layout = spec.parameterLayout();
        List<String> missing = new ArrayList<>();
        for (ParameterLayout.Entry e : layout.entries()) {
            if (!params.contains(e.name())) {
                missing.add(e.name());
            }
        }
        List<String> extra = params.stream().filter(n -> !layout.has(n)).toList();
        if (!extra.isEmpty()) {
            String why = !bias && extra.stream().anyMatch(n -> n.startsWith("bias_"))
                    ? "; without bias_ih_l0 the network has no biases, so every bias_* must be absent" : "";
            throw new IllegalArgumentException("weights file " + file + " holds tensors that a " + describe(spec)
                    + " does not have: " + extra + why);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("weights file " + file + " lacks " + missing + ", which a "
                    + describe(spec) + " needs");
        }

        float[] flat = new float[layout.size()];
        for (ParameterLayout.Entry e : layout.entries()) {
            long[] have = w.shape(e.name());
            int[] want = e.shape();
            if (!Arrays.equals(have, Arrays.stream(want).asLongStream().toArray())) {
                throw new IllegalArgumentException(e.name() + " has shape " + Arrays.toString(have) + " but a "
                        + describe(spec) + " needs " + Arrays.toString(want));
            }
            float[] data = Finite.require(w, e.name(), w.floats(e.name()));
            System.arraycopy(data, 0, flat, e.offset(), data.length);
        }
        return new Model(spec, flat);
    }

    /** The cell from --cell, else from the file's metadata; both given must agree. */
    private static CellType cell(SafeTensorsFile w, CellType flag) {
        String meta = w.metadata().get("cell");
        CellType fromFile = null;
        if (meta != null) {
            try {
                fromFile = CellType.parse(meta);
            } catch (IllegalArgumentException e) {
                if (flag == null) {
                    throw new IllegalArgumentException("weights file " + w.path() + " says cell '" + meta
                            + "' in its metadata, which is not a cell; name the cell (--cell)");
                }
            }
        }
        if (flag == null) {
            if (fromFile == null) {
                throw new IllegalArgumentException("the cell must be named (--cell): the metadata of " + w.path()
                        + " does not name the cell (lstm, gru, rnn_tanh or rnn_relu)");
            }
            return fromFile;
        }
        if (fromFile != null && fromFile != flag) {
            throw new IllegalArgumentException("expected cell " + flag.id() + " (--cell) but the metadata of " + w.path()
                    + " says cell=" + fromFile.id());
        }
        return flag;
    }

    private static long[] matrix(SafeTensorsFile w, String name) throws java.io.IOException {
        if (!w.has(name)) {
            throw new IllegalArgumentException("weights file " + w.path() + " has weight_ih_l0 but no " + name);
        }
        long[] s = w.shape(name);
        if (s.length != 2) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(s) + " but must be a matrix "
                    + "[G*H, " + (name.startsWith("weight_hh") ? "H" : "I") + "]");
        }
        return s;
    }

    /** A hint naming the cells whose gate count matches {@code rows} for hidden size {@code hidden}. */
    private static String whichCellFits(long rows, int hidden) {
        if (rows % hidden != 0) {
            return "";
        }
        long g = rows / hidden;
        List<String> fits = Arrays.stream(CellType.values()).filter(c -> c.gates() == g).map(CellType::id).toList();
        return fits.isEmpty() ? "" : " (" + rows + " = " + g + "*" + hidden + " fits " + String.join(" or ", fits)
                + ": is the cell right?)";
    }

    public static String describe(RnnSpec s) {
        return s.layers() + "-layer " + (s.bidirectional() ? "bidirectional " : "") + s.cell().id()
                + (s.bias() ? "" : " without bias") + " (I=" + s.inputSize() + ", H=" + s.hiddenSize() + ")";
    }
}
