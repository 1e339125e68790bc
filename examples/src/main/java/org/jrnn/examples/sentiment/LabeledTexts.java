package org.jrnn.examples.sentiment;

import java.util.ArrayList;
import java.util.List;

/**
 * Texts with binary labels (0 negative, 1 positive), and where they came from.
 *
 * @param source the files (or "built-in") the texts were read from, for reports
 */
public record LabeledTexts(List<String> texts, int[] labels, String source) {
    public LabeledTexts {
        if (texts.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + " is not 0 or 1 (text "
                        + i + " of " + source + ")");
            }
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("texts[" + i + "] is null (" + source + ")");
            }
        }
        texts = List.copyOf(texts);
        labels = labels.clone();
    }

    public int size() {
        return labels.length;
    }

    /** Rows with label 1. */
    public int positives() {
        int p = 0;
        for (int l : labels) {
            p += l;
        }
        return p;
    }

    /** The given rows, in that order. */
    public LabeledTexts subset(int[] rows, String newSource) {
        List<String> t = new ArrayList<>(rows.length);
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            t.add(texts.get(rows[i]));
            l[i] = labels[rows[i]];
        }
        return new LabeledTexts(t, l, newSource);
    }

    /** These texts followed by {@code other}'s. */
    public LabeledTexts concat(LabeledTexts other) {
        List<String> t = new ArrayList<>(texts);
        t.addAll(other.texts);
        int[] l = new int[size() + other.size()];
        System.arraycopy(labels, 0, l, 0, size());
        System.arraycopy(other.labels, 0, l, size(), other.size());
        return new LabeledTexts(t, l, source + ", " + other.source);
    }

    /** The built-in reviews as labeled texts. */
    public static LabeledTexts of(List<ReviewGenerator.Review> reviews, String source) {
        List<String> t = new ArrayList<>(reviews.size());
        int[] l = new int[reviews.size()];
        for (int i = 0; i < l.length; i++) {
            t.add(reviews.get(i).text());
            l[i] = reviews.get(i).label();
        }
        return new LabeledTexts(t, l, source);
    }
}
