package org.jrnn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jrnn.backend.Activation;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every kind of bad argument fails with an {@link IllegalArgumentException} that names it, and writes nothing. */
class ReferenceOpsErrorsTest extends OpsFixture {

    /** The call fails; its message contains every fragment (the argument, the index, the expected range). */
    private static void rejects(Executable call, String... fragments) {
        var e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' does not mention '" + f + "'");
        }
    }

    @Test
    void wrongShapes() {
        Tensor a = zeros(2, 3), b = zeros(4, 2), c = zeros(2, 2);
        rejects(() -> ops.gemm(false, false, 1f, a, b, 0f, c), "b", "[4, 2]", "[3, 2]");
        rejects(() -> ops.gemm(true, false, 1f, a, b, 0f, c), "a (transposed", "[2, 3]");
        rejects(() -> ops.addBias(a, zeros(2)), "bias", "[3]");
        rejects(() -> ops.addColumnSums(a, zeros(2)), "out", "[3]");
        rejects(() -> ops.axpy(1f, zeros(3), zeros(4)), "y", "[4]");
        rejects(() -> ops.mul(zeros(3), zeros(3), zeros(2)), "out");
        rejects(() -> ops.activation(Activation.TANH, zeros(3), zeros(2)), "y");
        rejects(() -> ops.activationBackward(Activation.TANH, zeros(3), zeros(3), zeros(4)), "dx");
        rejects(() -> ops.sumOfSquares(List.of(a), zeros(2)), "out", "[1]");
        rejects(() -> ops.scaleBy(a, zeros(2)), "scalar");
        rejects(() -> ops.swapFirstTwo(zeros(2, 3), zeros(2, 3)), "dst", "[3, 2]");
        rejects(() -> ops.swapFirstTwo(zeros(6), zeros(6)), "src", "rank >= 2");
        rejects(() -> ops.readoutLast(zeros(3, 2), ints(new int[2], 2), zeros(2, 1)), "seq", "[T, B, F]");
        rejects(() -> ops.readoutMean(zeros(3, 2, 1), ints(new int[2], 2), zeros(2, 2)), "out", "[2, 1]");
        rejects(() -> ops.mseLoss(zeros(2, 3), zeros(3, 2, 2), null, Reduction.MEAN, zeros(2, 3), zeros(1)),
                "target");
        rejects(() -> ops.bceWithLogitsLoss(zeros(2, 3), zeros(2, 3), zeros(3), Reduction.SUM, zeros(2, 3),
                zeros(1)), "mask", "[2]");
        rejects(() -> ops.softmaxCrossEntropyLoss(zeros(2, 3), ints(new int[2], 2), zeros(2), null,
                Reduction.MEAN, zeros(2, 3), zeros(1)), "classWeights", "[3]");
        rejects(() -> ops.softmaxCrossEntropyLoss(zeros(2, 3), ints(new int[3], 3), null, null,
                Reduction.MEAN, zeros(2, 3), zeros(1)), "targets", "[2]");
        rejects(() -> ops.sgdStep(zeros(3), zeros(3), zeros(2), new SgdParams(0.1f, 0.9f, 0, false, 0), true),
                "momentumBuffer");
        rejects(() -> ops.adamStep(zeros(3), zeros(3), zeros(3), zeros(4), AdamParams.adam(0.1f), 1), "expAvgSq");
    }

    @Test
    void wrongElementTypes() {
        Tensor table = zeros(3, 2), out = zeros(2, 2), floatIds = zeros(2), intIds = ints(new int[2], 2);
        rejects(() -> ops.gatherRows(table, floatIds, out), "ids", "INT32");
        rejects(() -> ops.gatherRows(ints(new int[6], 3, 2), intIds, out), "table", "FLOAT32");
        rejects(() -> ops.readoutLast(zeros(2, 2, 1), zeros(2), zeros(2, 1)), "lengths", "INT32");
        rejects(() -> ops.readoutMax(zeros(2, 2, 1), intIds, zeros(2, 1), zeros(2, 1)), "argmax", "INT32");
        rejects(() -> ops.readoutMaxBackward(zeros(2, 1), zeros(2, 1), zeros(2, 2, 1)), "argmax", "INT32");
        rejects(() -> ops.softmaxCrossEntropyLoss(zeros(2, 3), floatIds, null, null, Reduction.MEAN,
                zeros(2, 3), zeros(1)), "targets", "INT32");
        rejects(() -> ops.mseLoss(zeros(2, 3), zeros(2, 3), intIds, Reduction.MEAN, zeros(2, 3), zeros(1)),
                "mask", "FLOAT32");
        rejects(() -> ops.gemm(false, false, 1f, zeros(1, 1), zeros(1, 1), 0f, ints(new int[1], 1, 1)), "c");
        rejects(() -> ops.dropoutMask(intIds, 0.5f, 1, 0), "mask", "FLOAT32");
        rejects(() -> ops.swapFirstTwo(zeros(2, 3), ints(new int[6], 3, 2)), "dst", "FLOAT32");
        rejects(() -> ops.fill(intIds, 1.5f), "int32");
    }

    @Test
    void indicesOutOfRange() {
        Tensor table = zeros(3, 2), out = filled(5f, 3, 2);
        rejects(() -> ops.gatherRows(table, ints(new int[] {0, 3, 1}, 3), out), "ids[1] = 3", "[0, 3)");
        rejects(() -> ops.gatherRows(table, ints(new int[] {0, 1, -1}, 3), out), "ids[2] = -1");
        assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5}, get(out), "a rejected gather writes nothing");
        rejects(() -> ops.scatterAddRows(out, ints(new int[] {0, 7, 1}, 3), 1, table), "ids[1] = 7");
        rejects(() -> ops.scatterAddRows(out, ints(new int[] {0, 1, 2}, 3), 3, table), "paddingId", "[-1, 3)");
        assertArrayEquals(new float[6], get(table), "a rejected scatter writes nothing");
        Tensor seq = zeros(3, 2, 1), o = zeros(2, 1);
        rejects(() -> ops.readoutLast(seq, ints(new int[] {4, 1}, 2), o), "lengths[0] = 4", "[0, 3]");
        rejects(() -> ops.readoutMeanBackward(o, ints(new int[] {1, -1}, 2), seq), "lengths[1] = -1");
        rejects(() -> ops.readoutMaxBackward(o, ints(new int[] {3, 0}, 2, 1), seq), "argmax[0] = 3", "[-1, 3)");
        rejects(() -> ops.softmaxCrossEntropyLoss(zeros(2, 3), ints(new int[] {2, 3}, 2), null, null,
                Reduction.MEAN, zeros(2, 3), zeros(1)), "targets[1] = 3", "[0, 3)");
        rejects(() -> ops.softmaxCrossEntropyLoss(zeros(2, 3), ints(new int[] {-1, 0}, 2), null, null,
                Reduction.MEAN, zeros(2, 3), zeros(1)), "targets[0] = -1");
        rejects(() -> ops.adamStep(zeros(1), zeros(1), zeros(1), zeros(1), AdamParams.adam(0.1f), 0), "step");
        rejects(() -> ops.dropoutMask(zeros(2), 1f, 1, 0), "p", "[0, 1)");
        rejects(() -> ops.clamp(zeros(2), 1f, -1f), "min <= max");
        rejects(() -> ops.clipCoefficient(zeros(1), Float.NaN, zeros(1)), "maxNorm");
    }

    @Test
    void missingAndForeignTensors() {
        rejects(() -> ops.mseLoss(zeros(2), zeros(2), null, null, zeros(2), zeros(1)), "reduction");
        rejects(() -> ops.sgdStep(zeros(2), zeros(2), null, new SgdParams(0.1f, 0.5f, 0, false, 0), true),
                "momentumBuffer", "null");
        rejects(() -> ops.scale(null, 1f), "x");
        try (ReferenceBackend other = new ReferenceBackend(); Tensor foreign = other.allocate(2)) {
            rejects(() -> ops.axpy(1f, foreign, zeros(2)), "x", "belongs to backend");
        }
        Tensor closed = backend.allocate(2);
        closed.close();
        assertThrows(IllegalStateException.class, () -> ops.scale(closed, 2f));
    }

    @Test
    void zeroSizes() {
        Tensor c = zeros(0, 4);
        ops.gemm(false, false, 1f, zeros(0, 3), zeros(3, 4), 0f, c);
        ops.addBias(zeros(0, 4), zeros(4));
        Tensor sums = filled(1f, 4);
        ops.addColumnSums(zeros(0, 4), sums);
        assertArrayEquals(new float[] {1, 1, 1, 1}, get(sums));
        ops.gatherRows(zeros(3, 2), ints(new int[0], 0), zeros(0, 2));
        ops.scatterAddRows(zeros(0, 2), ints(new int[0], 0), -1, zeros(3, 2));
        Tensor loss = filled(Float.NaN, 1);
        ops.softmaxCrossEntropyLoss(zeros(0, 3), ints(new int[0], 0), null, null, Reduction.MEAN, zeros(0, 3), loss);
        assertArrayEquals(new float[] {0}, get(loss));
        ops.bceWithLogitsLoss(zeros(0), zeros(0), null, Reduction.SUM, zeros(0), loss);
        assertArrayEquals(new float[] {0}, get(loss));
        ops.readoutMean(zeros(0, 2, 3), ints(new int[2], 2), zeros(2, 3)); // T = 0: every length is 0
        ops.readoutLast(zeros(4, 0, 3), ints(new int[0], 0), zeros(0, 3));
        ops.dropoutMask(zeros(0), 0.5f, 1, 2);
        ops.sgdStep(zeros(0), zeros(0), zeros(0), new SgdParams(0.1f, 0.9f, 0, false, 0), true);
        ops.adamStep(zeros(0), zeros(0), zeros(0), zeros(0), AdamParams.adamW(0.1f), 1);
        ops.sumOfSquares(List.of(), loss);
        assertArrayEquals(new float[] {0}, get(loss));
    }

    @Test
    void paddingIdGetsNoGradientAndZeroLengthsNone() {
        Tensor dTable = zeros(4, 2);
        ops.scatterAddRows(floats(new float[] {1, 1, 2, 2, 3, 3}, 3, 2), ints(new int[] {0, 0, 3}, 3), 0, dTable);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 3, 3}, get(dTable));
        Tensor dSeq = zeros(2, 2, 1), lengths = ints(new int[] {0, 2}, 2), dOut = floats(new float[] {7, 1}, 2, 1);
        ops.readoutLastBackward(dOut, lengths, dSeq);
        ops.readoutMeanBackward(dOut, lengths, dSeq);
        assertArrayEquals(new float[] {0, 0.5f, 0, 1.5f}, get(dSeq), "batch 0 (length 0) gets nothing");
    }

    @Test
    void optimizersDoNotChangeTheGradient() {
        float[] g = {0.5f, -1f, 2f};
        Tensor grad = floats(g, 3);
        ops.sgdStep(filled(1f, 3), grad, zeros(3), new SgdParams(0.1f, 0.9f, 0f, true, 0.3f), true);
        ops.adamStep(filled(1f, 3), grad, zeros(3), zeros(3), new AdamParams(0.1f, 0.9f, 0.99f, 1e-8f, 0.3f, false),
                1);
        assertArrayEquals(g, get(grad));
    }
}
