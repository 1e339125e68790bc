package org.jrnn.host;

import java.util.Arrays;
import org.jrnn.BackwardResult;
import org.jrnn.CellType;
import org.jrnn.ForwardResult;
import org.jrnn.ParameterLayout;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.RnnState;
import org.jrnn.RunOptions;
import org.jrnn.Tape;
import org.jrnn.backend.Backend;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/**
 * A network on a heap backend. It validates arguments, walks the layers and directions, applies dropout and
 * converts layouts; the arithmetic of each layer and direction is the backend's {@link CellKernels}. Workspaces
 * and tapes are kept and reused for the next call of the same shape.
 */
public class HostRnn implements Rnn {
    private final Backend backend;
    private final RnnSpec spec;
    private final ParameterLayout layout;
    private final CellKernels kernels;
    private final HostTensor parameters;
    private final HostTensor gradients;
    private final DirectionPass pass = new DirectionPass();

    // Reused workspaces, grown on demand.
    private float[] zeros = new float[0];
    private float[] inputTimeMajor = new float[0];
    private float[] dropped = new float[0];
    private float[] layerOutA = new float[0];
    private float[] layerOutB = new float[0];
    private float[] gradTop = new float[0];
    private float[][] gradIn;
    private HostTape spareTape;

    public HostRnn(Backend backend, RnnSpec spec, CellKernels kernels) {
        this.backend = backend;
        this.spec = spec;
        this.layout = spec.parameterLayout();
        this.kernels = kernels;
        this.parameters = new HostTensor(backend, layout.size());
        this.gradients = new HostTensor(backend, layout.size());
        this.gradIn = new float[spec.layers()][0];
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
        return parameters;
    }

    @Override
    public Tensor gradients() {
        return gradients;
    }

    @Override
    public void zeroGradients() {
        Arrays.fill(gradients.data(), 0f);
    }

    /** The kernels this network runs (for tests and diagnostics). */
    public CellKernels kernels() {
        return kernels;
    }

    // ---------------------------------------------------------------- forward

    @Override
    public ForwardResult forward(Tensor input, Tensor h0, Tensor c0, int[] lengths, RunOptions options) {
        HostTensor in = host(input, "input");
        if (in.rank() != 3 || in.dim(2) != spec.inputSize()) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(in.shape()) + " but "
                    + (options.batchFirst() ? "[B, T, " : "[T, B, ") + spec.inputSize() + "] was expected");
        }
        final int T = options.batchFirst() ? in.dim(1) : in.dim(0);
        final int B = options.batchFirst() ? in.dim(0) : in.dim(1);
        final int L = spec.layers();
        final int D = spec.directions();
        final int H = spec.hiddenSize();
        final int DH = D * H;
        int[] lens = checkLengths(lengths, T, B);
        int[] stateShape = spec.stateShape(B);
        HostTensor h0t = h0 == null ? null : host(h0, "h0").requireShapeHost("h0", stateShape);
        HostTensor c0t = checkC0(c0, stateShape, "c0");

        // Time-major view of the input.
        float[] x0;
        int x0Off;
        if (options.batchFirst()) {
            inputTimeMajor = grow(inputTimeMajor, T * B * spec.inputSize());
            Layouts.swapFirstTwo(in.data(), in.offset(), B, T, spec.inputSize(), inputTimeMajor, 0);
            x0 = inputTimeMajor;
            x0Off = 0;
        } else {
            x0 = in.data();
            x0Off = in.offset();
        }
        zeros = grow(zeros, B * H);

        HostTape tape = null;
        if (options.training()) {
            tape = takeTape(T, B);
            tape.lengths = lens;
            tape.batchFirst = options.batchFirst();
            tape.keepInitialStates(h0t, c0t);
            // The tape keeps the (time-major) input for the weight gradients of layer 0.
            if (options.batchFirst()) {
                tape.keepInputCopy(inputTimeMajor, T * B * spec.inputSize());
            } else {
                tape.input = x0;
                tape.inputOff = x0Off;
            }
        } else {
            layerOutA = grow(layerOutA, T * B * DH);
            if (L > 1) {
                layerOutB = grow(layerOutB, T * B * DH);
            }
        }

        HostTensor output = new HostTensor(backend, options.batchFirst() ? new int[] {B, T, DH} : new int[] {T, B, DH});
        HostTensor hN = new HostTensor(backend, stateShape);
        HostTensor cN = spec.cell().hasCellState() ? new HostTensor(backend, stateShape) : null;

        float[] layerIn = x0;
        int layerInOff = x0Off;
        for (int l = 0; l < L; l++) {
            float[] out = tape != null ? tape.out[l] : (l % 2 == 0 ? layerOutA : layerOutB);
            for (int d = 0; d < D; d++) {
                int s = l * D + d;
                DirectionPass p = preparePass(l, d, T, B, lens, layerIn, layerInOff);
                p.h0 = h0t != null ? h0t.data() : zeros;
                p.h0Off = h0t != null ? h0t.offset() + s * B * H : 0;
                p.c0 = c0t != null ? c0t.data() : zeros;
                p.c0Off = c0t != null ? c0t.offset() + s * B * H : 0;
                p.y = out;
                p.yOff = d * H;
                p.ldY = DH;
                p.hN = hN.data();
                p.hNOff = s * B * H;
                p.cN = cN != null ? cN.data() : null;
                p.cNOff = s * B * H;
                p.gates = tape != null ? tape.gates[l][d] : null;
                p.cells = tape != null && spec.cell() == CellType.LSTM ? tape.extra[l][d] : null;
                p.hn = tape != null && spec.cell() == CellType.GRU ? tape.extra[l][d] : null;
                kernels.forward(p);
            }
            layerIn = out;
            layerInOff = 0;
            if (tape != null && tape.masks != null && l < L - 1) {
                int n = T * B * DH;
                Dropout.fillMask(tape.masks[l], n, spec.dropout(), options.dropoutSeed(), l);
                dropped = grow(dropped, n);
                for (int i = 0; i < n; i++) {
                    dropped[i] = out[i] * tape.masks[l][i];
                }
                layerIn = dropped;
            }
        }
        if (options.batchFirst()) {
            Layouts.swapFirstTwo(layerIn, 0, T, B, DH, output.data(), 0);
        } else {
            System.arraycopy(layerIn, 0, output.data(), 0, T * B * DH);
        }
        return new ForwardResult(output, hN, cN, tape);
    }

    private DirectionPass preparePass(int l, int d, int T, int B, int[] lens, float[] x, int xOff) {
        DirectionPass p = pass;
        p.cell = spec.cell();
        p.steps = T;
        p.batch = B;
        p.inputSize = spec.layerInputSize(l);
        p.hidden = spec.hiddenSize();
        p.reverse = d == 1;
        p.lengths = lens;
        p.params = parameters.data();
        p.grads = gradients.data();
        p.weights = layout.block(l, d);
        p.x = x;
        p.xOff = xOff;
        p.dy = null;
        p.dhN = null;
        p.dcN = null;
        p.dx = null;
        p.dh0 = null;
        p.dc0 = null;
        return p;
    }

    // --------------------------------------------------------------- backward

    @Override
    public BackwardResult backward(Tape tapeArg, Tensor gradOutput, Tensor gradHn, Tensor gradCn) {
        if (!(tapeArg instanceof HostTape tape) || tape.owner != this) {
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
        final int DH = D * H;
        int[] stateShape = spec.stateShape(B);
        int[] outShape = tape.batchFirst ? new int[] {B, T, DH} : new int[] {T, B, DH};

        float[] dyTop = null;
        if (gradOutput != null) {
            HostTensor g = host(gradOutput, "grad_output").requireShapeHost("grad_output", outShape);
            gradTop = grow(gradTop, T * B * DH);
            if (tape.batchFirst) {
                Layouts.swapFirstTwo(g.data(), g.offset(), B, T, DH, gradTop, 0);
            } else {
                System.arraycopy(g.data(), g.offset(), gradTop, 0, T * B * DH);
            }
            dyTop = gradTop;
        }
        HostTensor dhN = gradHn == null ? null : host(gradHn, "grad_h_n").requireShapeHost("grad_h_n", stateShape);
        HostTensor dcN = checkC0(gradCn, stateShape, "grad_c_n");

        HostTensor dh0 = new HostTensor(backend, stateShape);
        HostTensor dc0 = spec.cell().hasCellState() ? new HostTensor(backend, stateShape) : null;
        for (int l = 0; l < L; l++) {
            gradIn[l] = grow(gradIn[l], T * B * spec.layerInputSize(l));
            Arrays.fill(gradIn[l], 0, T * B * spec.layerInputSize(l), 0f);
        }
        zeros = grow(zeros, B * H);

        float[] dy = dyTop;
        for (int l = L - 1; l >= 0; l--) {
            float[] x;
            int xOff;
            if (l == 0) {
                x = tape.input;
                xOff = tape.inputOff;
            } else if (tape.masks != null) {
                // Recompute the dropped-out input of this layer from the layer below and its mask.
                int n = T * B * DH;
                dropped = grow(dropped, n);
                float[] below = tape.out[l - 1];
                float[] mask = tape.masks[l - 1];
                for (int i = 0; i < n; i++) {
                    dropped[i] = below[i] * mask[i];
                }
                x = dropped;
                xOff = 0;
            } else {
                x = tape.out[l - 1];
                xOff = 0;
            }
            for (int d = 0; d < D; d++) {
                int s = l * D + d;
                DirectionPass p = preparePass(l, d, T, B, tape.lengths, x, xOff);
                // h0 is needed again to form h_{t-1} at each sequence's first step.
                p.h0 = tape.h0 != null ? tape.h0 : zeros;
                p.h0Off = tape.h0 != null ? s * B * H : 0;
                p.c0 = tape.c0 != null ? tape.c0 : zeros;
                p.c0Off = tape.c0 != null ? s * B * H : 0;
                p.y = tape.out[l];
                p.yOff = d * H;
                p.ldY = DH;
                p.gates = tape.gates[l][d];
                p.cells = spec.cell() == CellType.LSTM ? tape.extra[l][d] : null;
                p.hn = spec.cell() == CellType.GRU ? tape.extra[l][d] : null;
                p.dy = dy;
                p.dhN = dhN != null ? dhN.data() : null;
                p.dhNOff = dhN != null ? dhN.offset() + s * B * H : 0;
                p.dcN = dcN != null ? dcN.data() : null;
                p.dcNOff = dcN != null ? dcN.offset() + s * B * H : 0;
                p.dx = gradIn[l];
                p.dxOff = 0;
                p.dh0 = dh0.data();
                p.dh0Off = s * B * H;
                p.dc0 = dc0 != null ? dc0.data() : null;
                p.dc0Off = s * B * H;
                kernels.backward(p);
            }
            if (l > 0) {
                // Gradient with respect to layer l-1's output: through the dropout mask, if any.
                float[] g = gradIn[l];
                if (tape.masks != null) {
                    float[] mask = tape.masks[l - 1];
                    for (int i = 0, n = T * B * DH; i < n; i++) {
                        g[i] *= mask[i];
                    }
                }
                dy = g;
            }
        }
        tape.used = true;
        int I = spec.inputSize();
        HostTensor dInput = new HostTensor(backend, tape.batchFirst ? new int[] {B, T, I} : new int[] {T, B, I});
        if (tape.batchFirst) {
            Layouts.swapFirstTwo(gradIn[0], 0, T, B, I, dInput.data(), 0);
        } else {
            System.arraycopy(gradIn[0], 0, dInput.data(), 0, T * B * I);
        }
        return new BackwardResult(dInput, dh0, dc0);
    }

    // -------------------------------------------------------------- streaming

    @Override
    public RnnState newState(int batch) {
        int[] shape = {spec.layers(), batch, spec.hiddenSize()};
        return new RnnState(new HostTensor(backend, shape),
                spec.cell().hasCellState() ? new HostTensor(backend, shape) : null);
    }

    @Override
    public void step(Tensor x, RnnState state, Tensor out) {
        if (spec.bidirectional()) {
            throw new IllegalStateException("step needs a unidirectional network: the reverse direction of a "
                    + "bidirectional one needs the whole sequence");
        }
        HostTensor xt = host(x, "x");
        if (xt.rank() != 2 || xt.dim(1) != spec.inputSize()) {
            throw new IllegalArgumentException("x has shape " + Arrays.toString(xt.shape()) + " but [B, "
                    + spec.inputSize() + "] was expected");
        }
        int B = xt.dim(0);
        int H = spec.hiddenSize();
        HostTensor h = host(state.h(), "state.h").requireShapeHost("state.h", spec.layers(), B, H);
        HostTensor c = null;
        if (spec.cell().hasCellState()) {
            if (state.c() == null) {
                throw new IllegalArgumentException("an LSTM state needs c [" + spec.layers() + ", " + B + ", " + H + "]");
            }
            c = host(state.c(), "state.c").requireShapeHost("state.c", spec.layers(), B, H);
        }
        HostTensor o = host(out, "out").requireShapeHost("out", B, H);
        float[] in = xt.data();
        int inOff = xt.offset();
        for (int l = 0; l < spec.layers(); l++) {
            DirectionPass p = preparePass(l, 0, 1, B, null, in, inOff);
            int off = l * B * H;
            kernels.step(p, in, inOff, B, h.data(), h.offset() + off, c != null ? c.data() : null,
                    c != null ? c.offset() + off : 0);
            in = h.data();
            inOff = h.offset() + off;
        }
        System.arraycopy(in, inOff, o.data(), o.offset(), B * H);
    }

    @Override
    public void close() {
        spareTape = null;
    }

    // ---------------------------------------------------------------- helpers

    private HostTape takeTape(int T, int B) {
        HostTape t = spareTape;
        if (t != null && t.steps == T && t.batch == B) {
            spareTape = null;
            t.closed = false;
            t.used = false;
            return t;
        }
        return new HostTape(this, spec, T, B);
    }

    void recycle(HostTape t) {
        spareTape = t;
    }

    private HostTensor host(Tensor t, String what) {
        HostTensor h = HostTensor.of(t, what);
        if (h.backend() != backend) {
            throw new IllegalArgumentException(what + " belongs to backend '" + h.backend().name()
                    + "', not to this network's backend '" + backend.name() + "'");
        }
        return h;
    }

    private HostTensor checkC0(Tensor c, int[] shape, String what) {
        if (c == null) {
            return null;
        }
        if (!spec.cell().hasCellState()) {
            throw new IllegalArgumentException(what + " was given but a " + spec.cell().id() + " has no cell state");
        }
        return host(c, what).requireShapeHost(what, shape);
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

    static float[] grow(float[] a, int n) {
        return a.length >= n ? a : new float[n];
    }
}
