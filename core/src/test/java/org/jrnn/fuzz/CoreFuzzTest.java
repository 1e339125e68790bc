package org.jrnn.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jrnn.CellType;
import org.jrnn.data.MinMaxScaler;
import org.jrnn.data.StandardScaler;
import org.jrnn.data.Tokenizer;
import org.jrnn.data.Vocabulary;
import org.jrnn.io.Json;
import org.jrnn.io.RnnStateDict;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.train.Checkpoint;
import org.jrnn.train.Loss;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.TrainerState;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.jrnn.train.schedule.ReduceLrOnPlateau;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes every file and JSON-state reader of core over its corpus ({@code src/test/resources/fuzz/<reader>/}: seeds
 * written by {@link CoreCorpus} and the findings kept as regression inputs) and {@value Fuzzer#DEFAULT_INPUTS} seeded
 * mutations each (see {@link Fuzzer} for the property and the flags of a longer run).
 */
class CoreFuzzTest {
    private static final ReferenceBackend backend = new ReferenceBackend();

    @TempDir
    Path work;

    @AfterAll
    static void noTensorLeaks() {
        assertEquals(0, backend.memoryInUse().tensors(), "every model a fuzz input built was closed");
        backend.close();
    }

    private void fuzz(String reader, Mutator.Format format, boolean namesFile, Fuzzer.Target target)
            throws IOException {
        check(new Fuzzer(reader, format, namesFile, work, target));
    }

    private static void check(Fuzzer fuzzer) throws IOException {
        Fuzzer.Report r = fuzzer.run();
        System.out.println(r);
        assertTrue(r.findings().isEmpty(), r + ":\n  " + String.join("\n  ", r.findings()));
    }

    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** Reads a file and every tensor in it, so that offsets and sizes are used, not just parsed. */
    static void readAll(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        f.metadata().forEach((k, v) -> assertTrue(k != null && v != null));
        for (String name : f.names()) {
            SafeTensors.Tensor t = f.tensor(name);
            long n = 1;
            for (long d : t.shape()) {
                n *= d;
            }
            assertEquals(n * t.dtype().size(), f.bytes(name).length, name);
        }
    }

    @Test
    void safetensors() throws IOException {
        fuzz("safetensors", Mutator.Format.SAFETENSORS, true, CoreFuzzTest::readAll);
    }

    @Test
    void json() throws IOException {
        check(new Fuzzer("json", Mutator.Format.TEXT, false, work, f -> {
            Object v = Json.parse(text(f));
            assertEquals(v, Json.parse(Json.write(v)), "what Json reads, it writes back");
        }).documenting(Json.ParseException.class));
    }

    @Test
    void modelSpec() throws IOException {
        fuzz("model-spec", Mutator.Format.TEXT, false, f -> {
            ModelSpec s = ModelSpec.fromJson(text(f));
            assertEquals(s, ModelSpec.fromJson(s.toJson()));
        });
    }

    @Test
    void modelWeights() throws IOException {
        fuzz("model-weights", Mutator.Format.SAFETENSORS, true, f -> {
            try (SequenceModel m = ModelWeights.read(backend, f)) {
                assertEquals(m.parameterCount(), backend.toHost(m.parameters().flat()).length);
            }
        });
    }

    @Test
    void rnnStateDict() throws IOException {
        fuzz("rnn-state-dict", Mutator.Format.SAFETENSORS, false, f -> {
            SafeTensorsFile w = SafeTensors.read(f);
            CellType cell = w.metadata().containsKey("cell") ? null : CellType.LSTM;
            RnnStateDict.Model m = RnnStateDict.load(w, new RnnStateDict.Expected(cell, null, false, null), n -> false);
            assertEquals(m.spec().parameterLayout().size(), m.parameters().length);
        });
    }

    @Test
    void checkpoint() throws IOException {
        fuzz("checkpoint", Mutator.Format.SAFETENSORS, true, f -> {
            ModelSpec spec = Checkpoint.spec(f);
            try (SequenceModel m = SequenceModel.create(backend, spec);
                 Optimizer o = new Optimizer(m, OptimizerSpec.adam(0.01f), List.of());
                 Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.MSE), TrainerConfig.of(1, 4, 1))) {
                Checkpoint.Restored r = Checkpoint.restore(f, m, o, t);
                assertEquals(r.state(), TrainerState.fromJson(r.state().toJson()));
                SafeTensorsFile saved = SafeTensors.read(f);
                o.stateTensors().forEach((name, tensor) -> assertArrayEquals((float[]) tensor.data(),
                        assertDoesNotThrow(() -> saved.floats(name)), name + " restored as saved"));
            }
        });
    }

    @Test
    void vocabulary() throws IOException {
        fuzz("vocabulary", Mutator.Format.TEXT, false, f -> {
            Vocabulary v = Vocabulary.fromJson(text(f));
            assertEquals(v, Vocabulary.fromJson(v.toJson()));
        });
    }

    @Test
    void minMaxScaler() throws IOException {
        fuzz("min-max-scaler", Mutator.Format.TEXT, false, f -> {
            MinMaxScaler s = MinMaxScaler.fromJson(text(f));
            assertEquals(s.toJson(), MinMaxScaler.fromJson(s.toJson()).toJson());
        });
    }

    @Test
    void standardScaler() throws IOException {
        fuzz("standard-scaler", Mutator.Format.TEXT, false, f -> {
            StandardScaler s = StandardScaler.fromJson(text(f));
            assertEquals(s.toJson(), StandardScaler.fromJson(s.toJson()).toJson());
        });
    }

    @Test
    void tokenizer() throws IOException {
        fuzz("tokenizer", Mutator.Format.TEXT, false, f -> {
            Tokenizer t = Tokenizer.fromJson(text(f));
            assertEquals(t.toJson(), Tokenizer.fromJson(t.toJson()).toJson());
        });
    }

    @Test
    void trainerState() throws IOException {
        fuzz("trainer-state", Mutator.Format.TEXT, false, f -> {
            TrainerState s = TrainerState.fromJson(text(f));
            assertEquals(s.toJson(), TrainerState.fromJson(s.toJson()).toJson());
        });
    }

    @Test
    void plateauSchedule() throws IOException {
        fuzz("plateau", Mutator.Format.TEXT, false, f -> {
            ReduceLrOnPlateau p = ReduceLrOnPlateau.fromJson(text(f));
            assertEquals(p.toJson(), ReduceLrOnPlateau.fromJson(p.toJson()).toJson());
        });
    }

    /** The committed seeds are what {@link CoreCorpus} writes today ({@code -Dfuzz.writeSeeds=true} rewrites them). */
    @Test
    void seedsAreWhatTheWritersWrite() throws IOException {
        Path root = Path.of("src", "test", "resources", "fuzz");
        if (Boolean.getBoolean("fuzz.writeSeeds")) {
            CoreCorpus.write(root);
        }
        Path fresh = work.resolve("seeds");
        CoreCorpus.write(fresh);
        List<Path> written;
        try (Stream<Path> s = Files.walk(fresh)) {
            written = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertTrue(written.size() >= 15, "seeds written: " + written);
        long total = 0;
        for (Path p : written) {
            Path committed = root.resolve(fresh.relativize(p).toString());
            assertTrue(Files.exists(committed), "seed " + committed + " is not committed; run with -Dfuzz.writeSeeds=true");
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(committed), committed.toString());
            total += Files.size(p);
        }
        assertTrue(total < 50_000, "core's seeds stay small: " + total + " bytes");
    }
}
