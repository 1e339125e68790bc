package org.jrnn.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.backend.Backend;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.testing.Tolerance;
import org.jrnn.train.Loss;
import org.jrnn.train.SequenceDataset;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.jrnn.train.optim.ParamGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Training through the {@link Trainer} on the cuda backend's code (embedding, stacked bidirectional GRU with
 * dropout, mean readout, dense head, cross-entropy, gradient clipping, AdamW), its kernels on the host emulation:
 * the same steps as the reference give the same weights.
 */
@ExtendWith(RequiresHostCompiler.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CudaEmulatedTrainerTest {
    private Backend cuda;
    private Backend reference;

    @BeforeAll
    void open() {
        cuda = HostDevice.backend();
        reference = new ReferenceBackend();
    }

    @AfterAll
    void close() {
        assertEquals(0, cuda.memoryInUse().tensors(), "every cuda tensor closed");
        cuda.close();
        reference.close();
    }

    /** Token sequences of ids 1..5 padded with 0; the class is whether id 2 occurs more often than id 3. */
    static SequenceDataset tokens(int n, int T, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n * T];
        int[] lengths = new int[n];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 1 + r.nextInt(T);
            int balance = 0;
            for (int t = 0; t < lengths[i]; t++) {
                ids[i * T + t] = 1 + r.nextInt(5);
                balance += ids[i * T + t] == 2 ? 1 : ids[i * T + t] == 3 ? -1 : 0;
            }
            classes[i] = balance > 0 ? 1 : 0;
        }
        return SequenceDataset.ofTokens(ids, n, T, lengths, classes);
    }

    private float[] train(Backend backend, int steps) {
        ModelSpec spec = new ModelSpec(new EmbeddingSpec(6, 4, 0), new RnnSpec(CellType.GRU, 4, 6, 2, true, true, 0.25f),
                Readout.MEAN, new HeadSpec(5, Activation.TANH, 0.1f, 2));
        TrainerConfig config = TrainerConfig.of(2, 8, 13).withClipNorm(0.5f).withMaxSteps(steps);
        try (SequenceModel model = SequenceModel.create(backend, spec).initialize(7);
             Optimizer o = new Optimizer(model, OptimizerSpec.adamW(0.01f, 0.9f, 0.999f, 1e-8f, 0.01f),
                     List.of(ParamGroup.noDecayOnBiases()));
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.CE), config)) {
            t.fit(tokens(48, 7, 1), null);
            return backend.toHost(model.parameters().flat());
        }
    }

    @Test
    void sameStepsSameWeightsAsTheReference() {
        float[] want = train(reference, 5);
        float[] got = train(cuda, 5);
        new Tolerance(1e-5, 1e-4).assertClose("weights after 5 AdamW steps", got, want);
        float[] init = train(reference, 0);
        double moved = Tolerance.maxAbs(want, init);
        assertTrue(moved > 1e-3, "training moved the weights by " + moved);
    }
}
