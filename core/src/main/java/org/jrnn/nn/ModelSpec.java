package org.jrnn.nn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.io.Json;

/**
 * The shape of a sequence model: optional embedding → recurrent stack → readout → head. Immutable; serialises to
 * JSON ({@link #toJson}, {@link #fromJson}) so that a saved model can be rebuilt from its file alone.
 *
 * @param embedding null when the input is float features of {@code rnn.inputSize()} per step
 */
public record ModelSpec(EmbeddingSpec embedding, RnnSpec rnn, Readout readout, HeadSpec head) {
    public ModelSpec {
        if (rnn == null || readout == null || head == null) {
            throw new IllegalArgumentException("a model needs an rnn, a readout and a head");
        }
        if (embedding != null && embedding.dimension() != rnn.inputSize()) {
            throw new IllegalArgumentException("the embedding dimension " + embedding.dimension()
                    + " must equal the rnn's input size " + rnn.inputSize());
        }
    }

    /** Features per sequence (or per step for {@link Readout#ALL}) that the head reads: D*H. */
    public int featureSize() {
        return rnn.outputSize();
    }

    public boolean hasEmbedding() {
        return embedding != null;
    }

    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (embedding != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("vocabulary", (long) embedding.vocabulary());
            e.put("dimension", (long) embedding.dimension());
            e.put("padding_idx", (long) embedding.paddingIndex());
            m.put("embedding", e);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cell", rnn.cell().id());
        r.put("input_size", (long) rnn.inputSize());
        r.put("hidden_size", (long) rnn.hiddenSize());
        r.put("num_layers", (long) rnn.layers());
        r.put("bidirectional", rnn.bidirectional());
        r.put("bias", rnn.bias());
        r.put("dropout", Float.toString(rnn.dropout()));
        m.put("rnn", r);
        m.put("readout", readout.id());
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("hidden_units", (long) head.hiddenUnits());
        h.put("activation", head.activation().name().toLowerCase(Locale.ROOT));
        h.put("dropout", Float.toString(head.dropout()));
        h.put("outputs", (long) head.outputs());
        m.put("head", h);
        return Json.write(m);
    }

    /** Parses {@link #toJson}'s output; a missing or mistyped field is an error that names it. */
    public static ModelSpec fromJson(String json) {
        Map<String, Object> m;
        try {
            m = object(Json.parse(json), "model spec");
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException("model spec is not valid JSON: " + e.getMessage(), e);
        }
        EmbeddingSpec embedding = null;
        if (m.get("embedding") != null) {
            Map<String, Object> e = object(m.get("embedding"), "embedding");
            embedding = new EmbeddingSpec(integer(e, "vocabulary"), integer(e, "dimension"), integer(e, "padding_idx"));
        }
        Map<String, Object> r = object(m.get("rnn"), "rnn");
        RnnSpec rnn = new RnnSpec(CellType.parse(string(r, "cell")), integer(r, "input_size"),
                integer(r, "hidden_size"), integer(r, "num_layers"), bool(r, "bidirectional"), bool(r, "bias"),
                decimal(r, "dropout", "rnn"));
        Map<String, Object> h = object(m.get("head"), "head");
        HeadSpec head = new HeadSpec(integer(h, "hidden_units"), activation(string(h, "activation")),
                decimal(h, "dropout", "head"), integer(h, "outputs"));
        return new ModelSpec(embedding, rnn, Readout.parse(string(m, "readout")), head);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("model spec: '" + what + "' must be a JSON object");
        }
        return (Map<String, Object>) o;
    }

    private static int integer(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Long v) || v != v.intValue()) {
            throw new IllegalArgumentException("model spec: '" + key + "' must be an integer, got " + m.get(key));
        }
        return (int) (long) v;
    }

    private static String string(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException("model spec: '" + key + "' must be a string, got " + m.get(key));
        }
        return s;
    }

    /** A float written as a string ({@link #toJson} writes {@code Float.toString}). */
    private static float decimal(Map<String, Object> m, String key, String module) {
        String text = string(m, key);
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model spec: '" + key + "' of '" + module + "' must be a decimal"
                    + " string such as \"0.25\", got '" + text + "'", e);
        }
    }

    private static Activation activation(String name) {
        for (Activation a : Activation.values()) {
            if (a.name().equals(name.toUpperCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("model spec: 'activation' must be one of "
                + java.util.Arrays.stream(Activation.values()).map(a -> a.name().toLowerCase(Locale.ROOT)).toList()
                + ", got '" + name + "'");
    }

    private static boolean bool(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException("model spec: '" + key + "' must be true or false, got " + m.get(key));
        }
        return b;
    }
}
