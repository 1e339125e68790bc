package org.jrnn.nn;

import java.util.Arrays;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.tensor.Workspace;

/**
 * Inference for one thread over a trained {@link SequenceModel}'s parameters: made by {@link SequenceModel#predictor()},
 * one per serving thread. A predictor owns its network (tapes, result slots, kernel buffers) and its input and output
 * buffers, and only reads the model's parameters, which all predictors of the model share without copying. Its
 * results are those of the model's own inference forward, bit for bit, whatever the number of threads.
 *
 * <p>The rules:
 * <ul>
 *   <li>A predictor is confined to one thread at a time (like a model); predictors of one model run concurrently.</li>
 *   <li>The shared parameters must not change while predictors run: do not train, initialise or load weights into
 *       the model meanwhile. Closing the model makes its predictors fail on their next call.</li>
 *   <li>On a backend whose operations run on several threads at once ({@link Backend#concurrentOps()}: reference,
 *       cpu-simd) predictors run in parallel; on another (a device with one queue) their creation, calls and close
 *       take turns on the backend's monitor, so they are still safe to share a model with.</li>
 *   <li>Close each predictor: that frees its network and buffers (not the model's parameters).</li>
 * </ul>
 */
public final class Predictor implements AutoCloseable {
    private static final int FEATURES = 0, TOKENS = 1, LENGTHS = 2;

    private final SequenceModel view;
    private final Backend backend;
    private final Workspace inputs;
    private float[] hostFeatures = new float[0]; // [T, B, I] time-major copy of a batch-first input
    private int[] hostTokens = new int[0];       // [T, B]

    Predictor(SequenceModel view) {
        this.view = view;
        this.backend = view.backend();
        this.inputs = new Workspace(backend, 3);
    }

    public ModelSpec spec() {
        return view.spec();
    }

    /**
     * The logits of a batch already on the backend: [B, O], or [T·B, O] (time-major rows) for {@link Readout#ALL};
     * the tensor is this predictor's and valid until its next call.
     */
    public Tensor forward(ModelInput in) {
        if (backend.concurrentOps()) {
            return view.forward(in, false, 0L);
        }
        synchronized (backend) {
            return view.forward(in, false, 0L);
        }
    }

    /**
     * The logits of a batch of feature sequences given batch-first on the host: {@code features} [B, T, I], each
     * sequence valid for {@code lengths[b]} steps. Returns [B, O], or [B, T, O] for {@link Readout#ALL} (zeros past a
     * sequence's length are not guaranteed: read only its valid steps).
     */
    public float[] predict(float[] features, int batch, int steps, int[] lengths) {
        ModelSpec spec = view.spec();
        if (spec.hasEmbedding()) {
            throw new IllegalArgumentException("this model embeds tokens: call predictTokens, not predict");
        }
        int I = spec.rnn().inputSize();
        checkBatch(features.length, "features", batch, steps, I, lengths);
        int n = batch * steps * I;
        if (hostFeatures.length < n) {
            hostFeatures = new float[n];
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(features, (b * steps + t) * I, hostFeatures, (t * batch + b) * I, I);
            }
        }
        Tensor x = inputs.get(FEATURES, steps, batch, I);
        backend.copyFromHost(hostFeatures, 0, x);
        return run(new ModelInput(x, null, lengths.clone(), lengthsTensor(lengths)), batch, steps);
    }

    /**
     * The logits of a batch of token sequences given batch-first on the host: {@code tokens} [B, T] (ids in the
     * vocabulary), each sequence valid for {@code lengths[b]} steps. Returns what {@link #predict} does.
     */
    public float[] predictTokens(int[] tokens, int batch, int steps, int[] lengths) {
        if (!view.spec().hasEmbedding()) {
            throw new IllegalArgumentException("this model reads features: call predict, not predictTokens");
        }
        checkBatch(tokens.length, "tokens", batch, steps, 1, lengths);
        int n = batch * steps;
        if (hostTokens.length < n) {
            hostTokens = new int[n];
        }
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                hostTokens[t * batch + b] = tokens[b * steps + t];
            }
        }
        Tensor ids = inputs.get(TOKENS, ElementType.INT32, steps, batch);
        backend.copyFromHost(hostTokens, 0, ids);
        return run(new ModelInput(null, ids, lengths.clone(), lengthsTensor(lengths)), batch, steps);
    }

    private Tensor lengthsTensor(int[] lengths) {
        Tensor t = inputs.get(LENGTHS, ElementType.INT32, lengths.length);
        backend.copyFromHost(lengths, 0, t);
        return t;
    }

    private float[] run(ModelInput in, int batch, int steps) {
        float[] logits;
        if (backend.concurrentOps()) {
            logits = backend.toHost(view.forward(in, false, 0L));
        } else {
            synchronized (backend) {
                logits = backend.toHost(view.forward(in, false, 0L));
            }
        }
        if (view.spec().readout() != Readout.ALL) {
            return logits;
        }
        int O = view.spec().head().outputs();
        float[] batchFirst = new float[logits.length];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(logits, (t * batch + b) * O, batchFirst, (b * steps + t) * O, O);
            }
        }
        return batchFirst;
    }

    private static void checkBatch(int length, String what, int batch, int steps, int width, int[] lengths) {
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("need batch >= 1 and steps >= 1, got batch " + batch + ", steps "
                    + steps);
        }
        if ((long) batch * steps * width != length) {
            throw new IllegalArgumentException(what + " has " + length + " elements but [batch " + batch + ", steps "
                    + steps + (width > 1 ? ", " + width : "") + "] needs " + (long) batch * steps * width);
        }
        if (lengths.length != batch) {
            throw new IllegalArgumentException("lengths has " + lengths.length + " entries but the batch has "
                    + batch + ": " + Arrays.toString(lengths));
        }
    }

    /** Frees this predictor's network and buffers; the model's parameters stay. */
    @Override
    public void close() {
        if (backend.concurrentOps()) {
            inputs.close();
            view.close();
            return;
        }
        synchronized (backend) {
            inputs.close();
            view.close();
        }
    }
}
