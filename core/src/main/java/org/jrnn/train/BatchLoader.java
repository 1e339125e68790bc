package org.jrnn.train;

import org.jrnn.backend.Backend;
import org.jrnn.nn.ModelInput;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.tensor.Workspace;

/**
 * Moves mini-batches of a {@link SequenceDataset} to a backend: the chosen rows are gathered on the host into
 * time-major staging arrays, trimmed to the longest sequence of the batch (so batches bucketed by length carry little
 * padding), and cross to the backend in one copy per tensor. Buffers are reused between batches.
 */
public final class BatchLoader implements AutoCloseable {
    private static final int FEATURES = 0, TOKENS = 1, LENGTHS = 2, TARGETS = 3, CLASSES = 4, MASK = 5;

    private final Backend backend;
    private final SequenceDataset data;
    private final Workspace device;
    private float[] hostFloats = new float[0];
    private int[] hostInts = new int[0];
    private float[] hostTargets = new float[0];
    private float[] hostMask = new float[0];

    public BatchLoader(Backend backend, SequenceDataset data) {
        this.backend = backend;
        this.data = data;
        this.device = new Workspace(backend, 6);
    }

    public SequenceDataset data() {
        return data;
    }

    /** The batch of the given dataset rows, on the backend. */
    public DeviceBatch load(int[] indices) {
        int B = indices.length;
        int[] lengths = new int[B];
        int T = 1;
        for (int b = 0; b < B; b++) {
            lengths[b] = data.lengthOf(indices[b]);
            T = Math.max(T, lengths[b]);
        }
        int fullT = data.steps();
        Tensor features = null;
        Tensor tokens = null;
        if (data.features() != null) {
            int I = data.inputSize();
            hostFloats = grow(hostFloats, T * B * I);
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    System.arraycopy(data.features(), (indices[b] * fullT + t) * I, hostFloats, (t * B + b) * I, I);
                }
            }
            features = device.get(FEATURES, T, B, I);
            backend.copyFromHost(hostFloats, 0, features);
        } else {
            hostInts = growInt(hostInts, T * B);
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    hostInts[t * B + b] = data.tokens()[indices[b] * fullT + t];
                }
            }
            tokens = device.get(TOKENS, ElementType.INT32, T, B);
            backend.copyFromHost(hostInts, 0, tokens);
        }
        Tensor lengthsTensor = device.get(LENGTHS, ElementType.INT32, B);
        backend.copyFromHost(lengths, 0, lengthsTensor);
        ModelInput input = new ModelInput(features, tokens, lengths, lengthsTensor);

        Tensor targets;
        Tensor mask = null;
        if (data.classes() != null) {
            int[] cls = new int[B];
            for (int b = 0; b < B; b++) {
                cls[b] = data.classes()[indices[b]];
            }
            targets = device.get(CLASSES, ElementType.INT32, B);
            backend.copyFromHost(cls, 0, targets);
        } else if (data.perStepTargets()) {
            // Per-step targets, time-major rows t*B + b like the logits; padded steps masked out.
            int O = data.targetWidth();
            hostTargets = grow(hostTargets, T * B * O);
            hostMask = grow(hostMask, T * B);
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    System.arraycopy(data.targets(), (indices[b] * fullT + t) * O, hostTargets, (t * B + b) * O, O);
                    hostMask[t * B + b] = t < lengths[b] ? 1f : 0f;
                }
            }
            targets = device.get(TARGETS, T * B, O);
            backend.copyFromHost(hostTargets, 0, targets);
            mask = device.get(MASK, T * B);
            backend.copyFromHost(hostMask, 0, mask);
        } else {
            int O = data.targetWidth();
            hostTargets = grow(hostTargets, B * O);
            for (int b = 0; b < B; b++) {
                System.arraycopy(data.targets(), indices[b] * O, hostTargets, b * O, O);
            }
            targets = device.get(TARGETS, B, O);
            backend.copyFromHost(hostTargets, 0, targets);
        }
        return new DeviceBatch(indices, input, targets, mask);
    }

    private static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }

    private static int[] growInt(int[] a, int n) {
        return a.length >= n ? a : new int[n];
    }

    @Override
    public void close() {
        device.close();
    }
}
