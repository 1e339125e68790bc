package org.jrnn.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jrnn.data.Tokenizer;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.SequenceModel;
import org.jrnn.reference.ReferenceBackend;
import org.jrnn.train.Checkpoint;
import org.jrnn.train.Loss;
import org.jrnn.train.Trainer;
import org.jrnn.train.TrainerConfig;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each input the fuzzer found (kept as {@code finding-*} in the corpus, which {@link CoreFuzzTest} also replays), with
 * the error it must now give.
 */
class FuzzFindingsTest {
    private static final ReferenceBackend backend = new ReferenceBackend();
    private static final Path ROOT = Path.of("src", "test", "resources", "fuzz");

    @AfterAll
    static void close() {
        backend.close();
    }

    private static String text(String file) throws Exception {
        return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    }

    private static void assertMessage(Throwable e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
    }

    /** Was a bare NumberFormatException "For input string: "0.;5"" naming no field. */
    @Test
    void modelSpecDropoutThatIsNotANumber() throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.fromJson(text("model-spec/finding-dropout-not-a-number.json")));
        assertMessage(e, "'dropout' of 'rnn'", "'0.;5'");
    }

    /** Was "No enum constant org.jrnn.backend.Activation.IDETNITY". */
    @Test
    void modelSpecUnknownActivation() throws Exception {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.fromJson(text("model-spec/finding-unknown-activation.json")));
        assertMessage(e, "'activation' must be one of [identity, tanh, sigmoid, relu]", "'idetnity'");
    }

    /**
     * A 1.6 KB file whose spec declares hidden size 10^8 (and one with 10^9 layers) was believed: the model's buffers
     * were allocated from the spec before any tensor was compared with it. Now refused before allocating.
     */
    @Test
    void modelSpecDeclaringMoreParametersThanTheFileHolds() {
        for (String name : List.of("finding-huge-hidden-size", "finding-huge-layer-count")) {
            Path file = ROOT.resolve("model-weights/" + name + ".safetensors");
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            var e = assertThrows(IllegalArgumentException.class, () -> ModelWeights.read(backend, file));
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertMessage(e, file.toString(), "float32 parameters but its tensors hold only");
            assertTrue(allocated < 16 << 20, name + ": allocated " + allocated + " bytes");
        }
        assertEquals(0, backend.memoryInUse().tensors());
    }

    /**
     * Was "no parameter 'rnn.weihgt_ih_l0'; the model has …" without the file, and (with a moment tensor missing)
     * left the moment buffers it had allocated so far unreleased. Now names the file and leaves the optimizer as
     * it was.
     */
    @Test
    void checkpointOptimizerStateThatDoesNotFitTheModel() throws Exception {
        for (String[] c : new String[][] {{"finding-optimizer-state-unknown-parameter", "rnn.weihgt_ih_l0"},
            {"finding-optimizer-state-missing-moment", "optimizer.head.bias.exp_avg_sq"}}) {
            Path file = ROOT.resolve("checkpoint/" + c[0] + ".safetensors");
            try (SequenceModel m = SequenceModel.create(backend, Checkpoint.spec(file));
                 Optimizer o = new Optimizer(m, OptimizerSpec.adam(0.01f), List.of());
                 Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.MSE), TrainerConfig.of(1, 4, 1))) {
                o.step();
                List<String> withState = o.parametersWithState();
                long tensors = backend.memoryInUse().tensors();
                Exception e = assertThrows(Exception.class, () -> Checkpoint.restore(file, m, o, t));
                assertTrue(e instanceof IllegalArgumentException || e instanceof java.io.IOException, e.toString());
                assertMessage(e, file.toString(), c[1]);
                assertEquals(tensors, backend.memoryInUse().tensors(), "no buffers left behind");
                assertEquals(withState, o.parametersWithState(), "the optimizer keeps its state");
            }
        }
        assertEquals(0, backend.memoryInUse().tensors());
    }

    /** Was a bare NumberFormatException from Integer.parseInt. */
    @Test
    void checkpointBestEpochThatIsNotANumber() throws Exception {
        Path file = ROOT.resolve("checkpoint/finding-best-epoch-not-a-number.safetensors");
        try (SequenceModel m = SequenceModel.create(backend, Checkpoint.spec(file));
             Optimizer o = new Optimizer(m, OptimizerSpec.adam(0.01f), List.of());
             Trainer t = new Trainer(m, o, Loss.of(Loss.Kind.MSE), TrainerConfig.of(1, 4, 1))) {
            var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(file, m, o, t));
            assertMessage(e, file.toString(), Checkpoint.BEST_EPOCH_KEY, "'1x', not an epoch number");
        }
    }

    /**
     * A saved tokenizer whose pattern was 160,000 characters ran Pattern.compile for minutes (it is quadratic in the
     * pattern's length); the kept input has 20,000. Now refused at once.
     */
    @Test
    void tokenizerPatternTooLongToCompile() throws Exception {
        String json = text("tokenizer/finding-pattern-20k-characters.json");
        var e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(json)));
        assertMessage(e, "20000 characters long", "at most 4096");
    }
}
