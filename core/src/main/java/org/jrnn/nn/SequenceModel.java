package org.jrnn.nn;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jrnn.BackwardResult;
import org.jrnn.ForwardResult;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RunOptions;
import org.jrnn.backend.Backend;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.tensor.Workspace;

/**
 * A sequence model on one backend: optional embedding → recurrent stack → readout → optional hidden dense layer →
 * linear head, every step an operation of the backend (nothing here reads tensor memory), so it trains on any
 * backend. Parameters are views of one flat buffer ({@link ParameterSet}); the recurrent stack's are one contiguous
 * slice of it, shared with the {@link Rnn}.
 *
 * <p>Use: {@link #forward} gives the logits (valid until the next forward), {@link #backward} takes their gradient
 * and <em>adds</em> into the parameter gradients ({@link #zeroGradients} clears them). Frozen modules get no
 * gradient work where that can be skipped (a frozen head computes no weight gradient; with every module below the
 * head frozen, the recurrent backward is not run at all).
 *
 * <p>Threading: a model is confined to one thread (its network, tape and buffers are reused from call to call).
 * To serve it from many threads, give each thread a {@link #predictor()}: predictors share this model's parameters
 * read-only, so they must not run while this model trains or loads weights, and they stop working when it closes.
 */
public final class SequenceModel implements AutoCloseable {
    /** Modules, the units of freezing, in order. */
    public static final List<String> MODULES = List.of("embedding", "rnn", "hidden", "head");
    /** Dropout stream of the head's input (the recurrent stack's layers use streams 0..L-2). */
    static final long HEAD_DROPOUT_STREAM = 1L << 20;

    private static final int EMBEDDED = 0;
    private static final int FEATURES = 1;
    private static final int FEATURE_MASK = 2;
    private static final int HIDDEN = 3;
    private static final int LOGITS = 4;
    private static final int D_HIDDEN = 5;
    private static final int D_FEATURES = 6;
    private static final int D_OUTPUT = 7;
    private static final int GRAD_HN = 8;
    private static final int ARGMAX = 9;

    private final Backend backend;
    private final TensorOps ops;
    private final ModelSpec spec;
    private final ParameterSet params;
    private final Rnn rnn;
    private final Workspace work;
    private final Set<String> frozen = new LinkedHashSet<>();
    private final boolean ownsParameters;

    // What the last forward keeps for backward.
    private ForwardResult lastRnn;
    private ModelInput lastInput;
    private Tensor lastFeatures;     // head input [N, F] after dropout
    private Tensor lastFeatureMask;  // [N, F] or null
    private Tensor lastHidden;       // hidden activation output [N, Hh] or null
    private Tensor lastArgmax;       // [B, F] for MAX
    private int lastRows;
    private boolean closed;
    private Tensor[] stateOut;

    /** The next forward also copies the recurrent stack's h_n (and c_n) into these [L*D, B, H] tensors. */
    public void captureFinalState(Tensor hN, Tensor cN) {
        stateOut = new Tensor[] {hN, cN};
    }

    private SequenceModel(Backend backend, ModelSpec spec) {
        this(backend, spec, new ParameterSet(backend, spec), true);
    }

    /** A network and buffers of its own over {@code params}, which it closes only when it owns them. */
    private SequenceModel(Backend backend, ModelSpec spec, ParameterSet params, boolean ownsParameters) {
        this.backend = backend;
        this.ops = backend.ops();
        this.spec = spec;
        this.params = params;
        this.ownsParameters = ownsParameters;
        int rnnSize = spec.rnn().parameterLayout().size();
        try {
            this.rnn = backend.createRnn(spec.rnn(), params.rnnSlice(params.flat(), rnnSize),
                    params.rnnSlice(params.flatGrad(), rnnSize));
        } catch (RuntimeException e) {
            if (ownsParameters) {
                params.close();
            }
            throw e;
        }
        this.work = new Workspace(backend, 10);
    }

    /**
     * A predictor for inference on another thread: it reads this model's parameters (shared, not copied) through a
     * network and buffers of its own. Create one per serving thread; see {@link Predictor} for the rules.
     */
    public Predictor predictor() {
        checkOpen();
        if (backend.concurrentOps()) {
            return new Predictor(new SequenceModel(backend, spec, params, false));
        }
        synchronized (backend) {
            return new Predictor(new SequenceModel(backend, spec, params, false));
        }
    }

    /** A model with zero parameters: load them ({@link ModelWeights}) or {@link #initialize} them. */
    public static SequenceModel create(Backend backend, ModelSpec spec) {
        return new SequenceModel(backend, spec);
    }

    /** Sets every parameter by PyTorch's default initialisation, drawn from {@code seed}; returns this model. */
    public SequenceModel initialize(long seed) {
        checkOpen();
        backend.copyFromHost(Initialization.pytorchDefault(spec, params, seed), 0, params.flat());
        return this;
    }

    public ModelSpec spec() {
        return spec;
    }

    public Backend backend() {
        return backend;
    }

    public ParameterSet parameters() {
        return params;
    }

    public int parameterCount() {
        return params.count();
    }

    // ----------------------------------------------------------------- freezing

    /** Stops training the named modules (see {@link #MODULES}): no gradient work, no optimizer state. */
    public void freeze(String... modules) {
        for (String m : modules) {
            frozen.add(checkModule(m));
        }
    }

    public void unfreeze(String... modules) {
        for (String m : modules) {
            frozen.remove(checkModule(m));
        }
    }

    public boolean isFrozen(String module) {
        return frozen.contains(checkModule(module));
    }

    /** Parameters that train, in order. */
    public List<ParameterSet.Entry> trainable() {
        List<ParameterSet.Entry> list = new ArrayList<>();
        for (ParameterSet.Entry e : params.entries()) {
            if (!frozen.contains(e.module())) {
                list.add(e);
            }
        }
        return list;
    }

    private String checkModule(String m) {
        if (!MODULES.contains(m)) {
            throw new IllegalArgumentException("unknown module '" + m + "': expected one of " + MODULES);
        }
        return m;
    }

    // ------------------------------------------------------------------ forward

    /**
     * The logits of a batch: [B, O], or [T*B, O] (time-major rows) for {@link Readout#ALL}. In training, dropout
     * masks are drawn from {@code seed}. The returned tensor is the model's and valid until the next forward.
     */
    public Tensor forward(ModelInput in, boolean training, long seed) {
        return forward(in, null, null, training, seed);
    }

    /**
     * As {@link #forward(ModelInput, boolean, long)}, starting the recurrent stack from h0 and c0 [L*D, B, H] (null:
     * zeros) instead of zeros: truncated BPTT carries a window's final state into the next window this way, detached
     * (no gradient flows back into the previous window).
     */
    public Tensor forward(ModelInput in, Tensor h0, Tensor c0, boolean training, long seed) {
        checkOpen();
        releaseLast();
        RnnSpec r = spec.rnn();
        int T = in.steps(), B = in.batch(), F = spec.featureSize();
        if (in.lengths().length != B) {
            throw new IllegalArgumentException("lengths has " + in.lengths().length + " entries but the batch has " + B);
        }
        Tensor x;
        if (spec.hasEmbedding()) {
            if (in.tokens() == null) {
                throw new IllegalArgumentException("this model embeds tokens: give tokens [T, B], not features");
            }
            in.tokens().requireType("tokens", ElementType.INT32);
            x = work.get(EMBEDDED, T, B, r.inputSize());
            ops.gatherRows(params.value("embedding.weight"), in.tokens(), x);
        } else {
            if (in.features() == null) {
                throw new IllegalArgumentException("this model reads features [T, B, " + r.inputSize()
                        + "]: give features, not tokens");
            }
            x = in.features();
        }
        lastRnn = rnn.forward(x, h0, c0, in.lengths(), new RunOptions(training, seed, false));
        if (stateOut != null) {
            backend.copy(lastRnn.hN(), stateOut[0]);
            if (stateOut[1] != null) {
                backend.copy(lastRnn.cN(), stateOut[1]);
            }
            stateOut = null;
        }
        lastInput = in;
        int rows = spec.readout() == Readout.ALL ? T * B : B;
        Tensor features = readout(lastRnn, in, rows, B, F);
        if (training && spec.head().dropout() > 0f) {
            lastFeatureMask = work.get(FEATURE_MASK, rows, F);
            ops.dropoutMask(lastFeatureMask, spec.head().dropout(), seed, HEAD_DROPOUT_STREAM);
            ops.mul(features, lastFeatureMask, features);
        }
        lastFeatures = features;
        lastRows = rows;
        Tensor headIn = features;
        HeadSpec h = spec.head();
        if (h.hiddenUnits() > 0) {
            lastHidden = work.get(HIDDEN, rows, h.hiddenUnits());
            linear(headIn, "hidden", lastHidden);
            ops.activation(h.activation(), lastHidden, lastHidden);
            headIn = lastHidden;
        }
        Tensor logits = work.get(LOGITS, rows, h.outputs());
        linear(headIn, "head", logits);
        if (!training) {
            releaseLast();
        }
        return logits;
    }

    private Tensor readout(ForwardResult f, ModelInput in, int rows, int B, int F) {
        RnnSpec r = spec.rnn();
        int H = r.hiddenSize();
        Tensor features = work.get(FEATURES, rows, F);
        switch (spec.readout()) {
            case LAST -> {
                // The top layer's final states, [D, B, H] contiguous at the end of h_n.
                int top = (r.layers() - 1) * r.directions();
                if (r.directions() == 1) {
                    backend.copy(f.hN().slice(top), features);
                } else {
                    ops.swapFirstTwo(f.hN().view(top * B * H, 2, B, H), features.reshape(B, 2, H));
                }
            }
            case MEAN -> ops.readoutMean(f.output(), in.lengthsTensor(), features);
            case MAX -> {
                lastArgmax = work.get(ARGMAX, ElementType.INT32, B, F);
                ops.readoutMax(f.output(), in.lengthsTensor(), features, lastArgmax);
            }
            case ALL -> backend.copy(f.output(), features);
        }
        return features;
    }

    /** y = x · W^T + b for the module's weight [out, in] and bias [out]. */
    private void linear(Tensor x, String module, Tensor y) {
        ops.gemm(false, true, 1f, x, params.value(module + ".weight"), 0f, y);
        ops.addBias(y, params.value(module + ".bias"));
    }

    // ----------------------------------------------------------------- backward

    /** Backpropagates {@code dLogits} (the shape {@link #forward} returned) through the last training forward. */
    public void backward(Tensor dLogits) {
        checkOpen();
        if (lastRnn == null || lastRnn.tape() == null) {
            throw new IllegalStateException("backward needs a training forward first (and runs once per forward)");
        }
        HeadSpec h = spec.head();
        dLogits.requireShape("dLogits", lastRows, h.outputs());
        boolean belowHead = !frozen.contains("rnn") || (spec.hasEmbedding() && !frozen.contains("embedding"));
        boolean needFeatures = belowHead;
        Tensor headIn = h.hiddenUnits() > 0 ? lastHidden : lastFeatures;
        Tensor dFeatures = null;
        if (h.hiddenUnits() > 0) {
            boolean needHidden = needFeatures || !frozen.contains("hidden");
            if (needHidden) {
                Tensor dHidden = work.get(D_HIDDEN, lastRows, h.hiddenUnits());
                linearBackward(dLogits, headIn, "head", dHidden);
                ops.activationBackward(h.activation(), lastHidden, dHidden, dHidden);
                if (needFeatures) {
                    dFeatures = work.get(D_FEATURES, lastRows, spec.featureSize());
                }
                linearBackward(dHidden, lastFeatures, "hidden", dFeatures);
            } else {
                linearBackward(dLogits, headIn, "head", null);
            }
        } else {
            if (needFeatures) {
                dFeatures = work.get(D_FEATURES, lastRows, spec.featureSize());
            }
            linearBackward(dLogits, headIn, "head", dFeatures);
        }
        if (dFeatures != null) {
            if (lastFeatureMask != null) {
                ops.mul(dFeatures, lastFeatureMask, dFeatures);
            }
            recurrentBackward(dFeatures);
        }
        releaseLast();
    }

    /** Adds the module's weight and bias gradients (unless frozen) and writes dx = dy · W (when dx is not null). */
    private void linearBackward(Tensor dy, Tensor x, String module, Tensor dx) {
        if (!frozen.contains(module)) {
            ops.gemm(true, false, 1f, dy, x, 1f, params.grad(module + ".weight"));
            ops.addColumnSums(dy, params.grad(module + ".bias"));
        }
        if (dx != null) {
            ops.gemm(false, false, 1f, dy, params.value(module + ".weight"), 0f, dx);
        }
    }

    private void recurrentBackward(Tensor dFeatures) {
        RnnSpec r = spec.rnn();
        ModelInput in = lastInput;
        int T = in.steps(), B = in.batch(), H = r.hiddenSize(), F = spec.featureSize();
        Tensor dOutput = null;
        Tensor dHn = null;
        switch (spec.readout()) {
            case LAST -> {
                dHn = work.get(GRAD_HN, r.stateShape(B));
                ops.fill(dHn, 0f);
                int top = (r.layers() - 1) * r.directions();
                if (r.directions() == 1) {
                    backend.copy(dFeatures, dHn.slice(top));
                } else {
                    ops.swapFirstTwo(dFeatures.reshape(B, 2, H), dHn.view(top * B * H, 2, B, H));
                }
            }
            case MEAN -> {
                dOutput = work.get(D_OUTPUT, T, B, F);
                ops.fill(dOutput, 0f);
                ops.readoutMeanBackward(dFeatures, in.lengthsTensor(), dOutput);
            }
            case MAX -> {
                dOutput = work.get(D_OUTPUT, T, B, F);
                ops.fill(dOutput, 0f);
                ops.readoutMaxBackward(dFeatures, lastArgmax, dOutput);
            }
            case ALL -> dOutput = dFeatures.reshape(T, B, F);
        }
        try (BackwardResult g = rnn.backward(lastRnn.tape(), dOutput, dHn, null)) {
            if (spec.hasEmbedding() && !frozen.contains("embedding")) {
                Tensor dx = g.gradInput();
                ops.scatterAddRows(dx.reshape(T * B, spec.embedding().dimension()), in.tokens(),
                        spec.embedding().paddingIndex(), params.grad("embedding.weight"));
            }
        }
    }

    /** Sets every gradient to zero. */
    public void zeroGradients() {
        checkOpen();
        ops.fill(params.flatGrad(), 0f);
    }

    private void releaseLast() {
        if (lastRnn != null) {
            lastRnn.close();
            lastRnn = null;
        }
        lastInput = null;
        lastFeatureMask = null;
        lastHidden = null;
        lastArgmax = null;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this model was closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            releaseLast();
            closed = true;
            work.close();
            rnn.close();
            if (ownsParameters) {
                params.close();
            }
        }
    }
}
