package org.jrnn.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.jrnn.backend.Activation;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Each reference operation on small inputs whose results were worked out by hand (in the comments). */
class ReferenceOpsValuesTest extends OpsFixture {
    static final float EPS = 1e-6f;

    @Test
    void gemmAllTranspositions() {
        // a = [[1,2,3],[4,5,6]], b = [[7,8],[9,10],[11,12]]: a·b = [[58,64],[139,154]].
        float[] ab = {58, 64, 139, 154};
        Tensor a = floats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), aT = floats(new float[] {1, 4, 2, 5, 3, 6}, 3, 2);
        Tensor b = floats(new float[] {7, 8, 9, 10, 11, 12}, 3, 2), bT = floats(new float[] {7, 9, 11, 8, 10, 12}, 2, 3);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            Tensor c = filled(Float.NaN, 2, 2); // beta = 0: the NaN garbage is ignored
            ops.gemm(ta, tb, 1f, ta ? aT : a, tb ? bT : b, 0f, c);
            assertArrayEquals(ab, get(c), "transA=" + ta + " transB=" + tb);
        }
        // alpha = 2, beta = 0.5 on c = 1: 2·ab + 0.5.
        Tensor c = atOffset(2, new float[] {1, 1, 1, 1}, 2, 2);
        ops.gemm(false, false, 2f, a, b, 0.5f, c);
        assertArrayEquals(new float[] {116.5f, 128.5f, 278.5f, 308.5f}, get(c));
        assertGuards(c);
        // k = 0: the product is empty, c = beta·c.
        Tensor c0 = floats(new float[] {4, 8}, 1, 2);
        ops.gemm(false, false, 1f, zeros(1, 0), zeros(0, 2), 0.25f, c0);
        assertArrayEquals(new float[] {1, 2}, get(c0));
    }

    @Test
    void biasColumnSumsAndElementwise() {
        Tensor y = atOffset(1, new float[] {1, 2, 3, 4}, 2, 2);
        ops.addBias(y, floats(new float[] {10, 20}, 2));
        assertArrayEquals(new float[] {11, 22, 13, 24}, get(y));
        Tensor sums = floats(new float[] {1, 1}, 2);
        ops.addColumnSums(y, sums); // adds: 1 + 11 + 13, 1 + 22 + 24
        assertArrayEquals(new float[] {25, 47}, get(sums));
        assertGuards(y);

        Tensor x = floats(new float[] {1, -2, 3}, 3), z = floats(new float[] {0.5f, 0.5f, 2}, 3);
        ops.scale(x, 2f);                               // x = [2, -4, 6]
        ops.axpy(-1f, x, z);                            // z = [-1.5, 4.5, -4]
        Tensor out = zeros(3);
        ops.mul(x, z, out);                             // [-3, -18, -24]
        assertArrayEquals(new float[] {-1.5f, 4.5f, -4}, get(z));
        assertArrayEquals(new float[] {-3, -18, -24}, get(out));
        ops.mul(out, out, out);                         // aliasing out = a = b: squares
        assertArrayEquals(new float[] {9, 324, 576}, get(out));
        Tensor ids = ints(new int[3], 3);
        ops.fill(ids, -2f);
        assertArrayEquals(new int[] {-2, -2, -2}, backend.toHostInts(ids));
    }

    @Test
    void activationsAndSlopes() {
        Tensor x = floats(new float[] {0.5f, 0f, 2f, -1f}, 4), y = zeros(4);
        ops.activation(Activation.TANH, x, y);
        assertEquals(0.46211715726f, get(y)[0], EPS);
        ops.activation(Activation.SIGMOID, x, y);
        assertEquals(0.5f, get(y)[1], 0f);
        assertEquals(0.88079707798f, get(y)[2], EPS);
        ops.activation(Activation.RELU, x, y);
        assertArrayEquals(new float[] {0.5f, 0f, 2f, 0f}, get(y));
        ops.activation(Activation.IDENTITY, x, y);
        assertArrayEquals(get(x), get(y));
        ops.activation(Activation.SIGMOID, floats(new float[] {-1e4f, 1e4f}, 2), y.view(0, 2));
        assertArrayEquals(new float[] {0f, 1f}, Arrays.copyOf(get(y), 2));

        // slopes from the output: tanh y=0.5 → 1 − 0.25; sigmoid y=0.25 → 0.1875; relu y=0 → 0, y=3 → 1.
        Tensor dy = floats(new float[] {2, 2}, 2), dx = zeros(2);
        ops.activationBackward(Activation.TANH, floats(new float[] {0.5f, -0.5f}, 2), dy, dx);
        assertArrayEquals(new float[] {1.5f, 1.5f}, get(dx));
        ops.activationBackward(Activation.SIGMOID, floats(new float[] {0.25f, 0.5f}, 2), dy, dx);
        assertArrayEquals(new float[] {0.375f, 0.5f}, get(dx));
        ops.activationBackward(Activation.RELU, floats(new float[] {0f, 3f}, 2), dy, dy); // dx aliases dy
        assertArrayEquals(new float[] {0f, 2f}, get(dy));
    }

    @Test
    void clipping() {
        Tensor g1 = floats(new float[] {3, 4}, 2), g2 = atOffset(3, new float[] {12}, 1), ss = zeros(1);
        ops.sumOfSquares(List.of(g1, g2, zeros(0)), ss);
        assertEquals(169f, scalar(ss), 0f); // 9 + 16 + 144: norm 13
        Tensor coef = zeros(1);
        ops.clipCoefficient(ss, 6.5f, coef);
        assertEquals(6.5 / (13 + 1e-6), scalar(coef), 1e-7);
        ops.clipCoefficient(ss, 26f, coef);
        assertEquals(1f, scalar(coef), 0f); // never scales up
        ops.fill(coef, 0.5f);
        ops.scaleBy(g1, coef);
        assertArrayEquals(new float[] {1.5f, 2}, get(g1));
        Tensor x = floats(new float[] {-2, 0.5f, 3, Float.NaN}, 4);
        ops.clamp(x, -1f, 1f);
        assertArrayEquals(new float[] {-1, 0.5f, 1, Float.NaN}, get(x));
        assertGuards(g2);
    }

    @Test
    void embedding() {
        Tensor table = floats(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor ids = intsAtOffset(2, new int[] {2, 0, 2}, 3), out = atOffset(1, new float[6], 3, 2);
        ops.gatherRows(table, ids, out);
        assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, get(out));
        assertGuards(out);
        Tensor dOut = floats(new float[] {1, 1, 2, 2, 3, 3}, 3, 2), dTable = zeros(3, 2);
        ops.scatterAddRows(dOut, ids, -1, dTable);       // row 2 gets 1 + 3, row 0 gets 2
        assertArrayEquals(new float[] {2, 2, 0, 0, 4, 4}, get(dTable));
        Tensor padded = zeros(3, 2);
        ops.scatterAddRows(dOut, ids, 2, padded);        // padding id 2: its rows add nothing
        assertArrayEquals(new float[] {2, 2, 0, 0, 0, 0}, get(padded));
        assertGuards(ids);
    }

    @Test
    void readouts() {
        // seq [T=3, B=2, F=1]: batch 0 holds 1, 2, 3 over time, batch 1 holds 10, 20, 30.
        Tensor seq = atOffset(1, new float[] {1, 10, 2, 20, 3, 30}, 3, 2, 1);
        Tensor lengths = ints(new int[] {2, 0}, 2), full = ints(new int[] {3, 3}, 2);
        Tensor out = filled(Float.NaN, 2, 1), argmax = ints(new int[2], 2, 1);
        ops.readoutLast(seq, lengths, out);
        assertArrayEquals(new float[] {2, 0}, get(out));
        ops.readoutLast(seq, full, out);
        assertArrayEquals(new float[] {3, 30}, get(out));
        ops.readoutMean(seq, lengths, out);
        assertArrayEquals(new float[] {1.5f, 0}, get(out));
        ops.readoutMax(seq, lengths, out, argmax);
        assertArrayEquals(new float[] {2, 0}, get(out));
        assertArrayEquals(new int[] {1, -1}, backend.toHostInts(argmax));
        ops.readoutMax(floats(new float[] {4, 1, 4, 2, 1, 2}, 3, 2, 1), full, out, argmax); // ties: first step
        assertArrayEquals(new int[] {0, 1}, backend.toHostInts(argmax));
        assertGuards(seq);

        Tensor dOut = floats(new float[] {1, 5}, 2, 1), dSeq = zeros(3, 2, 1);
        ops.readoutLastBackward(dOut, lengths, dSeq);    // dSeq[1, 0] += 1; batch 1 has length 0
        assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0}, get(dSeq));
        ops.readoutMeanBackward(dOut, lengths, dSeq);    // dSeq[0..1, 0] += 1/2
        assertArrayEquals(new float[] {0.5f, 0, 1.5f, 0, 0, 0}, get(dSeq));
        ops.readoutMaxBackward(dOut, ints(new int[] {2, -1}, 2, 1), dSeq); // dSeq[2, 0] += 1
        assertArrayEquals(new float[] {0.5f, 0, 1.5f, 0, 1, 0}, get(dSeq));
    }

    @Test
    void mseLoss() {
        // pred [[1,2],[3,4]], target 0: MEAN = (1+4+9+16)/4 = 7.5, grad 2·pred/4.
        Tensor pred = floats(new float[] {1, 2, 3, 4}, 2, 2), target = zeros(2, 2);
        Tensor grad = zeros(2, 2), loss = zeros(1);
        ops.mseLoss(pred, target, null, Reduction.MEAN, grad, loss);
        assertEquals(7.5f, scalar(loss), 0f);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, get(grad));
        ops.mseLoss(pred, target, null, Reduction.SUM, grad, loss);
        assertEquals(30f, scalar(loss), 0f);
        assertArrayEquals(new float[] {2, 4, 6, 8}, get(grad));
        // mask [0, 1]: only row 1 counts, MEAN divides by 1 row × 2 columns: (9+16)/2.
        ops.mseLoss(pred, target, floats(new float[] {0, 1}, 2), Reduction.MEAN, grad, loss);
        assertEquals(12.5f, scalar(loss), 0f);
        assertArrayEquals(new float[] {0, 0, 3, 4}, get(grad));
        // everything masked, and N = 0: a mean over nothing is 0 (not NaN).
        ops.mseLoss(pred, target, zeros(2), Reduction.MEAN, grad, loss);
        assertEquals(0f, scalar(loss), 0f);
        assertArrayEquals(new float[4], get(grad));
        ops.mseLoss(zeros(0, 3), zeros(0, 3), null, Reduction.MEAN, zeros(0, 3), loss);
        assertEquals(0f, scalar(loss), 0f);
    }

    @Test
    void bceWithLogitsIsStable() {
        // x=0,y=1: log 2, grad σ(0)−1 = −0.5. x=50,y=0: 50 + log1p(e^−50), grad ≈ 1. x=−1e4,y=1: 1e4, grad −1.
        Tensor x = floats(new float[] {0, 50, -1e4f, 1e4f}, 4, 1), y = floats(new float[] {1, 0, 1, 1}, 4, 1);
        Tensor grad = zeros(4, 1), loss = zeros(1);
        ops.bceWithLogitsLoss(x, y, null, Reduction.SUM, grad, loss);
        assertEquals(Math.log(2) + 50 + 1e4, scalar(loss), 1e-3);
        assertArrayEquals(new float[] {-0.5f, 1, -1, 0}, get(grad), EPS);
        ops.bceWithLogitsLoss(x, y, floats(new float[] {1, 0, 0, 1}, 4), Reduction.MEAN, grad, loss);
        assertEquals(Math.log(2) / 2, scalar(loss), EPS); // rows 0 and 3 count; row 3 adds log1p(e^−1e4) = 0
        assertArrayEquals(new float[] {-0.25f, 0, 0, 0}, get(grad), EPS);
    }

    @Test
    void crossEntropy() {
        // Row 0: logits [0, 0], class 0: log 2. Row 1: logits [0, ln 3], class 1: ln 4 − ln 3.
        Tensor x = floats(new float[] {0, 0, 0, (float) Math.log(3)}, 2, 2), y = ints(new int[] {0, 1}, 2);
        Tensor w = floats(new float[] {2, 1}, 2), grad = zeros(2, 2), loss = zeros(1);
        ops.softmaxCrossEntropyLoss(x, y, null, null, Reduction.SUM, grad, loss);
        assertEquals(Math.log(2) + Math.log(4.0 / 3), scalar(loss), EPS);
        assertArrayEquals(new float[] {-0.5f, 0.5f, 0.25f, -0.25f}, get(grad), EPS);
        // weights [2, 1]: MEAN divides by w[0] + w[1] = 3.
        ops.softmaxCrossEntropyLoss(x, y, w, null, Reduction.MEAN, grad, loss);
        assertEquals((2 * Math.log(2) + Math.log(4.0 / 3)) / 3, scalar(loss), EPS);
        assertArrayEquals(new float[] {-1f / 3, 1f / 3, 0.25f / 3, -0.25f / 3}, get(grad), EPS);
        // mask [0, 1] with weights: only row 1, divided by w[1]·1.
        ops.softmaxCrossEntropyLoss(x, y, w, floats(new float[] {0, 1}, 2), Reduction.MEAN, grad, loss);
        assertEquals(Math.log(4.0 / 3), scalar(loss), EPS);
        assertArrayEquals(new float[] {0, 0, 0.25f, -0.25f}, get(grad), EPS);
        // Huge logits stay finite: loss 2e4, gradient [1, −1].
        ops.softmaxCrossEntropyLoss(floats(new float[] {1e4f, -1e4f}, 1, 2), ints(new int[] {1}, 1), null, null,
                Reduction.MEAN, grad.view(0, 1, 2), loss);
        assertEquals(2e4f, scalar(loss), 0f);
        assertArrayEquals(new float[] {1, -1}, Arrays.copyOf(get(grad), 2), 0f);
    }

    @Test
    void sgdSteps() {
        // p = 1, g = 0.5, lr 0.1, momentum 0.9. Step 1: buf = 0.5, p = 0.95. Step 2: buf = 0.45 + 0.5, p = 0.855.
        Tensor p = floats(new float[] {1}, 1), g = floats(new float[] {0.5f}, 1), buf = filled(Float.NaN, 1);
        SgdParams momentum = new SgdParams(0.1f, 0.9f, 0f, false, 0f);
        ops.sgdStep(p, g, buf, momentum, true);
        assertEquals(0.95f, scalar(p), EPS);
        ops.sgdStep(p, g, buf, momentum, false);
        assertEquals(0.95f, scalar(buf), EPS);
        assertEquals(0.855f, scalar(p), EPS);
        // dampening 0.5: the second buffer is 0.45 + 0.5·0.5 = 0.7 (the first is d itself, undamped).
        ops.fill(p, 1f);
        SgdParams damped = new SgdParams(0.1f, 0.9f, 0.5f, false, 0f);
        ops.sgdStep(p, g, buf, damped, true);
        ops.sgdStep(p, g, buf, damped, false);
        assertEquals(0.7f, scalar(buf), EPS);
        assertEquals(1 - 0.05f - 0.07f, scalar(p), EPS);
        // Nesterov, first step: d = 0.5 + 0.9·0.5 = 0.95, p = 1 − 0.095.
        ops.fill(p, 1f);
        ops.sgdStep(p, g, buf, new SgdParams(0.1f, 0.9f, 0f, true, 0f), true);
        assertEquals(0.905f, scalar(p), EPS);
        // Weight decay 0.2 without momentum: d = 0.5 + 0.2·1, p = 1 − 0.07; the gradient is not changed.
        ops.fill(p, 1f);
        ops.sgdStep(p, g, null, new SgdParams(0.1f, 0f, 0f, false, 0.2f), true);
        assertEquals(0.93f, scalar(p), EPS);
        assertEquals(0.5f, scalar(g), 0f);
    }

    @Test
    void adamFirstStepMovesByLr() {
        // Step 1: m = 0.1·g, v = 0.001·g², the bias corrections cancel: p −= lr·g / (|g| + eps).
        Tensor p = floats(new float[] {1, 1}, 2), g = floats(new float[] {0.5f, -2f}, 2);
        Tensor m = zeros(2), v = zeros(2);
        ops.adamStep(p, g, m, v, AdamParams.adam(0.01f), 1);
        assertArrayEquals(new float[] {0.99f, 1.01f}, get(p), EPS);
        assertArrayEquals(new float[] {0.05f, -0.2f}, get(m), EPS);
        assertArrayEquals(new float[] {0.00025f, 0.004f}, get(v), 1e-7f);
        // AdamW with wd 0.1: p = 1·(1 − 0.001) − 0.01·sign(g); the gradient is not changed.
        Tensor q = floats(new float[] {1, 1}, 2);
        ops.adamStep(q, g, zeros(2), zeros(2), new AdamParams(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, true), 1);
        assertArrayEquals(new float[] {0.989f, 1.009f}, get(q), EPS);
        // Adam with wd 0.1 adds 0.1·p to g: g' = [0.6, −1.9], still a step of lr·sign(g').
        Tensor r = floats(new float[] {1, 1}, 2);
        ops.adamStep(r, g, zeros(2), zeros(2), new AdamParams(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, false), 1);
        assertArrayEquals(new float[] {0.99f, 1.01f}, get(r), EPS);
        assertArrayEquals(new float[] {0.5f, -2f}, get(g), 0f);
        // A zero gradient with v = 0: eps keeps the step finite (and zero).
        Tensor z = floats(new float[] {1}, 1);
        ops.adamStep(z, zeros(1), zeros(1), zeros(1), AdamParams.adam(0.01f), 1);
        assertEquals(1f, scalar(z), 0f);
    }

    @Test
    void swapFirstTwo() {
        Tensor src = atOffset(2, new float[] {1, 2, 3, 4, 5, 6}, 2, 3, 1), dst = zeros(3, 2, 1);
        ops.swapFirstTwo(src, dst);
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, get(dst));
        Tensor ids = ints(new int[] {1, 2, 3, 4}, 2, 2), idsT = ints(new int[4], 2, 2);
        ops.swapFirstTwo(ids, idsT);
        assertArrayEquals(new int[] {1, 3, 2, 4}, backend.toHostInts(idsT));
        ops.swapFirstTwo(zeros(0, 4, 2), zeros(4, 0, 2));
        assertTrue(get(dst).length == 6);
    }
}
