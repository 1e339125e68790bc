package org.jrnn.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.io.SafeTensors;
import org.jrnn.reference.ReferenceBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names, counts, the spec's JSON, saving, loading and the errors of mismatched files. */
class ModelWeightsTest {
    private static final ReferenceBackend backend = new ReferenceBackend();

    @TempDir
    Path dir;

    static final ModelSpec SPEC = new ModelSpec(new EmbeddingSpec(10, 4, 0),
            new RnnSpec(CellType.LSTM, 4, 3, 2, true, true, 0.25f), Readout.LAST, new HeadSpec(5, Activation.RELU, 0.1f, 2));

    @AfterAll
    static void close() {
        assertEquals(0, backend.memoryInUse().tensors());
        backend.close();
    }

    @Test
    void namesAndCountAreThoseOfTheEquivalentPyTorchModule() {
        try (SequenceModel m = SequenceModel.create(backend, SPEC)) {
            List<String> names = m.parameters().entries().stream().map(ParameterSet.Entry::name).toList();
            assertEquals(List.of("embedding.weight",
                    "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0",
                    "rnn.weight_ih_l0_reverse", "rnn.weight_hh_l0_reverse", "rnn.bias_ih_l0_reverse",
                    "rnn.bias_hh_l0_reverse",
                    "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
                    "rnn.weight_ih_l1_reverse", "rnn.weight_hh_l1_reverse", "rnn.bias_ih_l1_reverse",
                    "rnn.bias_hh_l1_reverse", "hidden.weight", "hidden.bias", "head.weight", "head.bias"), names);
            // nn.Embedding(10, 4): 40; nn.LSTM(4, 3, 2, bidirectional): per direction 4*3*(in + 3) + 2*12
            int lstm = 2 * (12 * 4 + 12 * 3 + 24) + 2 * (12 * 6 + 12 * 3 + 24);
            assertEquals(40 + lstm + (5 * 6 + 5) + (2 * 5 + 2), m.parameterCount());
            assertArrayEquals(new int[] {12, 6}, m.parameters().entry("rnn.weight_ih_l1").shape());
        }
    }

    @Test
    void parameterCountFromTheSpecAloneIsTheModelsCount() {
        List<ModelSpec> specs = List.of(SPEC,
                new ModelSpec(null, RnnSpec.of(CellType.GRU, 3, 7), Readout.ALL, HeadSpec.linear(1)),
                new ModelSpec(null, new RnnSpec(CellType.RNN_RELU, 2, 5, 3, false, false, 0f), Readout.MAX,
                        new HeadSpec(4, Activation.TANH, 0f, 3)));
        for (ModelSpec s : specs) {
            try (SequenceModel m = SequenceModel.create(backend, s)) {
                assertEquals(m.parameterCount(), ModelWeights.parameterCount(s), s.toJson());
            }
        }
        // The largest sizes a spec accepts (4*H gate rows must fit in an int): the count saturates instead of
        // overflowing, so a hostile spec is refused by comparing it with the file's size.
        ModelSpec huge = new ModelSpec(null, new RnnSpec(CellType.LSTM, Integer.MAX_VALUE, Integer.MAX_VALUE / 4,
                Integer.MAX_VALUE, true, true, 0f), Readout.LAST, HeadSpec.linear(1));
        assertEquals(Long.MAX_VALUE, ModelWeights.parameterCount(huge), "overflow saturates");
        assertThrows(IllegalArgumentException.class, () -> new RnnSpec(CellType.LSTM, 1, Integer.MAX_VALUE, 1,
                false, true, 0f), "4*H gate rows past 2^31-1");
    }

    @Test
    void specSurvivesJson() {
        assertEquals(SPEC, ModelSpec.fromJson(SPEC.toJson()));
        ModelSpec plain = new ModelSpec(null, RnnSpec.of(CellType.GRU, 3, 7), Readout.ALL, HeadSpec.linear(1));
        assertEquals(plain, ModelSpec.fromJson(plain.toJson()));
        var e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.fromJson("{\"rnn\": {}}"));
        assertTrue(e.getMessage().contains("'cell'"), e.getMessage());
    }

    @Test
    void initialisationFollowsPyTorchsDefaults() {
        try (SequenceModel m = SequenceModel.create(backend, SPEC).initialize(5)) {
            float[] emb = backend.toHost(m.parameters().value("embedding.weight"));
            for (int j = 0; j < 4; j++) {
                assertEquals(0f, emb[j], "padding row zero");
            }
            assertBound(backend.toHost(m.parameters().value("rnn.weight_hh_l1_reverse")), 1 / Math.sqrt(3));
            assertBound(backend.toHost(m.parameters().value("hidden.weight")), 1 / Math.sqrt(6));
            assertBound(backend.toHost(m.parameters().value("head.bias")), 1 / Math.sqrt(5));
        }
    }

    private static void assertBound(float[] v, double bound) {
        double max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        assertTrue(max <= bound && max > 0.5 * bound, "max |w| " + max + " for bound " + bound);
    }

    @Test
    void savedModelsLoadBackWithTheirSpec() throws Exception {
        Path file = dir.resolve("m.safetensors");
        try (SequenceModel m = SequenceModel.create(backend, SPEC).initialize(5)) {
            ModelWeights.save(m, file, Map.of("note", "x"));
            try (SequenceModel back = ModelWeights.read(backend, file)) {
                assertEquals(SPEC, back.spec());
                assertArrayEquals(backend.toHost(m.parameters().flat()), backend.toHost(back.parameters().flat()));
            }
        }
    }

    @Test
    void mismatchedFilesAreNamed() throws Exception {
        Path file = dir.resolve("m.safetensors");
        try (SequenceModel m = SequenceModel.create(backend, SPEC).initialize(5)) {
            Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(ModelWeights.tensors(m));
            t.remove("head.bias");
            t.put("head.weight", SafeTensors.Tensor.f32(new float[12], 2, 6));
            t.put("extra.thing", SafeTensors.Tensor.f32(new float[1], 1));
            SafeTensors.write(file, t, null);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ModelWeights.load(m, SafeTensors.read(file), Set.of()));
            assertTrue(e.getMessage().contains("missing: [head.bias]") && e.getMessage().contains("extra.thing"),
                    e.getMessage());
            t.put("head.bias", SafeTensors.Tensor.f32(new float[2], 2));
            t.remove("extra.thing");
            SafeTensors.write(file, t, null);
            e = assertThrows(IllegalArgumentException.class,
                    () -> ModelWeights.load(m, SafeTensors.read(file), Set.of()));
            assertTrue(e.getMessage().contains("'head.weight' has shape [2, 6]") && e.getMessage().contains("[2, 5]"),
                    e.getMessage());
        }
    }

    @Test
    void aBarePyTorchRecurrentStackLoadsUnderANewHead() throws Exception {
        // A state_dict of nn.LSTM alone (names without "rnn.") fine-tunes under a new head.
        Path file = dir.resolve("lstm.safetensors");
        RnnSpec rnn = SPEC.rnn();
        float[] values = new float[rnn.parameterLayout().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 1e-3f;
        }
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        for (var e : rnn.parameterLayout().entries()) {
            long[] shape = java.util.Arrays.stream(e.shape()).asLongStream().toArray();
            t.put(e.name(), SafeTensors.Tensor.f32(java.util.Arrays.copyOfRange(values, e.offset(),
                    e.offset() + e.size()), shape));
        }
        SafeTensors.write(file, t, null);
        try (SequenceModel m = SequenceModel.create(backend, SPEC).initialize(5)) {
            float[] head = backend.toHost(m.parameters().value("head.weight"));
            ModelWeights.loadModules(m, SafeTensors.read(file), Set.of("rnn"));
            assertArrayEquals(java.util.Arrays.copyOfRange(values, 0, 48),
                    backend.toHost(m.parameters().value("rnn.weight_ih_l0")));
            assertArrayEquals(head, backend.toHost(m.parameters().value("head.weight")), "the head is untouched");
            var e = assertThrows(IllegalArgumentException.class,
                    () -> ModelWeights.loadModules(m, SafeTensors.read(file), Set.of("embedding")));
            assertTrue(e.getMessage().contains("embedding.weight"), e.getMessage());
        }
    }
}
