package org.jrnn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.train.Loss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole model's backward (embedding, recurrent stack, readout, hidden layer, head, loss) against central finite
 * differences of the loss in every parameter, on the reference backend, for every readout and loss.
 */
class SequenceModelGradientTest {
    static final double EPS = 2e-3;
    static final double ATOL = 1e-3;
    static final double RTOL = 1e-2;

    private static ReferenceBackend backend;

    @BeforeAll
    static void open() {
        backend = new ReferenceBackend();
    }

    @AfterAll
    static void close() {
        assertEquals(0, backend.memoryInUse().tensors(), "every tensor closed");
        backend.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        for (Readout readout : Readout.values()) {
            Loss.Kind loss = readout == Readout.ALL ? Loss.Kind.MSE : Loss.Kind.CE;
            list.add(Arguments.of(readout, CellType.LSTM, true, true, loss));
            list.add(Arguments.of(readout, CellType.GRU, false, false, readout == Readout.ALL ? Loss.Kind.BCE
                    : Loss.Kind.MSE));
        }
        list.add(Arguments.of(Readout.LAST, CellType.RNN_TANH, true, true, Loss.Kind.BCE));
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1} embedding={2} bidirectional={3} {4}")
    @MethodSource("cases")
    void modelGradientsMatchFiniteDifferences(Readout readout, CellType cell, boolean embedding,
                                              boolean bidirectional, Loss.Kind lossKind) {
        int T = 4, B = 3, V = 7, E = 3, H = 4, O = lossKind == Loss.Kind.CE ? 3 : 2;
        int[] lengths = {4, 2, 3};
        ModelSpec spec = new ModelSpec(embedding ? new EmbeddingSpec(V, E, 0) : null,
                new RnnSpec(cell, E, H, 2, bidirectional, true, 0f), readout,
                new HeadSpec(5, Activation.TANH, 0f, O));
        SplittableRandom r = new SplittableRandom(42);
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(7);
             Tensor features = embedding ? null : backend.allocate(T, B, E);
             Tensor tokens = embedding ? backend.allocate(ElementType.INT32, T, B) : null;
             Tensor lengthsTensor = backend.fromHost(lengths, B)) {
            if (embedding) {
                int[] ids = new int[T * B];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = r.nextInt(V); // id 0 (padding) appears too: it must get no gradient
                }
                backend.copyFromHost(ids, 0, tokens);
            } else {
                backend.copyFromHost(random(r, T * B * E), 0, features);
            }
            ModelInput in = new ModelInput(features, tokens, lengths, lengthsTensor);
            int rows = readout == Readout.ALL ? T * B : B;
            Loss loss = Loss.of(lossKind);
            try (Tensor targets = lossKind == Loss.Kind.CE ? backend.fromHost(new int[] {2, 0, 1}, B)
                    : backend.fromHost(lossKind == Loss.Kind.BCE ? binary(r, rows * O) : random(r, rows * O), rows, O);
                 Tensor mask = readout == Readout.ALL ? backend.fromHost(mask(lengths, T), rows) : null;
                 Tensor grad = backend.allocate(rows, O); Tensor value = backend.allocate(1)) {
                model.zeroGradients();
                Tensor logits = model.forward(in, true, 1);
                loss.compute(backend.ops(), logits, targets, mask, null, grad, value);
                model.backward(grad);
                float[] analytic = backend.toHost(model.parameters().flatGrad());
                float[] params = backend.toHost(model.parameters().flat());
                int checked = 0;
                for (int i = 0; i < params.length; i++) {
                    float[] p = params.clone();
                    p[i] = (float) (params[i] + EPS);
                    double up = lossAt(model, p, in, loss, targets, mask, grad, value);
                    p[i] = (float) (params[i] - EPS);
                    double down = lossAt(model, p, in, loss, targets, mask, grad, value);
                    double numeric = (up - down) / ((double) (float) (params[i] + EPS) - (float) (params[i] - EPS));
                    int at = i;
                    assertTrue(Math.abs(numeric - analytic[i]) <= ATOL + RTOL * Math.abs(analytic[i]),
                            () -> name(model, at) + ": analytic " + analytic[at] + " vs numeric " + numeric);
                    checked++;
                }
                backend.copyFromHost(params, 0, model.parameters().flat());
                assertEquals(model.parameterCount(), checked);
                if (embedding) {
                    float[] padRow = backend.toHost(model.parameters().grad("embedding.weight").slice(0));
                    for (float v : padRow) {
                        assertEquals(0f, v, "the padding row gets no gradient");
                    }
                }
            }
        }
    }

    private static double lossAt(SequenceModel model, float[] p, ModelInput in, Loss loss, Tensor targets,
                                 Tensor mask, Tensor grad, Tensor value) {
        backend.copyFromHost(p, 0, model.parameters().flat());
        Tensor logits = model.forward(in, false, 1);
        loss.compute(backend.ops(), logits, targets, mask, null, grad, value);
        return backend.readScalar(value);
    }

    private static String name(SequenceModel m, int flat) {
        for (ParameterSet.Entry e : m.parameters().entries()) {
            if (flat >= e.offset() && flat < e.offset() + e.size()) {
                return e.name() + "[" + (flat - e.offset()) + "]";
            }
        }
        return "[" + flat + "]";
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    static float[] binary(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextBoolean() ? 1f : 0f;
        }
        return a;
    }

    /** Time-major row mask: 1 where t < length. */
    static float[] mask(int[] lengths, int T) {
        int B = lengths.length;
        float[] m = new float[T * B];
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                m[t * B + b] = t < lengths[b] ? 1f : 0f;
            }
        }
        return m;
    }
}
