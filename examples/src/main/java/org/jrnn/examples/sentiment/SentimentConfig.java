package org.jrnn.examples.sentiment;

import org.jrnn.CellType;
import org.jrnn.nn.Readout;

/**
 * What a sentiment run trains: the encoder's limits, the network's shape and the training recipe.
 *
 * @param vocabSize the most vocabulary entries, the two reserved ones included
 * @param minFreq   training occurrences a token needs to get an id
 * @param maxLen    tokens kept per text (the rest is cut off)
 * @param patience  epochs without a better validation accuracy before stopping
 */
public record SentimentConfig(int vocabSize, int minFreq, int maxLen, int embedding, CellType cell, int hidden,
                              int layers, boolean bidirectional, float dropout, Readout pool, int epochs, int batch,
                              float lr, float clipNorm, int patience, long seed) {
    public SentimentConfig {
        if (vocabSize < 3) {
            throw new IllegalArgumentException("--vocab-size must be at least 3 (<pad> and <unk> are two of its"
                    + " entries), got " + vocabSize);
        }
        positive(minFreq, "--min-freq");
        positive(maxLen, "--max-len");
        positive(embedding, "--embedding");
        positive(hidden, "--hidden");
        positive(layers, "--layers");
        positive(epochs, "--epochs");
        positive(batch, "--batch");
        positive(patience, "--patience");
        if (!(lr > 0f && Float.isFinite(lr))) {
            throw new IllegalArgumentException("--lr must be finite and > 0, got " + lr);
        }
        if (!Float.isNaN(clipNorm) && !(clipNorm > 0f && Float.isFinite(clipNorm))) {
            throw new IllegalArgumentException("--clip-norm must be finite and > 0 (NaN: none), got " + clipNorm);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (cell != CellType.LSTM && cell != CellType.GRU) {
            throw new IllegalArgumentException("--cell must be lstm or gru, got " + cell.id());
        }
        if (pool == Readout.ALL) {
            throw new IllegalArgumentException("--pool must be last, mean or max, got all");
        }
    }

    /** The task's defaults: embedding 64, LSTM of 128, last step, 10 epochs of 64, Adam at 0.001, patience 3. */
    public static SentimentConfig defaults(long seed) {
        return new SentimentConfig(20000, 1, 100, 64, CellType.LSTM, 128, 1, false, 0f, Readout.LAST, 10, 64,
                0.001f, Float.NaN, 3, seed);
    }

    private static void positive(int v, String what) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + v);
        }
    }
}
