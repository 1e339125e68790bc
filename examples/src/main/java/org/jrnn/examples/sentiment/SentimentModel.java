package org.jrnn.examples.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrnn.backend.Backend;
import org.jrnn.data.EncodedTexts;
import org.jrnn.data.Encoder;
import org.jrnn.data.Tokenizer;
import org.jrnn.data.Vocabulary;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.SequenceModel;
import org.jrnn.tensor.Tensor;
import org.jrnn.train.BatchLoader;
import org.jrnn.train.DeviceBatch;
import org.jrnn.train.SequenceDataset;

/**
 * A trained sentiment classifier: the text encoder (tokenizer, vocabulary, max length) and the network. Saved as one
 * safetensors file, the encoder in the metadata next to the model spec, so that it loads on any backend.
 */
public final class SentimentModel implements AutoCloseable {
    static final String TOKENIZER_KEY = "jrnn.sentiment.tokenizer";
    static final String VOCABULARY_KEY = "jrnn.sentiment.vocabulary";
    static final String MAX_LEN_KEY = "jrnn.sentiment.max_len";
    /** The metadata keys {@link #save} writes, which its extra entries may not replace. */
    static final List<String> RESERVED = List.of(TOKENIZER_KEY, VOCABULARY_KEY, MAX_LEN_KEY,
            ModelWeights.SPEC_KEY);
    /** Texts per forward pass when predicting. */
    private static final int BATCH = 256;

    private final Encoder encoder;
    private final SequenceModel network;

    public SentimentModel(Encoder encoder, SequenceModel network) {
        this.encoder = encoder;
        this.network = network;
    }

    public Encoder encoder() {
        return encoder;
    }

    public SequenceModel network() {
        return network;
    }

    /** Texts as a dataset of token ids padded with 0 to the longest; an empty encoding becomes one unknown token. */
    public static SequenceDataset dataset(EncodedTexts encoded, int[] labels) {
        int n = encoded.size();
        int T = 1;
        for (int i = 0; i < n; i++) {
            T = Math.max(T, encoded.length(i));
        }
        int[] tokens = new int[n * T];
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int[] ids = encoded.ids(i);
            if (ids.length == 0) {
                tokens[i * T] = Vocabulary.UNK_ID;
                lengths[i] = 1;
            } else {
                System.arraycopy(ids, 0, tokens, i * T, ids.length);
                lengths[i] = ids.length;
            }
        }
        return SequenceDataset.ofTokens(tokens, n, T, lengths, labels != null ? labels : new int[n]);
    }

    /** P(positive) of each text. */
    public double[] probabilities(List<String> texts) {
        return probabilities(dataset(encoder.encodeAll(texts), null));
    }

    /** P(class 1) of each row: the softmax of the network's two logits. */
    public double[] probabilities(SequenceDataset data) {
        double[] p = new double[data.size()];
        Backend backend = network.backend();
        try (BatchLoader loader = new BatchLoader(backend, data)) {
            for (int from = 0; from < data.size(); from += BATCH) {
                int[] idx = new int[Math.min(BATCH, data.size() - from)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                DeviceBatch batch = loader.load(idx);
                Tensor logits = network.forward(batch.input(), false, 0L);
                float[] host = backend.toHost(logits);
                for (int i = 0; i < idx.length; i++) {
                    p[from + i] = 1 / (1 + Math.exp(host[2 * i] - host[2 * i + 1]));
                }
            }
        }
        return p;
    }

    /**
     * Writes the network with the encoder in its metadata, and the {@code extra} entries beside them (null: none).
     *
     * @throws IllegalArgumentException when an extra key is one this method writes itself (the encoder's keys and
     *                                  the model spec), or a key or value is null: neither is silently dropped
     */
    public void save(Path file, Map<String, String> extra) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (extra != null) {
            for (Map.Entry<String, String> e : extra.entrySet()) {
                String key = e.getKey();
                if (key == null || e.getValue() == null) {
                    throw new IllegalArgumentException("extra metadata must not hold null keys or values, got "
                            + key + " = " + e.getValue());
                }
                if (RESERVED.contains(key)) {
                    throw new IllegalArgumentException("extra metadata key '" + key + "' is written by save itself"
                            + " (reserved: " + RESERVED + ")");
                }
                meta.put(key, e.getValue());
            }
        }
        meta.put(TOKENIZER_KEY, encoder.tokenizer().toJson());
        meta.put(VOCABULARY_KEY, encoder.vocabulary().toJson());
        meta.put(MAX_LEN_KEY, Integer.toString(encoder.maxLength()));
        ModelWeights.save(network, file, meta);
    }

    /** Reads a model {@link #save}d on any backend onto {@code backend}. */
    public static SentimentModel read(Backend backend, Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        for (String key : List.of(TOKENIZER_KEY, VOCABULARY_KEY, MAX_LEN_KEY)) {
            if (!meta.containsKey(key)) {
                throw new IllegalArgumentException(file + " is not a sentiment model: its metadata has no " + key
                        + " (save one with rnn sentiment --save)");
            }
        }
        Encoder encoder;
        try {
            encoder = new Encoder(Tokenizer.fromJson(meta.get(TOKENIZER_KEY)),
                    Vocabulary.fromJson(meta.get(VOCABULARY_KEY)), Integer.parseInt(meta.get(MAX_LEN_KEY)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": bad encoder metadata: " + e.getMessage(), e);
        }
        SequenceModel network = ModelWeights.read(backend, file);
        if (network.spec().embedding() == null
                || network.spec().embedding().vocabulary() != encoder.vocabulary().size()
                || network.spec().head().outputs() != 2) {
            String has = network.spec().embedding() == null ? "no embedding"
                    : "an embedding of " + network.spec().embedding().vocabulary() + " tokens";
            int outputs = network.spec().head().outputs();
            network.close();
            throw new IllegalArgumentException(file + ": the network does not fit its vocabulary of "
                    + encoder.vocabulary().size() + " tokens and two classes: it has " + has + " and " + outputs
                    + " output" + (outputs == 1 ? "" : "s") + " (were the vocabulary and the weights saved together?)");
        }
        return new SentimentModel(encoder, network);
    }

    @Override
    public void close() {
        network.close();
    }
}
