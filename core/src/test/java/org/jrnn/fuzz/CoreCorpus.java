package org.jrnn.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrnn.CellType;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Activation;
import org.jrnn.data.MinMaxScaler;
import org.jrnn.data.StandardScaler;
import org.jrnn.data.Tokenizer;
import org.jrnn.data.Vocabulary;
import org.jrnn.io.SafeTensors;
import org.jrnn.nn.EmbeddingSpec;
import org.jrnn.nn.HeadSpec;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.train.Checkpoint;
import org.jrnn.train.Loss;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainerState;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.jrnn.train.schedule.PlateauConfig;
import org.jrnn.train.schedule.ReduceLrOnPlateau;

/**
 * Writes core's fuzz seeds with the project's own writers, small on purpose (the whole corpus is a few KB).
 * {@code CoreFuzzTest} checks that the committed seeds are still what this writes; to refresh them after a format
 * change, run {@code mvn -o -q -pl core test -Dtest=CoreFuzzTest#seedsAreWhatTheWritersWrite -Dfuzz.writeSeeds=true}.
 */
final class CoreCorpus {
    static final ModelSpec TOKENS = new ModelSpec(new EmbeddingSpec(6, 3, 0), RnnSpec.of(CellType.GRU, 3, 4),
            Readout.MEAN, new HeadSpec(3, Activation.TANH, 0f, 2));
    static final ModelSpec FEATURES = new ModelSpec(null,
            new RnnSpec(CellType.LSTM, 2, 2, 2, true, true, 0.25f), Readout.LAST, HeadSpec.linear(1));

    private CoreCorpus() {}

    /** Writes every seed under {@code root/<reader>/seed-*}. */
    static void write(Path root) throws IOException {
        try (ReferenceBackend backend = new ReferenceBackend()) {
            safetensors(root.resolve("safetensors"));
            Path weights = Files.createDirectories(root.resolve("model-weights"));
            for (Map.Entry<String, ModelSpec> e : Map.of("gru-embedding", TOKENS, "lstm-bidirectional", FEATURES)
                    .entrySet()) {
                try (SequenceModel m = SequenceModel.create(backend, e.getValue()).initialize(7)) {
                    ModelWeights.save(m, weights.resolve("seed-" + e.getKey() + ".safetensors"), Map.of("note", "x"));
                }
            }
            checkpoint(backend, Files.createDirectories(root.resolve("checkpoint")));
        }
        stateDicts(Files.createDirectories(root.resolve("rnn-state-dict")));
        Path specs = Files.createDirectories(root.resolve("model-spec"));
        text(specs.resolve("seed-gru-embedding.json"), TOKENS.toJson());
        text(specs.resolve("seed-lstm-bidirectional.json"), FEATURES.toJson());
        Path json = Files.createDirectories(root.resolve("json"));
        text(json.resolve("seed-values.json"), "{\"s\":\"a\\\"b\\\\c\\u00e9\\n\\t/\",\"n\":[-12,0,9223372036854775807],"
                + "\"b\":[true,false,null],\"o\":{\"x\":{\"y\":[[1],[]]}},\"e\":\"\"}");
        text(json.resolve("seed-model-spec.json"), TOKENS.toJson());
        text(Files.createDirectories(root.resolve("vocabulary")).resolve("seed.json"),
                Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "film", "\u00e9t\u00e9", "n't")).toJson());
        text(Files.createDirectories(root.resolve("min-max-scaler")).resolve("seed.json"),
                MinMaxScaler.fit(new float[] {1f, -2f, 3.5f, 4f, 0.25f, 1e-3f}, 2).toJson());
        text(Files.createDirectories(root.resolve("standard-scaler")).resolve("seed.json"),
                StandardScaler.fit(new float[] {1f, -2f, 3.5f, 4f, 0.25f, 1e-3f}, 3).toJson());
        text(Files.createDirectories(root.resolve("tokenizer")).resolve("seed.json"), Tokenizer.defaults().toJson());
        text(Files.createDirectories(root.resolve("trainer-state")).resolve("seed.json"),
                new TrainerState(3, 2, 41, 0.125, 1, 2).toJson());
        text(Files.createDirectories(root.resolve("plateau")).resolve("seed.json"),
                new ReduceLrOnPlateau(PlateauConfig.defaults(PlateauConfig.Mode.MIN), 0.01).toJson());
    }

    private static void safetensors(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
        t.put("f32", SafeTensors.Tensor.f32(new float[] {1f, -2f, 0.5f, Float.MIN_VALUE, 3f, 4f}, 2, 3));
        t.put("f64", SafeTensors.Tensor.f64(new double[] {Math.PI, -0.0}, 2));
        t.put("i64", SafeTensors.Tensor.i64(new long[] {Long.MIN_VALUE, 7}, 2, 1));
        t.put("i32", SafeTensors.Tensor.i32(new int[] {-1, 2, 3}, 3));
        t.put("u8", new SafeTensors.Tensor(org.jrnn.io.DType.U8, new long[] {4}, new byte[] {1, 2, (byte) 0xFF, 0}));
        t.put("scalar", SafeTensors.Tensor.f32(new float[] {42f}));
        t.put("empty", SafeTensors.Tensor.f32(new float[0], 0, 5));
        Path crc = dir.resolve("seed-mixed.safetensors");
        SafeTensors.write(crc, t, Map.of("note", "fuzz seed", "cell", "lstm"));
        // The same without the checksum (spaces keep the header length), so data-section mutations get through.
        byte[] b = Files.readAllBytes(crc);
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        String header = new String(b, 8, n, StandardCharsets.UTF_8);
        String stripped = header.replaceFirst(",?\"" + SafeTensors.CRC_KEY.replace(".", "\\.") + "\":\"[0-9a-f]{8}\"", "");
        stripped = stripped + " ".repeat(header.length() - stripped.length());
        System.arraycopy(stripped.getBytes(StandardCharsets.UTF_8), 0, b, 8, n);
        Files.write(dir.resolve("seed-mixed-no-checksum.safetensors"), b);
    }

    private static void stateDicts(Path dir) throws IOException {
        RnnSpec lstm = new RnnSpec(CellType.LSTM, 3, 2, 2, true, true, 0f);
        RnnSpec gru = new RnnSpec(CellType.GRU, 2, 3, 1, false, false, 0f);
        for (RnnSpec s : List.of(lstm, gru)) {
            Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
            float v = 0.01f;
            for (org.jrnn.ParameterLayout.Entry e : s.parameterLayout().entries()) {
                float[] data = new float[e.size()];
                for (int i = 0; i < data.length; i++) {
                    data[i] = v;
                    v = -v * 1.01f;
                }
                long[] shape = e.cols() == 1 ? new long[] {e.rows()} : new long[] {e.rows(), e.cols()};
                t.put(e.name(), SafeTensors.Tensor.f32(data, shape));
            }
            String name = s.cell().id() + (s.bias() ? "" : "-no-bias");
            SafeTensors.write(dir.resolve("seed-" + name + ".safetensors"), t, Map.of("cell", s.cell().id()));
        }
    }

    private static void checkpoint(ReferenceBackend backend, Path dir) throws IOException {
        try (SequenceModel m = SequenceModel.create(backend, TOKENS).initialize(3);
             Optimizer o = new Optimizer(m, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.MSE), TrainerConfig.of(1, 4, 1))) {
            o.step(); // creates the moment buffers (zero gradients leave the weights as they are)
            t.restoreBestWeights(backend.toHost(m.parameters().flat()), 1);
            Checkpoint.save(dir.resolve("seed-adam.safetensors"), m, o, t, new TrainerState(2, 1, 9, 0.5, 0, 0),
                    Map.of("vocabulary", Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "a")).toJson()));
        }
    }

    private static void text(Path file, String s) throws IOException {
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }
}
