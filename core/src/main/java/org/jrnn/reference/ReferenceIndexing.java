package org.jrnn.reference;

import org.jrnn.backend.OpShapes;

import org.jrnn.tensor.HostTensor;

/**
 * The reference embedding (gather / scatter-add of rows) and sequence readouts. Arguments arrive typed and on the
 * right backend; here their shapes and index ranges are checked, all before any output is written.
 *
 * <p>Readout shapes: seq and dSeq are time-major [T, B, F], lengths int32 [B] with each length in [0, T], out and dOut
 * [B, F], argmax int32 [B, F] with each entry in [-1, T).
 */
final class ReferenceIndexing {
    private ReferenceIndexing() {}

    /** table [V, E], ids int32 (N elements), out N·E elements: out[n, :] = table[ids[n], :]. */
    static void gatherRows(HostTensor table, HostTensor ids, HostTensor out) {
        int v = OpShapes.rows(table), e = OpShapes.cols(table), n = ids.size();
        OpShapes.size("out", out, Math.multiplyExact(n, e), "[" + n + ", " + e + "] (ids × embedding width)");
        int[] id = ids.ints();
        for (int i = 0; i < n; i++) {
            OpShapes.index("ids", i, id[ids.offset() + i], 0, v);
        }
        float[] T = table.data(), O = out.data();
        for (int i = 0; i < n; i++) {
            System.arraycopy(T, table.offset() + id[ids.offset() + i] * e, O, out.offset() + i * e, e);
        }
    }

    /** dOut N·E elements, ids int32 (N), dTable [V, E]: dTable[ids[n], :] += dOut[n, :] unless ids[n] = paddingId. */
    static void scatterAddRows(HostTensor dOut, HostTensor ids, int paddingId, HostTensor dTable) {
        int v = OpShapes.rows(dTable), e = OpShapes.cols(dTable), n = ids.size();
        OpShapes.size("dOut", dOut, Math.multiplyExact(n, e), "[" + n + ", " + e + "] (ids × embedding width)");
        if (paddingId < -1 || paddingId >= v) {
            throw new IllegalArgumentException("paddingId " + paddingId + " is outside [-1, " + v
                    + ") (-1: no padding id)");
        }
        int[] id = ids.ints();
        for (int i = 0; i < n; i++) {
            if (id[ids.offset() + i] != paddingId) {
                OpShapes.index("ids", i, id[ids.offset() + i], 0, v);
            }
        }
        float[] D = dOut.data(), G = dTable.data();
        for (int i = 0; i < n; i++) {
            int row = id[ids.offset() + i];
            if (row == paddingId) {
                continue; // the padding row gets no gradient, as nn.Embedding(padding_idx=...)
            }
            for (int j = 0; j < e; j++) {
                G[dTable.offset() + row * e + j] += D[dOut.offset() + i * e + j];
            }
        }
    }

    static void readoutLast(HostTensor seq, HostTensor lengths, HostTensor out) {
        Seq s = Seq.of("seq", seq, lengths);
        OpShapes.matrix("out", out, s.b, s.f);
        float[] S = seq.data(), O = out.data();
        for (int b = 0; b < s.b; b++) {
            int len = s.length(b);
            for (int j = 0; j < s.f; j++) {
                O[out.offset() + b * s.f + j] = len == 0 ? 0f : S[seq.offset() + s.at(len - 1, b, j)];
            }
        }
    }

    static void readoutLastBackward(HostTensor dOut, HostTensor lengths, HostTensor dSeq) {
        Seq s = Seq.of("dSeq", dSeq, lengths);
        OpShapes.matrix("dOut", dOut, s.b, s.f);
        float[] D = dOut.data(), G = dSeq.data();
        for (int b = 0; b < s.b; b++) {
            int len = s.length(b);
            for (int j = 0; j < s.f && len > 0; j++) {
                G[dSeq.offset() + s.at(len - 1, b, j)] += D[dOut.offset() + b * s.f + j];
            }
        }
    }

    static void readoutMean(HostTensor seq, HostTensor lengths, HostTensor out) {
        Seq s = Seq.of("seq", seq, lengths);
        OpShapes.matrix("out", out, s.b, s.f);
        float[] S = seq.data(), O = out.data();
        for (int b = 0; b < s.b; b++) {
            int len = s.length(b);
            for (int j = 0; j < s.f; j++) {
                double sum = 0;
                for (int t = 0; t < len; t++) {
                    sum += S[seq.offset() + s.at(t, b, j)];
                }
                O[out.offset() + b * s.f + j] = len == 0 ? 0f : (float) (sum / len);
            }
        }
    }

    static void readoutMeanBackward(HostTensor dOut, HostTensor lengths, HostTensor dSeq) {
        Seq s = Seq.of("dSeq", dSeq, lengths);
        OpShapes.matrix("dOut", dOut, s.b, s.f);
        float[] D = dOut.data(), G = dSeq.data();
        for (int b = 0; b < s.b; b++) {
            int len = s.length(b);
            for (int j = 0; j < s.f; j++) {
                double share = (double) D[dOut.offset() + b * s.f + j] / len;
                for (int t = 0; t < len; t++) {
                    int i = dSeq.offset() + s.at(t, b, j);
                    G[i] = (float) (G[i] + share);
                }
            }
        }
    }

    static void readoutMax(HostTensor seq, HostTensor lengths, HostTensor out, HostTensor argmax) {
        Seq s = Seq.of("seq", seq, lengths);
        OpShapes.matrix("out", out, s.b, s.f);
        OpShapes.matrix("argmax", argmax, s.b, s.f);
        float[] S = seq.data(), O = out.data();
        int[] A = argmax.ints();
        for (int b = 0; b < s.b; b++) {
            int len = s.length(b);
            for (int j = 0; j < s.f; j++) {
                int best = len == 0 ? -1 : 0;
                for (int t = 1; t < len; t++) {
                    if (S[seq.offset() + s.at(t, b, j)] > S[seq.offset() + s.at(best, b, j)]) {
                        best = t; // strictly greater: the first step wins a tie
                    }
                }
                O[out.offset() + b * s.f + j] = best < 0 ? 0f : S[seq.offset() + s.at(best, b, j)];
                A[argmax.offset() + b * s.f + j] = best;
            }
        }
    }

    static void readoutMaxBackward(HostTensor dOut, HostTensor argmax, HostTensor dSeq) {
        OpShapes.rank("dSeq", dSeq, 3, "[T, B, F]");
        int t = dSeq.dim(0), nb = dSeq.dim(1), f = dSeq.dim(2);
        OpShapes.matrix("dOut", dOut, nb, f);
        OpShapes.matrix("argmax", argmax, nb, f);
        int[] A = argmax.ints();
        for (int i = 0; i < nb * f; i++) {
            OpShapes.index("argmax", i, A[argmax.offset() + i], -1, t);
        }
        float[] D = dOut.data(), G = dSeq.data();
        for (int i = 0; i < nb * f; i++) {
            int step = A[argmax.offset() + i];
            if (step >= 0) {
                G[dSeq.offset() + step * nb * f + i] += D[dOut.offset() + i];
            }
        }
    }

    /** A checked time-major sequence [T, B, F] and its lengths [B]; {@link #at} is the element index of (t, b, j). */
    private record Seq(int t, int b, int f, HostTensor lengths) {
        static Seq of(String what, HostTensor seq, HostTensor lengths) {
            OpShapes.rank(what, seq, 3, "[T, B, F] (time-major)");
            Seq s = new Seq(seq.dim(0), seq.dim(1), seq.dim(2), lengths);
            OpShapes.size("lengths", lengths, s.b, "[" + s.b + "] (the batch dimension of " + what + ")");
            for (int i = 0; i < s.b; i++) {
                int len = lengths.ints()[lengths.offset() + i];
                if (len < 0 || len > s.t) {
                    throw new IllegalArgumentException("lengths[" + i + "] = " + len + " is outside [0, " + s.t
                            + "] (T of " + what + ")");
                }
            }
            return s;
        }

        int length(int i) {
            return lengths.ints()[lengths.offset() + i];
        }

        int at(int step, int batch, int j) {
            return (step * b + batch) * f + j;
        }
    }
}
