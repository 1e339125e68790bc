package org.jrnn.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.backend.CounterRng;
import org.jrnn.backend.TensorOps;
import org.jrnn.nn.ModelInput;
import org.jrnn.nn.ParameterSet;
import org.jrnn.nn.Readout;
import org.jrnn.nn.SequenceModel;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.tensor.Workspace;
import org.jrnn.train.optim.Optimizer;
import org.jrnn.train.schedule.LrSchedule;
import org.jrnn.train.schedule.ReduceLrOnPlateau;

/**
 * Trains a {@link SequenceModel} on any backend: mini-batches (seeded shuffling or the data's order, the last partial
 * batch kept), a fused loss, backward, gradient clipping, an optimizer step, validation after every epoch, early
 * stopping with best-weights restore, full or truncated BPTT, and listeners. Per batch the host sends the batch once
 * and reads back three floats (loss, squared gradient norm, clip factor); everything else stays on the backend.
 *
 * <p>Deterministic: on a given backend, the same data, model, config and seed give the same weights bit for bit, and
 * a run resumed from a {@link TrainerState} (with the model and optimizer restored) continues exactly as if it had not
 * stopped. A trainer is confined to one thread.
 */
public final class Trainer implements AutoCloseable {
    private static final int D_LOGITS = 0, SCALARS = 1, STATE_A = 2, STATE_B = 3, CELL_A = 4, CELL_B = 5,
            WINDOW_LENGTHS = 6, EVAL_GRAD = 7, WEIGHTS = 8;

    private final SequenceModel model;
    private final Optimizer optimizer;
    private final Loss loss;
    private final TrainerConfig config;
    private final Backend backend;
    private final TensorOps ops;
    private final Workspace work;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final Tensor classWeights;
    private final float[] scalarsHost = new float[3];
    private float[] bestWeights;
    private LrSchedule schedule;
    private ReduceLrOnPlateau plateau;
    private BatchPlan plan;
    private int bestEpoch = -1;

    public Trainer(SequenceModel model, Optimizer optimizer, Loss loss, TrainerConfig config) {
        this.model = model;
        this.optimizer = optimizer;
        this.loss = loss;
        this.config = config;
        this.backend = model.backend();
        this.ops = backend.ops();
        this.work = new Workspace(backend, 9);
        if (config.tbpttWindow() > 0 && model.spec().readout() != Readout.ALL) {
            throw new IllegalArgumentException("truncated BPTT needs per-step targets (readout all), not readout "
                    + model.spec().readout().id());
        }
        if (loss.classTargets() && model.spec().readout() == Readout.ALL) {
            throw new IllegalArgumentException("the ce loss takes one class per sequence; readout all needs mse or bce");
        }
        if (loss.classWeights() != null) {
            if (loss.classWeights().length != model.spec().head().outputs()) {
                throw new IllegalArgumentException(loss.classWeights().length + " class weights for "
                        + model.spec().head().outputs() + " classes");
            }
            classWeights = work.get(WEIGHTS, loss.classWeights().length);
            backend.copyFromHost(loss.classWeights(), 0, classWeights);
        } else {
            classWeights = null;
        }
    }

    /**
     * Sets the learning rate at the start of every epoch e to {@code schedule.lr(e)} (PyTorch: one
     * {@code scheduler.step()} per epoch); parameter groups keep their ratio to the default learning rate.
     */
    public Trainer schedule(LrSchedule s) {
        this.schedule = s;
        return this;
    }

    /**
     * Steps {@code p} with the validation loss after every epoch and applies its learning rate. Its state (best,
     * bad epochs, cooldown, learning rate) is saved in a {@link Checkpoint} and restored from it.
     */
    public Trainer reduceOnPlateau(ReduceLrOnPlateau p) {
        this.plateau = p;
        return this;
    }

    /** The reduce-on-plateau schedule, or null. */
    ReduceLrOnPlateau plateau() {
        return plateau;
    }

    /**
     * Takes each epoch's batches from {@code p} instead of cutting the (shuffled) data into {@code batchSize} rows;
     * the config's batch size then only sets the evaluation batches. Null restores the default.
     */
    public Trainer batchPlan(BatchPlan p) {
        this.plan = p;
        return this;
    }

    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Trains from the start; {@code validation} may be null (then early stopping cannot be used). */
    public TrainingReport fit(SequenceDataset train, SequenceDataset validation) {
        return fit(train, validation, TrainerState.START);
    }

    /** Trains from {@code state} (a resumed run: restore the model's and optimizer's state first). */
    public TrainingReport fit(SequenceDataset train, SequenceDataset validation, TrainerState state) {
        checkData(train, "training");
        if (validation != null) {
            checkData(validation, "validation");
        }
        EarlyStopping early = config.earlyStopping();
        if (early != null && validation == null) {
            throw new IllegalArgumentException("early stopping needs validation data");
        }
        long start = System.nanoTime();
        List<EpochSummary> epochs = new ArrayList<>();
        int N = train.size();
        long step = state.step();
        double best = state.best();
        int wait = state.epochsWithoutImprovement();
        long skipped = state.skippedBatches();
        boolean stoppedEarly = false;
        int epoch = state.epoch();
        int firstBatch = state.batch();
        TrainerState position = state;
        try (BatchLoader loader = new BatchLoader(backend, train)) {
            epochLoop:
            for (; epoch < config.epochs(); epoch++, firstBatch = 0) {
                List<int[]> epochBatches = epochBatches(N, epoch);
                int batches = epochBatches.size();
                // A run resumed at (epoch, batches) has trained the epoch but not yet validated it: do that even
                // when the step limit was reached on the epoch's last batch, as the uninterrupted run did.
                if (firstBatch > batches) {
                    throw new IllegalArgumentException("cannot resume at batch " + firstBatch + " of epoch " + epoch
                            + ": the epoch has " + batches + " batches (other training data or batch size?)");
                }
                boolean validationPending = firstBatch > 0 && firstBatch == batches;
                if (config.maxSteps() > 0 && step >= config.maxSteps() && !validationPending) {
                    break;
                }
                if (schedule != null) {
                    optimizer.setLearningRateFactor(schedule.lr(epoch) / optimizer.spec().lr());
                }
                for (TrainingListener l : listeners) {
                    l.epochStarted(epoch, batches);
                }
                long t0 = System.nanoTime();
                double lossSum = 0;
                double lossWeight = 0;
                long counted = 0;
                long epochSkipped = 0;
                for (int k = firstBatch; k < batches; k++) {
                    if (config.maxSteps() > 0 && step >= config.maxSteps()) {
                        break epochLoop;
                    }
                    int[] idx = epochBatches.get(k);
                    DeviceBatch batch = loader.load(idx);
                    double batchLoss = config.tbpttWindow() > 0 ? trainWindows(batch, epoch, k)
                            : trainBatch(batch, batch.input(), batch.targets(), batch.mask(), null, null,
                            dropoutSeed(epoch, k, 0), epoch, k);
                    boolean wasSkipped = Double.isNaN(batchLoss);
                    if (wasSkipped) {
                        skipped++;
                        epochSkipped++;
                    } else {
                        step += config.tbpttWindow() > 0 ? windows(batch) : 1;
                        double weight = lossDenominator(batch, train);
                        lossSum += batchLoss * weight;
                        lossWeight += weight;
                        counted += idx.length;
                    }
                    // After the epoch's last batch the position is (epoch, batches), not (epoch + 1, 0): the epoch's
                    // validation and early-stopping bookkeeping are still to come, and a run resumed from here runs
                    // them before the next epoch.
                    TrainerState next = new TrainerState(epoch, k + 1, step, best, wait, skipped);
                    position = next;
                    for (TrainingListener l : listeners) {
                        l.batchFinished(new TrainingListener.BatchEvent(epoch, k, batches, step, batchLoss, idx.length,
                                wasSkipped, next));
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double trainLoss = lossWeight > 0 ? lossSum / lossWeight : Double.NaN;
                double valLoss = Double.NaN;
                double monitored = Double.NaN;
                boolean improved = false;
                if (validation != null) {
                    Predictions p = evaluate(validation);
                    valLoss = p.loss();
                    if (plateau != null) {
                        optimizer.setLearningRateFactor(plateau.step(valLoss) / optimizer.spec().lr());
                    }
                    if (early != null) {
                        monitored = early.monitor().value().applyAsDouble(p);
                        improved = early.monitor().improves(monitored, best, early.minDelta());
                        if (improved) {
                            best = monitored;
                            wait = 0;
                            if (early.restoreBest()) {
                                bestWeights = backend.toHost(model.parameters().flat());
                                bestEpoch = epoch;
                            }
                        } else {
                            wait++;
                        }
                    }
                }
                EpochSummary summary = new EpochSummary(epoch, trainLoss, valLoss,
                        early != null ? early.monitor().name() : null, monitored, counted, seconds, epochSkipped,
                        improved);
                epochs.add(summary);
                for (TrainingListener l : listeners) {
                    l.epochFinished(summary);
                }
                position = new TrainerState(epoch + 1, 0, step, best, wait, skipped);
                if (early != null && wait >= Math.max(1, early.patience())) {
                    stoppedEarly = true;
                    break;
                }
            }
        }
        int restored = -1;
        if (early != null && early.restoreBest() && bestWeights != null) {
            backend.copyFromHost(bestWeights, 0, model.parameters().flat());
            restored = bestEpoch;
        }
        return new TrainingReport(epochs, step, skipped, stoppedEarly, restored, (System.nanoTime() - start) / 1e9,
                position);
    }

    /**
     * One optimizer step on one batch (or one TBPTT window). Returns the batch loss, or NaN when the batch was
     * skipped for a non-finite loss or gradient; throws {@link NonFiniteLossException} unless skipping is on.
     */
    private double trainBatch(DeviceBatch batch, ModelInput input, Tensor targets, Tensor mask, Tensor h0, Tensor c0,
                              long seed, int epoch, int k) {
        model.zeroGradients();
        Tensor logits = model.forward(input, h0, c0, true, seed);
        Tensor dLogits = work.get(D_LOGITS, logits.shape());
        Tensor scalars = work.get(SCALARS, 3);
        loss.compute(ops, logits, targets, mask, classWeights, dLogits, scalars.view(0, 1));
        model.backward(dLogits);
        List<Tensor> grads = trainableGradients();
        if (!Float.isNaN(config.clipValue())) {
            // The norm checked is that of the clamped gradient, the one the step uses: a finite gradient whose
            // squared norm overflows float32 (|g| > 1.8e19) is clamped and applied, as clip_grad_value_ does; NaN
            // stays NaN through the clamp and is caught.
            for (Tensor g : grads) {
                ops.clamp(g, -config.clipValue(), config.clipValue());
            }
        }
        ops.sumOfSquares(grads, scalars.view(1, 1));
        if (!Float.isNaN(config.clipNorm())) {
            ops.clipCoefficient(scalars.view(1, 1), config.clipNorm(), scalars.view(2, 1));
            for (Tensor g : grads) {
                ops.scaleBy(g, scalars.view(2, 1));
            }
        }
        backend.copyToHost(scalars, scalarsHost, 0);
        float lossValue = scalarsHost[0];
        if (!Float.isFinite(lossValue) || !Float.isFinite(scalarsHost[1])) {
            if (config.skipNonFinite()) {
                return Double.NaN;
            }
            throw new NonFiniteLossException(epoch, k, !Float.isFinite(lossValue) ? "loss" : "gradient norm");
        }
        optimizer.step();
        return lossValue;
    }

    /** Truncated BPTT over one batch: a step per window of k steps, the state carried detached between windows. */
    private double trainWindows(DeviceBatch batch, int epoch, int k) {
        ModelInput in = batch.input();
        RnnSpec r = model.spec().rnn();
        int T = in.steps(), B = in.batch(), win = config.tbpttWindow();
        int[] stateShape = r.stateShape(B);
        boolean lstm = r.cell().hasCellState();
        Tensor[] h = {work.get(STATE_A, stateShape), work.get(STATE_B, stateShape)};
        Tensor[] c = lstm ? new Tensor[] {work.get(CELL_A, stateShape), work.get(CELL_B, stateShape)} : null;
        double sum = 0;
        int n = 0;
        for (int s = 0, w = 0; s < T; s += win, w++) {
            int len = Math.min(win, T - s);
            int[] lengths = new int[B];
            for (int b = 0; b < B; b++) {
                lengths[b] = Math.max(0, Math.min(len, in.lengths()[b] - s));
            }
            Tensor lengthsTensor = work.get(WINDOW_LENGTHS, ElementType.INT32, B);
            backend.copyFromHost(lengths, 0, lengthsTensor);
            ModelInput window = new ModelInput(
                    in.features() == null ? null : in.features().view(s * B * in.features().dim(2), len, B,
                            in.features().dim(2)),
                    in.tokens() == null ? null : in.tokens().view(s * B, len, B), lengths, lengthsTensor);
            int O = batch.targets().dim(1);
            Tensor targets = batch.targets().view(s * B * O, len * B, O);
            Tensor mask = batch.mask().view(s * B, len * B);
            Tensor h0 = w == 0 ? null : h[(w + 1) % 2];
            Tensor c0 = w == 0 || !lstm ? null : c[(w + 1) % 2];
            model.captureFinalState(h[w % 2], lstm ? c[w % 2] : null);
            double l = trainBatch(batch, window, targets, mask, h0, c0, dropoutSeed(epoch, k, w), epoch, k);
            if (Double.isNaN(l)) {
                return Double.NaN;
            }
            sum += l;
            n++;
        }
        return sum / n;
    }

    private int windows(DeviceBatch batch) {
        return (batch.input().steps() + config.tbpttWindow() - 1) / config.tbpttWindow();
    }

    private List<Tensor> trainableGradients() {
        List<Tensor> grads = new ArrayList<>();
        ParameterSet p = model.parameters();
        for (ParameterSet.Entry e : model.trainable()) {
            grads.add(p.grad(e.name()));
        }
        return grads;
    }

    /** The model's outputs and mean loss over {@code data} (inference: no dropout), batches in the data's order. */
    public Predictions evaluate(SequenceDataset data) {
        checkData(data, "evaluation");
        int N = data.size();
        int B = config.batchSize();
        int O = model.spec().head().outputs();
        boolean perStep = model.spec().readout() == Readout.ALL;
        float[] out = new float[perStep ? N * data.steps() * O : N * O];
        double lossSum = 0;
        double weightSum = 0;
        try (BatchLoader loader = new BatchLoader(backend, data)) {
            for (int from = 0; from < N; from += B) {
                int[] idx = new int[Math.min(B, N - from)];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                DeviceBatch batch = loader.load(idx);
                Tensor logits = model.forward(batch.input(), false, 0L);
                Tensor scalars = work.get(SCALARS, 3);
                loss.compute(ops, logits, batch.targets(), batch.mask(), classWeights,
                        work.get(EVAL_GRAD, logits.shape()), scalars.view(0, 1));
                float[] host = backend.toHost(logits);
                // The batch loss is a mean over this denominator: sequences, valid steps (per-step readout) or the
                // class weights of the targets (weighted ce); the data's mean weighs each batch by it.
                if (perStep) {
                    for (int b = 0; b < idx.length; b++) {
                        int len = batch.input().lengths()[b];
                        for (int t = 0; t < len; t++) {
                            System.arraycopy(host, (t * idx.length + b) * O, out, ((from + b) * data.steps() + t) * O,
                                    O);
                        }
                    }
                } else {
                    System.arraycopy(host, 0, out, from * O, idx.length * O);
                }
                double rows = lossDenominator(batch, data);
                if (rows > 0) {
                    lossSum += backend.readScalar(scalars) * rows;
                    weightSum += rows;
                }
            }
        }
        return new Predictions(data, out, O, weightSum > 0 ? lossSum / weightSum : Double.NaN);
    }

    /**
     * What a batch's mean loss divides by: its sequences, its valid steps (per-step readout) or the class weights of
     * its targets (weighted ce). A mean over several batches weighs each batch by it, so it equals the mean over all
     * their rows as PyTorch would compute it on the whole data.
     */
    private double lossDenominator(DeviceBatch batch, SequenceDataset data) {
        int[] idx = batch.indices();
        if (model.spec().readout() == Readout.ALL) {
            double n = 0;
            for (int len : batch.input().lengths()) {
                n += len;
            }
            return n;
        }
        if (loss.classWeights() != null) {
            double w = 0;
            for (int i : idx) {
                w += loss.classWeights()[data.classes()[i]];
            }
            return w;
        }
        return idx.length;
    }

    /** The batches of an epoch: from the plan, else the epoch's order cut into batches of the configured size. */
    private List<int[]> epochBatches(int n, int epoch) {
        if (plan == null) {
            int[] order = order(n, epoch);
            int B = config.batchSize();
            List<int[]> batches = new ArrayList<>((n + B - 1) / B);
            for (int from = 0; from < n; from += B) {
                batches.add(java.util.Arrays.copyOfRange(order, from, Math.min(n, from + B)));
            }
            return batches;
        }
        List<int[]> batches = plan.batches(epoch);
        for (int k = 0; k < batches.size(); k++) {
            int[] idx = batches.get(k);
            if (idx == null || idx.length == 0) {
                throw new IllegalArgumentException("batch plan: batch " + k + " of epoch " + epoch + " is empty");
            }
            for (int i : idx) {
                if (i < 0 || i >= n) {
                    throw new IllegalArgumentException("batch plan: batch " + k + " of epoch " + epoch
                            + " names row " + i + ", outside the training data [0, " + n + ")");
                }
            }
        }
        return batches;
    }

    /** The batch order of an epoch: a function of the seed and the epoch only. */
    int[] order(int n, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (config.shuffle()) {
            SplittableRandom r = new SplittableRandom(CounterRng.key(config.seed(), epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private long dropoutSeed(int epoch, int batch, int window) {
        return CounterRng.bits(CounterRng.key(config.seed(), epoch), ((long) batch << 20) + window);
    }

    private void checkData(SequenceDataset d, String what) {
        var spec = model.spec();
        if (spec.hasEmbedding() != (d.tokens() != null)) {
            throw new IllegalArgumentException(what + " data hold " + (d.tokens() != null ? "tokens" : "features")
                    + " but the model " + (spec.hasEmbedding() ? "embeds tokens" : "reads features"));
        }
        if (d.features() != null && d.inputSize() != spec.rnn().inputSize()) {
            throw new IllegalArgumentException(what + " data have " + d.inputSize() + " features per step but the"
                    + " model reads " + spec.rnn().inputSize());
        }
        if (loss.classTargets() != (d.classes() != null)) {
            throw new IllegalArgumentException(what + " data hold " + (d.classes() != null ? "class ids" : "float targets")
                    + " but the " + loss.kind().name().toLowerCase(java.util.Locale.ROOT) + " loss needs "
                    + (loss.classTargets() ? "class ids" : "float targets"));
        }
        boolean perStep = spec.readout() == Readout.ALL;
        if (d.classes() == null && perStep != d.perStepTargets()) {
            throw new IllegalArgumentException(what + " targets are " + (d.perStepTargets() ? "[N, T, O]" : "[N, O]")
                    + " but readout " + spec.readout().id() + " needs " + (perStep ? "[N, T, O]" : "[N, O]"));
        }
        if (d.classes() == null && d.targetWidth() != spec.head().outputs()) {
            throw new IllegalArgumentException(what + " targets have " + d.targetWidth() + " columns but the model has "
                    + spec.head().outputs() + " outputs");
        }
        if (d.classes() != null) {
            int C = spec.head().outputs();
            for (int i = 0; i < d.size(); i++) {
                if (d.classes()[i] < 0 || d.classes()[i] >= C) {
                    throw new IllegalArgumentException(what + " class id " + d.classes()[i] + " at row " + i
                            + " is outside [0, " + C + ")");
                }
            }
        }
        if (d.tokens() != null) {
            int V = spec.embedding().vocabulary();
            for (int i = 0; i < d.tokens().length; i++) {
                if (d.tokens()[i] < 0 || d.tokens()[i] >= V) {
                    throw new IllegalArgumentException(what + " token id " + d.tokens()[i] + " at row "
                            + i / d.steps() + ", step " + i % d.steps() + " is outside the vocabulary [0, " + V + ")");
                }
            }
        }
    }

    /** The best epoch's weights (host, flat) kept by early stopping, or null. */
    public float[] bestWeights() {
        return bestWeights;
    }

    /** The epoch (0-based) of {@link #bestWeights}, or −1. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Puts back the best weights a checkpoint saved, so a resumed run can still restore them. */
    public void restoreBestWeights(float[] weights, int epoch) {
        if (weights != null && weights.length != model.parameterCount()) {
            throw new IllegalArgumentException(weights.length + " best weights for a model of "
                    + model.parameterCount() + " parameters");
        }
        this.bestWeights = weights == null ? null : weights.clone();
        this.bestEpoch = weights == null ? -1 : epoch;
    }

    @Override
    public void close() {
        work.close();
    }
}
