package org.jrnn.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.optim.OptimizerSpec;
import org.jrnn.train.optim.ParamGroup;
import org.jrnn.train.schedule.StepLr;

/**
 * A small deterministic training job that checkpoints every few steps and, when its directory holds a checkpoint,
 * resumes from it: the child JVM that {@link CheckpointKillTest} kills. It exercises everything a resume must
 * restore: shuffled batches, head dropout, an epoch schedule, AdamW moments and step counts, gradient clipping, and
 * early stopping with best weights (validated after every epoch). A frozen embedding of 32,000 × 16 (a pretrained
 * table: saved, never updated) makes each checkpoint about 2.5 MB while a step stays cheap, so a good share of the
 * run is spent in checkpoint writes (with their fsync), where the kills should land.
 *
 * <p>At the end it writes the final state as a checkpoint ({@value #FINAL}): the parameters after best-weights
 * restore, the optimizer's moments after the last step and the trainer state, so two runs agree bit for bit exactly
 * when the two files' bytes are equal.
 */
final class KillableTraining {
    static final String CHECKPOINT = "ckpt.safetensors";
    static final String FINAL = "final.safetensors";
    static final int VOCAB = 32_000, T = 12, N = 80, BATCH = 16, EPOCHS = 12;

    private KillableTraining() {}

    static ModelSpec spec() {
        return new ModelSpec(new EmbeddingSpec(VOCAB, 16, 0), new RnnSpec(CellType.LSTM, 16, 24, 1, false, true, 0f),
                Readout.MEAN, new HeadSpec(8, Activation.TANH, 0.25f, 2));
    }

    /** Token sequences; class 1 when more than half the tokens are in the upper half of the vocabulary. */
    static SequenceDataset data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] tokens = new int[n * T];
        int[] lengths = new int[n];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            lengths[i] = 2 + r.nextInt(T - 1);
            int upper = 0;
            for (int t = 0; t < lengths[i]; t++) {
                tokens[i * T + t] = 1 + r.nextInt(VOCAB - 1);
                upper += tokens[i * T + t] >= VOCAB / 2 ? 1 : 0;
            }
            classes[i] = 2 * upper > lengths[i] ? 1 : 0;
        }
        return SequenceDataset.ofTokens(tokens, n, T, lengths, classes);
    }

    /**
     * Trains to the end, resuming from {@code dir}/{@value #CHECKPOINT} when it exists and writing one every
     * {@code every} steps (0: never), then writes {@value #FINAL}. Prints "started STEP" once resumed and "saving STEP"
     * as each checkpoint write begins.
     */
    static void run(Path dir, int every, PrintStream out) throws IOException {
        Path checkpoint = dir.resolve(CHECKPOINT);
        TrainerConfig config = TrainerConfig.of(EPOCHS, BATCH, 17).withClipNorm(1f)
                .withEarlyStopping(new EarlyStopping(Monitor.VALIDATION_LOSS, EPOCHS, 0f, true));
        try (Backend backend = new ReferenceBackend();
             SequenceModel model = SequenceModel.create(backend, spec());
             Optimizer optimizer = new Optimizer(model, OptimizerSpec.adamW(0.01f, 0.9f, 0.999f, 1e-8f, 0.01f),
                     List.of(ParamGroup.noDecayOnBiases()));
             Trainer trainer = new Trainer(model, optimizer, Loss.of(Loss.Kind.CE), config)) {
            model.freeze("embedding");
            trainer.schedule(new StepLr(0.01, 3, 0.5));
            TrainerState state = TrainerState.START;
            if (Files.exists(checkpoint)) {
                state = Checkpoint.restore(checkpoint, model, optimizer, trainer).state();
            } else {
                model.initialize(3);
            }
            out.println("started " + state.step());
            out.flush();
            if (every > 0) {
                trainer.addListener(new TrainingListener() {
                    @Override
                    public void batchFinished(BatchEvent e) {
                        if (e.step() % every == 0) {
                            out.println("saving " + e.step());
                            out.flush();
                            try {
                                Checkpoint.save(checkpoint, model, optimizer, trainer, e.state(), null);
                            } catch (IOException x) {
                                throw new UncheckedIOException(x);
                            }
                        }
                    }
                });
            }
            TrainingReport report = trainer.fit(data(N, 1), data(32, 2), state);
            Checkpoint.save(dir.resolve(FINAL), model, optimizer, trainer, report.finalState(), null);
        }
    }

    /** {@code KillableTraining DIR EVERY}. */
    public static void main(String[] args) throws IOException {
        run(Path.of(args[0]), Integer.parseInt(args[1]), System.out);
        System.out.println("done");
    }
}
