package org.jrnn.engine;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jrnn.BackwardResult;
import org.jrnn.ForwardResult;
import org.jrnn.ParameterLayout;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RnnState;
import org.jrnn.RunOptions;
import org.jrnn.Tape;
import org.jrnn.backend.Backend;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Tensor;
import org.jrnn.tensor.Workspace;

/**
 * The one network driver of every backend. It validates arguments, walks the layers and directions, draws and
 * applies dropout, keeps the tape and converts layouts, all on backend tensors through {@link Backend} and
 * {@link TensorOps}; the arithmetic of one layer and direction is the backend's {@link LayerKernels}.
 *
 * <p>Data flow of {@link #forward}: input [T, B, I] (batch-first input is first made time-major) → for each layer
 * l, for each direction d: {@code kernels.forward(LayerForward)} reads the layer input and writes its H columns of
 * the layer output [T, B, D*H] and its rows of h_n/c_n → (training, l &lt; L-1) the output times the layer's
 * dropout mask is the next layer's input → the top layer's output is the result. {@link #backward} walks the same
 * way down, each layer's dx becoming (through the mask) the dy of the layer below.
 *
 * <p>Memory: parameters and gradients are one flat tensor each ({@link LayerWeights} are views of them); tapes,
 * workspaces and results are pooled and reused by the next call of the same shape (see {@link ResultSlot}).
 *
 * <p>Threading: the pools, the step plan and the kernels' buffers make a network confined to one thread at a time.
 * Several networks may share one parameter tensor and run concurrently when they only read it (inference) and their
 * backend's {@link Backend#concurrentOps()} allows it.
 */
public class RnnNetwork implements Rnn {
    // Workspace slots.
    private static final int ZEROS = 0;
    private static final int INPUT_TIME_MAJOR = 1;
    private static final int LAYER_OUT_A = 2;
    private static final int LAYER_OUT_B = 3;
    private static final int DROPPED = 4;
    private static final int GRAD_TOP = 5;
    private static final int LENGTHS = 6;
    private static final int GRAD_INPUT_TIME_MAJOR = 7;
    private static final int GRAD_LAYER_INPUT = 8; // slots 8 .. 8 + L - 1: dx of layers 1..L-1

    private final Backend backend;
    private final TensorOps ops;
    private final RnnSpec spec;
    private final LayerKernels kernels;
    private final Tensor parameters;
    private final Tensor gradients;
    private final LayerWeights[][] weights;
    private final LayerWeights[][] gradWeights;
    private final Workspace buffers;
    private final ResultSlot output;
    private final ResultSlot hN;
    private final ResultSlot cN;
    private final ResultSlot gradInput;
    private final ResultSlot gradH0;
    private final ResultSlot gradC0;
    private final Set<NetworkTape> liveTapes = Collections.newSetFromMap(new IdentityHashMap<>());
    private NetworkTape spareTape;
    private StepPlan stepPlan;
    private final boolean ownsParameters;
    private boolean closed;

    /** A network with parameters and gradients of its own (zero). */
    public RnnNetwork(Backend backend, RnnSpec spec, LayerKernels kernels) {
        this(backend, spec, kernels, null, null);
    }

    /**
     * A network over caller-owned parameter and gradient tensors ([P] each, laid out by
     * {@link RnnSpec#parameterLayout()}): views of a model's one flat buffer. They are not closed with the network.
     * Null for both means the network allocates its own.
     */
    public RnnNetwork(Backend backend, RnnSpec spec, LayerKernels kernels, Tensor parameters, Tensor gradients) {
        this.backend = backend;
        this.ops = backend.ops();
        this.spec = spec;
        this.kernels = kernels;
        ParameterLayout layout = spec.parameterLayout();
        if ((parameters == null) != (gradients == null)) {
            throw new IllegalArgumentException("give both parameters and gradients, or neither");
        }
        this.ownsParameters = parameters == null;
        if (parameters != null) {
            own(parameters, "parameters").requireShape("parameters", layout.size());
            own(gradients, "gradients").requireShape("gradients", layout.size());
        }
        this.parameters = parameters != null ? parameters : backend.allocate(layout.size());
        this.gradients = gradients != null ? gradients : backend.allocate(layout.size());
        weights = new LayerWeights[spec.layers()][spec.directions()];
        gradWeights = new LayerWeights[spec.layers()][spec.directions()];
        for (int l = 0; l < spec.layers(); l++) {
            for (int d = 0; d < spec.directions(); d++) {
                weights[l][d] = LayerWeights.of(this.parameters, layout, l, d);
                gradWeights[l][d] = LayerWeights.of(this.gradients, layout, l, d);
            }
        }
        buffers = new Workspace(backend, GRAD_LAYER_INPUT + spec.layers());
        output = new ResultSlot(backend);
        hN = new ResultSlot(backend);
        cN = new ResultSlot(backend);
        gradInput = new ResultSlot(backend);
        gradH0 = new ResultSlot(backend);
        gradC0 = new ResultSlot(backend);
    }

    @Override
    public RnnSpec spec() {
        return spec;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Tensor parameters() {
        checkOpen();
        return parameters;
    }

    @Override
    public Tensor gradients() {
        checkOpen();
        return gradients;
    }

    @Override
    public void zeroGradients() {
        checkOpen();
        ops.fill(gradients, 0f);
    }

    // ---------------------------------------------------------------- forward

    @Override
    public ForwardResult forward(Tensor input, Tensor h0, Tensor c0, int[] lengths, RunOptions options) {
        checkOpen();
        own(input, "input");
        boolean batchFirst = options.batchFirst();
        if (input.rank() != 3 || input.dim(2) != spec.inputSize()) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(input.shape()) + " but "
                    + (batchFirst ? "[B, T, " : "[T, B, ") + spec.inputSize() + "] was expected");
        }
        final int T = batchFirst ? input.dim(1) : input.dim(0);
        final int B = batchFirst ? input.dim(0) : input.dim(1);
        final int L = spec.layers();
        final int D = spec.directions();
        final int H = spec.hiddenSize();
        int[] lens = checkLengths(lengths, T, B);
        int[] stateShape = spec.stateShape(B);
        if (h0 != null) {
            own(h0, "h0").requireShape("h0", stateShape);
        }
        checkCellState(c0, stateShape, "c0");

        NetworkTape tape = options.training() ? takeTape(T, B) : null;
        Tensor lengthsTensor = tape != null ? tape.lengthsTensor : buffers.get(LENGTHS, ElementType.INT32, B);
        backend.copyFromHost(lens, 0, lengthsTensor);
        Lengths seqLengths = new Lengths(lens, lengthsTensor);

        Tensor x0 = input;
        if (batchFirst) {
            x0 = tape != null ? tape.inputBuffer() : buffers.get(INPUT_TIME_MAJOR, T, B, spec.inputSize());
            ops.swapFirstTwo(input, x0);
        }
        if (tape != null) {
            tape.lengths = seqLengths;
            tape.batchFirst = batchFirst;
            tape.input = x0;
            tape.keepInitialStates(h0, c0);
        }
        Tensor zeros = buffers.get(ZEROS, B, H); // never written: stays zero

        int[] outShape = batchFirst ? new int[] {B, T, D * H} : new int[] {T, B, D * H};
        Tensor result = output.take(outShape);
        Tensor hFinal = hN.take(stateShape);
        Tensor cFinal = spec.cell().hasCellState() ? cN.take(stateShape) : null;
        try {
            Tensor layerIn = x0;
            for (int l = 0; l < L; l++) {
                Tensor out;
                if (tape != null) {
                    out = tape.out[l];
                } else if (l == L - 1 && !batchFirst) {
                    out = result; // inference, time-major: the top layer writes the result directly
                } else {
                    out = buffers.get(l % 2 == 0 ? LAYER_OUT_A : LAYER_OUT_B, T, B, D * H);
                }
                for (int d = 0; d < D; d++) {
                    int s = l * D + d;
                    kernels.forward(new LayerForward(layerShape(l, d, T, B), seqLengths, weights[l][d], layerIn,
                            h0 != null ? h0.slice(s) : zeros, c0 != null ? c0.slice(s) : zeros,
                            new DirectionOutput(out, d * H), hFinal.slice(s), cFinal != null ? cFinal.slice(s) : null,
                            tape != null ? tape.directions[l][d] : null));
                }
                layerIn = out;
                if (tape != null && tape.masks != null && l < L - 1) {
                    ops.dropoutMask(tape.masks[l], spec.dropout(), options.dropoutSeed(), l);
                    Tensor dropped = buffers.get(DROPPED, T, B, D * H);
                    ops.mul(out, tape.masks[l], dropped);
                    layerIn = dropped;
                }
            }
            if (batchFirst) {
                ops.swapFirstTwo(layerIn, result);
            } else if (layerIn != result) {
                backend.copy(layerIn, result);
            }
        } catch (RuntimeException | Error e) {
            result.close();
            hFinal.close();
            if (cFinal != null) {
                cFinal.close();
            }
            if (tape != null) {
                tape.close();
            }
            throw e;
        }
        return new ForwardResult(result, hFinal, cFinal, tape);
    }

    private LayerShape layerShape(int l, int d, int T, int B) {
        return new LayerShape(spec.cell(), T, B, spec.layerInputSize(l), spec.hiddenSize(), d == 1);
    }

    // --------------------------------------------------------------- backward

    @Override
    public BackwardResult backward(Tape tapeArg, Tensor gradOutput, Tensor gradHn, Tensor gradCn) {
        checkOpen();
        if (!(tapeArg instanceof NetworkTape tape) || tape.owner != this) {
            throw new IllegalArgumentException("the tape was not made by this network's forward pass");
        }
        if (tape.closed || tape.used) {
            throw new IllegalStateException("the tape was already " + (tape.closed ? "closed" : "used by a backward pass")
                    + "; run forward again");
        }
        final int T = tape.steps;
        final int B = tape.batch;
        final int L = spec.layers();
        final int D = spec.directions();
        final int H = spec.hiddenSize();
        final int I = spec.inputSize();
        int[] stateShape = spec.stateShape(B);
        int[] outShape = tape.batchFirst ? new int[] {B, T, D * H} : new int[] {T, B, D * H};

        Tensor dyTop = null;
        if (gradOutput != null) {
            own(gradOutput, "grad_output").requireShape("grad_output", outShape);
            dyTop = gradOutput; // the kernels only read dy
            if (tape.batchFirst) {
                dyTop = buffers.get(GRAD_TOP, T, B, D * H);
                ops.swapFirstTwo(gradOutput, dyTop);
            }
        }
        if (gradHn != null) {
            own(gradHn, "grad_h_n").requireShape("grad_h_n", stateShape);
        }
        checkCellState(gradCn, stateShape, "grad_c_n");

        Tensor dInput = gradInput.take(tape.batchFirst ? new int[] {B, T, I} : new int[] {T, B, I});
        Tensor dh0 = gradH0.take(stateShape);
        Tensor dc0 = spec.cell().hasCellState() ? gradC0.take(stateShape) : null;
        try {
            Tensor zeros = buffers.get(ZEROS, B, H);
            Tensor[] dx = new Tensor[L];
            dx[0] = tape.batchFirst ? buffers.get(GRAD_INPUT_TIME_MAJOR, T, B, I) : dInput;
            for (int l = 1; l < L; l++) {
                dx[l] = buffers.get(GRAD_LAYER_INPUT + l, T, B, spec.layerInputSize(l));
            }
            for (Tensor t : dx) {
                ops.fill(t, 0f); // the kernels add into dx
            }
            Tensor dy = dyTop;
            for (int l = L - 1; l >= 0; l--) {
                Tensor x;
                if (l == 0) {
                    x = tape.input;
                } else if (tape.masks != null) {
                    // This layer's input was the layer below's output times its mask: recompute it.
                    x = buffers.get(DROPPED, T, B, D * H);
                    ops.mul(tape.out[l - 1], tape.masks[l - 1], x);
                } else {
                    x = tape.out[l - 1];
                }
                for (int d = 0; d < D; d++) {
                    int s = l * D + d;
                    kernels.backward(new LayerBackward(layerShape(l, d, T, B), tape.lengths, weights[l][d],
                            gradWeights[l][d], x, tape.h0 != null ? tape.h0.slice(s) : zeros,
                            tape.c0 != null ? tape.c0.slice(s) : zeros, new DirectionOutput(tape.out[l], d * H),
                            tape.directions[l][d], dy, gradHn != null ? gradHn.slice(s) : null,
                            gradCn != null ? gradCn.slice(s) : null, dx[l], dh0.slice(s),
                            dc0 != null ? dc0.slice(s) : null));
                }
                if (l > 0) {
                    if (tape.masks != null) {
                        ops.mul(dx[l], tape.masks[l - 1], dx[l]); // through the dropout of the layer below
                    }
                    dy = dx[l];
                }
            }
            tape.used = true;
            if (tape.batchFirst) {
                ops.swapFirstTwo(dx[0], dInput);
            }
        } catch (RuntimeException | Error e) {
            dInput.close();
            dh0.close();
            if (dc0 != null) {
                dc0.close();
            }
            throw e;
        }
        return new BackwardResult(dInput, dh0, dc0);
    }

    // -------------------------------------------------------------- streaming

    @Override
    public RnnState newState(int batch) {
        checkOpen();
        int[] shape = {spec.layers(), batch, spec.hiddenSize()};
        return new RnnState(backend.allocate(shape), spec.cell().hasCellState() ? backend.allocate(shape) : null);
    }

    @Override
    public void step(Tensor x, RnnState state, Tensor out) {
        checkOpen();
        if (spec.bidirectional()) {
            throw new IllegalStateException("step needs a unidirectional network: the reverse direction of a "
                    + "bidirectional one needs the whole sequence");
        }
        StepPlan plan = stepPlan;
        if (plan == null || !plan.isFor(x, state, out)) {
            plan = stepPlan = planStep(x, state, out);
        }
        for (LayerStep layer : plan.layers) {
            kernels.step(layer);
        }
        backend.copy(plan.topH, out);
    }

    /** The per-layer step arguments for one set of tensors, reused while the caller passes the same ones. */
    private record StepPlan(Tensor x, Tensor h, Tensor c, Tensor out, LayerStep[] layers, Tensor topH) {
        boolean isFor(Tensor x, RnnState s, Tensor out) {
            return this.x == x && h == s.h() && c == s.c() && this.out == out && !x.isClosed() && !h.isClosed()
                    && !out.isClosed();
        }
    }

    private StepPlan planStep(Tensor x, RnnState state, Tensor out) {
        own(x, "x");
        if (x.rank() != 2 || x.dim(1) != spec.inputSize()) {
            throw new IllegalArgumentException("x has shape " + Arrays.toString(x.shape()) + " but [B, "
                    + spec.inputSize() + "] was expected");
        }
        int B = x.dim(0);
        int H = spec.hiddenSize();
        Tensor h = own(state.h(), "state.h").requireShape("state.h", spec.layers(), B, H);
        Tensor c = null;
        if (spec.cell().hasCellState()) {
            if (state.c() == null) {
                throw new IllegalArgumentException("an LSTM state needs c [" + spec.layers() + ", " + B + ", " + H + "]");
            }
            c = own(state.c(), "state.c").requireShape("state.c", spec.layers(), B, H);
        }
        own(out, "out").requireShape("out", B, H);
        LayerStep[] layers = new LayerStep[spec.layers()];
        Tensor in = x;
        for (int l = 0; l < layers.length; l++) {
            Tensor hl = h.slice(l);
            layers[l] = new LayerStep(layerShape(l, 0, 1, B), weights[l][0], in, hl, c != null ? c.slice(l) : null);
            in = hl;
        }
        return new StepPlan(x, h, c, out, layers, in);
    }

    // ------------------------------------------------------------------ close

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (NetworkTape t : liveTapes) {
            t.release();
        }
        liveTapes.clear();
        spareTape = null;
        stepPlan = null;
        buffers.close();
        for (ResultSlot s : new ResultSlot[] {output, hN, cN, gradInput, gradH0, gradC0}) {
            s.close();
        }
        if (ownsParameters) {
            parameters.close();
            gradients.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private NetworkTape takeTape(int T, int B) {
        NetworkTape t = spareTape;
        if (t != null && t.steps == T && t.batch == B) {
            spareTape = null;
            t.closed = false;
            t.used = false;
            return t;
        }
        t = new NetworkTape(this, backend, spec, T, B);
        liveTapes.add(t);
        return t;
    }

    /** A closed tape becomes the spare for the next pass; an older spare of another shape is freed. */
    void recycle(NetworkTape t) {
        if (closed) {
            return;
        }
        if (spareTape != null && spareTape != t) {
            spareTape.release();
            liveTapes.remove(spareTape);
        }
        spareTape = t;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this " + spec.cell().id() + " network was closed");
        }
    }

    private Tensor own(Tensor t, String what) {
        if (t == null) {
            throw new IllegalArgumentException(what + " must be given, got null");
        }
        if (t.backend() != backend) {
            throw new IllegalArgumentException(what + " belongs to backend '" + t.backend().name()
                    + "', not to this network's backend '" + backend.name() + "'");
        }
        if (t.isClosed()) {
            throw new IllegalStateException(what + " " + Arrays.toString(t.shape()) + " was used after it was closed");
        }
        t.requireType(what, ElementType.FLOAT32);
        return t;
    }

    private void checkCellState(Tensor c, int[] shape, String what) {
        if (c == null) {
            return;
        }
        if (!spec.cell().hasCellState()) {
            throw new IllegalArgumentException(what + " was given but a " + spec.cell().id() + " has no cell state");
        }
        own(c, what).requireShape(what, shape);
    }

    private static int[] checkLengths(int[] lengths, int T, int B) {
        int[] lens = new int[B];
        if (lengths == null) {
            Arrays.fill(lens, T);
            return lens;
        }
        if (lengths.length != B) {
            throw new IllegalArgumentException("lengths has " + lengths.length + " entries but the batch has " + B);
        }
        for (int b = 0; b < B; b++) {
            if (lengths[b] < 0 || lengths[b] > T) {
                throw new IllegalArgumentException("lengths[" + b + "] = " + lengths[b] + " is outside [0, " + T
                        + "] (T = " + T + ")");
            }
            lens[b] = lengths[b];
        }
        return lens;
    }
}
