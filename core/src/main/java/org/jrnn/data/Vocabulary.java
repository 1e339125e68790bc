package org.jrnn.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrnn.io.Json;

/**
 * A two-way map between tokens and int ids, built from the training texts. Immutable.
 *
 * <p>Id 0 is {@value #PAD} (padding, what {@link EncodedTexts#pad} fills with) and id 1 is {@value #UNK} (any token
 * not in the vocabulary); the learnt tokens follow from id 2. They are ordered by frequency, most frequent first,
 * and tokens of equal frequency lexicographically by {@link String#compareTo} (UTF-16 code units): this order
 * depends only on the multiset of training tokens, not on the order of the texts, so a reshuffled training set
 * gives the same ids. Training tokens equal to "&lt;pad&gt;" or "&lt;unk&gt;" are not learnt: they keep the
 * reserved ids.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    /** The number of reserved ids (padding and unknown). */
    public static final int RESERVED = 2;
    static final String TYPE = "vocabulary";

    private final List<String> tokens;        // id → token
    private final Map<String, Integer> ids;   // token → id

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /**
     * Learns tokens occurring at least {@code minFrequency} times in {@code texts} (each a list of tokens), keeping
     * the most frequent so that the vocabulary, reserved ids included, has at most {@code maxSize} entries.
     */
    public static Vocabulary build(Collection<? extends List<String>> texts, int minFrequency, int maxSize) {
        if (texts == null) {
            throw new IllegalArgumentException("training texts must be given, got null");
        }
        Checks.positive(minFrequency, "minimum frequency");
        if (maxSize < RESERVED) {
            throw new IllegalArgumentException("maximum vocabulary size " + maxSize + " is smaller than the "
                    + RESERVED + " reserved tokens " + PAD + " and " + UNK);
        }
        Map<String, Integer> counts = new HashMap<>();
        int t = 0;
        for (List<String> text : texts) {
            if (text == null) {
                throw new IllegalArgumentException("training text " + t + " is null, expected a list of tokens");
            }
            for (int k = 0; k < text.size(); k++) {
                String token = text.get(k);
                if (token == null) {
                    throw new IllegalArgumentException("training text " + t + ", token " + k + " is null");
                }
                if (!token.equals(PAD) && !token.equals(UNK)) {
                    counts.merge(token, 1, Integer::sum);
                }
            }
            t++;
        }
        List<Map.Entry<String, Integer>> kept = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() >= minFrequency) {
                kept.add(e);
            }
        }
        kept.sort(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                .thenComparing(Map.Entry::getKey));
        List<String> tokens = new ArrayList<>(List.of(PAD, UNK));
        for (int i = 0; i < kept.size() && tokens.size() < maxSize; i++) {
            tokens.add(kept.get(i).getKey());
        }
        return new Vocabulary(tokens);
    }

    /** A vocabulary from its tokens in id order; they must start with "&lt;pad&gt;", "&lt;unk&gt;", no repeats. */
    public static Vocabulary of(List<String> tokens) {
        if (tokens == null || tokens.size() < RESERVED || !PAD.equals(tokens.get(PAD_ID))
                || !UNK.equals(tokens.get(UNK_ID))) {
            throw new IllegalArgumentException("vocabulary tokens must start with " + PAD + ", " + UNK + ", got "
                    + (tokens == null ? "null" : tokens.subList(0, Math.min(tokens.size(), RESERVED))));
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null) {
                throw new IllegalArgumentException("vocabulary token " + i + " is null");
            }
            Integer earlier = seen.putIfAbsent(token, i);
            if (earlier != null) {
                throw new IllegalArgumentException("vocabulary token " + i + " '" + token + "' repeats token "
                        + earlier);
            }
        }
        return new Vocabulary(tokens);
    }

    /** The number of ids, reserved ones included. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #UNK_ID} if it was not learnt. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token of {@code id}, in [0, size()). */
    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary's [0, "
                    + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    /** The tokens in id order (an unmodifiable list). */
    public List<String> tokens() {
        return tokens;
    }

    /** The ids of {@code tokens}, unknown ones as {@link #UNK_ID}. */
    public int[] ids(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokens.get(i));
        }
        return out;
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", TYPE);
        map.put("tokens", tokens);
        return Json.write(map);
    }

    public static Vocabulary fromJson(String json) {
        Map<String, Object> map = JsonState.object(json, TYPE, "vocabulary");
        return of(JsonState.strings(map, "tokens", "vocabulary"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && v.tokens.equals(tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[size=" + tokens.size() + ", first=" + tokens.subList(0, Math.min(10, tokens.size()))
                + "]";
    }
}
