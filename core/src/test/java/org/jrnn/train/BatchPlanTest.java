package org.jrnn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A {@link BatchPlan} replaces the Trainer's batching: the same batches give the same weights; bad plans fail. */
class BatchPlanTest {
    private static Backend backend;
    private static final ModelSpec SPEC = new ModelSpec(new EmbeddingSpec(4, 3, 0),
            new RnnSpec(CellType.LSTM, 3, 5, 1, false, true, 0f), Readout.LAST, HeadSpec.linear(2));

    @BeforeAll
    static void open() {
        backend = new ReferenceBackend();
    }

    @AfterAll
    static void close() {
        assertEquals(0, backend.memoryInUse().tensors(), "every tensor closed");
        backend.close();
    }

    private static float[] train(TrainerConfig config, BatchPlan plan, List<Integer> seen) {
        SequenceDataset data = TrainerTest.brackets(70, 8, 1);
        try (SequenceModel model = SequenceModel.create(backend, SPEC).initialize(2);
             Optimizer o = new Optimizer(model, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(model, o, Loss.of(Loss.Kind.CE), config)) {
            t.batchPlan(plan).addListener(new TrainingListener() {
                @Override
                public void batchFinished(BatchEvent e) {
                    seen.add(e.sequences());
                }
            });
            t.fit(data, null);
            return backend.toHost(model.parameters().flat());
        }
    }

    @Test
    void aPlanOfTheDefaultBatchesTrainsTheSameWeights() {
        TrainerConfig config = TrainerConfig.of(2, 16, 7);
        List<List<int[]>> byEpoch = new ArrayList<>();
        try (SequenceModel m = SequenceModel.create(backend, SPEC);
             Trainer probe = new Trainer(m, null, Loss.of(Loss.Kind.CE), config)) {
            for (int e = 0; e < 2; e++) {
                int[] order = probe.order(70, e);
                List<int[]> batches = new ArrayList<>();
                for (int from = 0; from < 70; from += 16) {
                    batches.add(Arrays.copyOfRange(order, from, Math.min(70, from + 16)));
                }
                byEpoch.add(batches);
            }
        }
        float[] plain = train(config, null, new ArrayList<>());
        float[] planned = train(config, byEpoch::get, new ArrayList<>());
        assertArrayEquals(plain, planned);
    }

    @Test
    void batchesOfThePlanAreTrainedAsGiven() {
        List<Integer> seen = new ArrayList<>();
        int[] all = new int[70];
        Arrays.setAll(all, i -> i);
        train(TrainerConfig.of(1, 64, 1), e -> List.of(Arrays.copyOfRange(all, 0, 10),
                Arrays.copyOfRange(all, 10, 70)), seen);
        assertEquals(List.of(10, 60), seen);
    }

    @Test
    void aRowOutsideTheDataIsAnError() {
        var ex = assertThrows(IllegalArgumentException.class,
                () -> train(TrainerConfig.of(1, 8, 1), e -> List.of(new int[] {3, 70}), new ArrayList<>()));
        assertTrue(ex.getMessage().contains("row 70"), ex.getMessage());
    }
}
