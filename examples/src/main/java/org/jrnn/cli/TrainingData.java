package org.jrnn.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.jrnn.io.DType;
import org.jrnn.io.Finite;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.Readout;
import org.jrnn.train.Loss;
import org.jrnn.train.SequenceDataset;

/**
 * The training file of {@code rnn train}, read into a {@link SequenceDataset} and checked against the flags: either
 * {@code input} [N, T, I] float32 or {@code tokens} [N, T] int32/int64, optional {@code lengths} [N] in [1, T], and
 * {@code target}: [N, O] float32 (mse, bce with readout last, mean, max), [N, T, O] float32 (readout all) or [N]
 * int32/int64 class ids in [0, O) (ce). Every contradiction is an {@link IllegalArgumentException} naming the file
 * ({@code --data FILE: …}, as the NaN checks of {@link Finite} name it) and the flag or tensor; {@link #warnings}
 * lists what trains but teaches little.
 */
final class TrainingData {
    static final String INPUT = "input";
    static final String TOKENS = "tokens";
    static final String LENGTHS = "lengths";
    static final String TARGET = "target";
    static final List<String> NAMES = List.of(INPUT, TOKENS, LENGTHS, TARGET);

    private TrainingData() {}

    /** What the flags say the file must agree with. */
    record Expect(boolean embedding, int vocabulary, Loss.Kind loss, Readout readout, int outputs) {}

    static SequenceDataset load(SafeTensorsFile d, Expect want) throws IOException {
        String file = d.path().toString();
        List<String> unexpected = d.names().stream().filter(n -> !NAMES.contains(n)).toList();
        if (!unexpected.isEmpty()) {
            throw new IllegalArgumentException("--data " + file + " holds unexpected tensors " + unexpected
                    + "; it may hold input or tokens, lengths and target");
        }
        boolean hasInput = d.has(INPUT);
        boolean hasTokens = d.has(TOKENS);
        if (hasInput == hasTokens) {
            throw new IllegalArgumentException("--data " + file + (hasInput ? " holds both input and tokens"
                    : " holds neither input [N, T, I] (float32) nor tokens [N, T] (int32/int64)")
                    + "; it must hold exactly one of them");
        }
        if (hasTokens && !want.embedding()) {
            throw new IllegalArgumentException("--data " + file + " holds tokens, which need --embedding E and "
                    + "--vocab V (an input [N, T, I] of floats needs neither)");
        }
        if (hasInput && want.embedding()) {
            throw new IllegalArgumentException("--embedding given but --data " + file + " holds float input [N, T, I]"
                    + ", not tokens [N, T]; drop --embedding and --vocab");
        }
        if (!d.has(TARGET)) {
            throw new IllegalArgumentException("--data " + file + " has no tensor 'target' (" + targetMeaning(want)
                    + ")");
        }
        int n;
        int steps;
        int inputSize = 0;
        float[] features = null;
        int[] tokens = null;
        if (hasInput) {
            long[] s = d.shape(INPUT);
            if (s.length != 3 || s[0] < 1 || s[1] < 1 || s[2] < 1) {
                throw bad(file, "input has shape " + Arrays.toString(s) + " but must be [N, T, I]"
                        + " (batch first) with N, T, I >= 1");
            }
            if (d.dtype(INPUT) != DType.F32) {
                throw bad(file, "input is " + d.dtype(INPUT) + " but must be F32 (float32)");
            }
            n = Math.toIntExact(s[0]);
            steps = Math.toIntExact(s[1]);
            inputSize = Math.toIntExact(s[2]);
            features = Finite.require(d, INPUT, d.floats(INPUT));
        } else {
            long[] s = d.shape(TOKENS);
            if (s.length != 2 || s[0] < 1 || s[1] < 1) {
                throw bad(file, "tokens has shape " + Arrays.toString(s) + " but must be [N, T]"
                        + " with N, T >= 1");
            }
            n = Math.toIntExact(s[0]);
            steps = Math.toIntExact(s[1]);
            tokens = tokens(file, d.integers(TOKENS), steps, want.vocabulary());
        }
        int[] lengths = d.has(LENGTHS) ? lengths(d, n, steps) : null;
        if (want.loss() == Loss.Kind.CE) {
            int[] classes = classes(d, n, want.outputs());
            return new SequenceDataset(n, steps, inputSize, features, tokens, lengths, null, null, classes);
        }
        if (d.dtype(TARGET) != DType.F32) {
            throw bad(file, "target is " + d.dtype(TARGET) + " but the " + lossId(want)
                    + " loss needs float32 targets (" + targetMeaning(want) + "); class ids need --loss ce");
        }
        long[] s = d.shape(TARGET);
        boolean perStep = want.readout() == Readout.ALL;
        long[] expected = perStep ? new long[] {n, steps, want.outputs()} : new long[] {n, want.outputs()};
        if (s.length == expected.length && Arrays.equals(Arrays.copyOf(s, s.length - 1),
                Arrays.copyOf(expected, s.length - 1)) && s[s.length - 1] != want.outputs()) {
            throw bad(file, "--outputs " + want.outputs() + " but target has shape "
                    + Arrays.toString(s) + ", " + s[s.length - 1] + " outputs per " + (perStep ? "step" : "sequence"));
        }
        if (!Arrays.equals(s, expected)) {
            throw bad(file, "target has shape " + Arrays.toString(s) + " but --readout "
                    + want.readout().id() + " with --outputs " + want.outputs() + " needs " + Arrays.toString(expected)
                    + " (" + targetMeaning(want) + ")");
        }
        int[] targetShape = Arrays.stream(s).mapToInt(Math::toIntExact).toArray();
        return new SequenceDataset(n, steps, inputSize, features, tokens, lengths,
                Finite.require(d, TARGET, d.floats(TARGET)), targetShape,
                null);
    }

    private static int[] tokens(String file, long[] values, int steps, int vocabulary) {
        int[] out = new int[values.length];
        int maxAt = -1;
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (v != (int) v) {
                throw bad(file, "tokens[" + i / steps + ", " + i % steps + "] = " + v
                        + " does not fit in int32");
            }
            if (v < 0) {
                throw bad(file, "tokens[" + i / steps + ", " + i % steps + "] = " + v
                        + " is negative; token ids must be in [0, --vocab)");
            }
            if (maxAt < 0 || v > out[maxAt]) {
                maxAt = i;
            }
            out[i] = (int) v;
        }
        if (out[maxAt] >= vocabulary) {
            throw bad(file, "--vocab " + vocabulary + " but tokens[" + maxAt / steps + ", "
                    + maxAt % steps + "] = " + out[maxAt] + "; the vocabulary must be larger than every token id (at"
                    + " least " + (out[maxAt] + 1L) + ")");
        }
        return out;
    }

    private static int[] lengths(SafeTensorsFile d, int n, int steps) throws IOException {
        String file = d.path().toString();
        long[] s = d.shape(LENGTHS);
        if (s.length != 1 || s[0] != n) {
            throw bad(file, "lengths has shape " + Arrays.toString(s) + " but must be [" + n
                    + "], one length per sequence");
        }
        long[] values = d.integers(LENGTHS);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (values[i] < 1 || values[i] > steps) {
                throw bad(file, "lengths[" + i + "] = " + values[i] + " is out of range: each"
                        + " length must be in [1, T] = [1, " + steps + "]");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    private static int[] classes(SafeTensorsFile d, int n, int outputs) throws IOException {
        String file = d.path().toString();
        DType type = d.dtype(TARGET);
        long[] s = d.shape(TARGET);
        if (type != DType.I32 && type != DType.I64) {
            throw bad(file, "the ce loss needs class ids: target must be int32 or int64 [" + n
                    + "], but it is " + type + " " + Arrays.toString(s) + " (float targets need --loss mse or bce)");
        }
        if (s.length != 1 || s[0] != n) {
            throw bad(file, "target has shape " + Arrays.toString(s) + " but the ce loss needs [" + n
                    + "], one class id per sequence");
        }
        long[] values = d.integers(TARGET);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (values[i] < 0 || values[i] >= outputs) {
                throw bad(file, "target[" + i + "] = " + values[i] + " but --outputs " + outputs
                        + " gives the classes [0, " + outputs + ")");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    /**
     * What trains but cannot teach a classifier much, one line each: every class id the same (ce), or an output whose
     * every target is the same value (bce; padded steps left out). Not an error: a one-class file may be a deliberate
     * test, or one shard of a larger set, but the user should know.
     */
    static List<String> warnings(String file, SequenceDataset d, Loss.Kind loss) {
        if (d.size() == 0) {
            return List.of();
        }
        if (loss == Loss.Kind.CE) {
            int[] c = d.classes();
            for (int v : c) {
                if (v != c[0]) {
                    return List.of();
                }
            }
            return List.of("--data " + file + ": every target is class " + c[0] + " (all " + c.length
                    + " sequences), so the model can only learn to predict that one class");
        }
        if (loss != Loss.Kind.BCE) {
            return List.of();
        }
        int width = d.targetWidth();
        List<String> constant = new java.util.ArrayList<>();
        for (int o = 0; o < width; o++) {
            float first = Float.NaN;
            boolean same = true;
            for (int n = 0; n < d.size() && same; n++) {
                int steps = d.perStepTargets() ? d.lengthOf(n) : 1;
                for (int t = 0; t < steps && same; t++) {
                    float v = d.targets()[((d.perStepTargets() ? n * d.steps() + t : n)) * width + o];
                    if (Float.isNaN(first)) {
                        first = v;
                    } else {
                        same = v == first;
                    }
                }
            }
            if (same) {
                constant.add((width == 1 ? "" : "output " + o + ": ") + first);
            }
        }
        if (constant.isEmpty()) {
            return List.of();
        }
        return List.of("--data " + file + ": every target " + (width == 1 ? "is " + constant.getFirst()
                : "of an output is the same (" + String.join(", ", constant) + ")")
                + ", so the bce loss can only teach the model to predict that one class");
    }

    /** A contradiction in the data file, named as {@code --data FILE: problem} (as the NaN checks name it). */
    private static IllegalArgumentException bad(String file, String problem) {
        return new IllegalArgumentException("--data " + file + ": " + problem);
    }

    private static String lossId(Expect want) {
        return want.loss().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String targetMeaning(Expect want) {
        if (want.loss() == Loss.Kind.CE) {
            return "ce: int class ids [N]";
        }
        return lossId(want) + " with readout " + want.readout().id() + ": float32 "
                + (want.readout() == Readout.ALL ? "[N, T, O]" : "[N, O]");
    }
}
