package org.jrnn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jrnn.io.Finite;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.ModelSpec;
import org.jrnn.nn.ModelWeights;
import org.jrnn.nn.SequenceModel;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.schedule.ReduceLrOnPlateau;

/**
 * A training checkpoint in one safetensors file: the model's parameters (PyTorch names), the optimizer's state
 * tensors ({@code optimizer.<param>.exp_avg} …), early stopping's best weights ({@code best.flat}, when kept), and in
 * the metadata the model spec, the optimizer's step counts, the {@link TrainerState}, the trainer's reduce-on-plateau
 * state (when it has a schedule) and any extras the caller adds
 * (a scaler, a vocabulary). Writes are atomic: a crash during a write leaves the previous checkpoint intact. Loading
 * a checkpoint into a model and optimizer of the same spec and continuing with the trainer state gives bit for bit
 * the weights of a run that never stopped, on the same backend.
 */
public final class Checkpoint {
    public static final String KIND_KEY = "jrnn.checkpoint";
    public static final String TRAINER_KEY = "jrnn.trainer_state";
    public static final String OPTIMIZER_KEY = "jrnn.optimizer_state";
    public static final String BEST_EPOCH_KEY = "jrnn.best_epoch";
    public static final String PLATEAU_KEY = "jrnn.plateau_state";
    public static final String EXTRA_PREFIX = "jrnn.extra.";
    static final String BEST = "best.flat";

    private Checkpoint() {}

    /** Writes a checkpoint atomically; {@code extras} (may be null) are stored under {@value #EXTRA_PREFIX}. */
    public static void save(Path file, SequenceModel model, Optimizer optimizer, Trainer trainer, TrainerState state,
                            Map<String, String> extras) throws IOException {
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>(ModelWeights.tensors(model));
        tensors.putAll(optimizer.stateTensors());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(KIND_KEY, "1");
        meta.put(ModelWeights.SPEC_KEY, model.spec().toJson());
        meta.put(OPTIMIZER_KEY, optimizer.stateJson());
        meta.put(TRAINER_KEY, state.toJson());
        if (trainer != null && trainer.bestWeights() != null) {
            tensors.put(BEST, SafeTensors.Tensor.f32(trainer.bestWeights(), trainer.bestWeights().length));
            meta.put(BEST_EPOCH_KEY, Integer.toString(trainer.bestEpoch()));
        }
        if (trainer != null && trainer.plateau() != null) {
            meta.put(PLATEAU_KEY, trainer.plateau().toJson());
        }
        if (extras != null) {
            extras.forEach((k, v) -> meta.put(EXTRA_PREFIX + k, v));
        }
        SafeTensors.write(file, tensors, meta);
    }

    /** The model spec of a checkpoint file, to build the model to restore into. */
    public static ModelSpec spec(Path file) throws IOException {
        return ModelWeights.specOf(open(file));
    }

    /**
     * Restores a checkpoint into a model and optimizer built for it (and the best weights into the trainer, which may
     * be null), returning where training stands. A file that is not a checkpoint, or one of another spec, is refused
     * with a message that names it.
     */
    public static Restored restore(Path file, SequenceModel model, Optimizer optimizer, Trainer trainer)
            throws IOException {
        SafeTensorsFile f = open(file);
        ModelSpec saved = ModelWeights.specOf(f);
        if (!saved.equals(model.spec())) {
            throw new IllegalArgumentException("checkpoint " + file + " is of another model: it holds "
                    + saved.toJson() + " but the model is " + model.spec().toJson());
        }
        ModelWeights.load(model, f, Set.of("optimizer.", BEST));
        optimizer.loadState(f, require(f, OPTIMIZER_KEY));
        TrainerState state;
        try {
            state = TrainerState.fromJson(require(f, TRAINER_KEY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": " + e.getMessage(), e);
        }
        if (trainer != null && f.has(BEST)) {
            String epoch = require(f, BEST_EPOCH_KEY);
            int bestEpoch;
            try {
                bestEpoch = Integer.parseInt(epoch);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("checkpoint " + file + ": " + BEST_EPOCH_KEY + " is '" + epoch
                        + "', not an epoch number", e);
            }
            trainer.restoreBestWeights(Finite.require(f, BEST, f.floats(BEST, model.parameterCount())), bestEpoch);
        }
        if (trainer != null) {
            restorePlateau(file, f, trainer);
        }
        Map<String, String> extras = new LinkedHashMap<>();
        f.metadata().forEach((k, v) -> {
            if (k.startsWith(EXTRA_PREFIX)) {
                extras.put(k.substring(EXTRA_PREFIX.length()), v);
            }
        });
        return new Restored(state, extras);
    }

    /**
     * A checkpoint saved with a reduce-on-plateau schedule resumes only into a trainer with one of the same config
     * (its state replaces the trainer's); one saved without resumes only into a trainer without.
     */
    private static void restorePlateau(Path file, SafeTensorsFile f, Trainer trainer) {
        String json = f.metadata().get(PLATEAU_KEY);
        ReduceLrOnPlateau current = trainer.plateau();
        if (json == null) {
            if (current != null) {
                throw new IllegalArgumentException("checkpoint " + file + " holds no reduce-on-plateau state ("
                        + PLATEAU_KEY + "), but the trainer has a schedule: resuming would restart it from scratch");
            }
            return;
        }
        if (current == null) {
            throw new IllegalArgumentException("checkpoint " + file + " was saved with a reduce-on-plateau schedule ("
                    + PLATEAU_KEY + "); give the trainer one with the same config (Trainer.reduceOnPlateau) to resume");
        }
        ReduceLrOnPlateau saved;
        try {
            saved = ReduceLrOnPlateau.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint " + file + ": " + PLATEAU_KEY + ": " + e.getMessage(), e);
        }
        if (!saved.config().equals(current.config())) {
            throw new IllegalArgumentException("checkpoint " + file + " holds a reduce-on-plateau schedule of another"
                    + " config: " + saved.config() + ", the trainer's is " + current.config());
        }
        trainer.reduceOnPlateau(saved);
    }

    /** What a restore gives back besides the model and optimizer state. */
    public record Restored(TrainerState state, Map<String, String> extras) {}

    private static SafeTensorsFile open(Path file) throws IOException {
        SafeTensorsFile f = SafeTensors.read(file);
        if (f.metadata().get(KIND_KEY) == null) {
            throw new IllegalArgumentException("file " + file + " is not a jrnn training checkpoint (no " + KIND_KEY
                    + " in its metadata)");
        }
        return f;
    }

    private static String require(SafeTensorsFile f, String key) {
        String v = f.metadata().get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint " + f.path() + " lacks " + key + " in its metadata");
        }
        return v;
    }
}
