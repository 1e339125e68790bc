package org.jrnn.train.optim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Backend;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.io.Finite;
import org.jrnn.io.Json;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.nn.ParameterSet;
import org.jrnn.nn.SequenceModel;
import org.jrnn.tensor.Tensor;

/**
 * Applies one optimizer step to every trainable parameter of a model through the backend's fused update kernels, with
 * PyTorch's semantics. State (momentum buffers, Adam's moments, per-parameter step counts) lives on the backend and
 * is created at a parameter's first step, as PyTorch does: a frozen parameter has none, and one unfrozen later starts
 * fresh. Learning rates are per group; a schedule sets them through {@link #setLearningRateFactor}.
 *
 * <p>Confined to one thread, the training thread of its model; its {@link #step} writes the model's parameters, so
 * no {@link org.jrnn.nn.Predictor} of that model may run meanwhile.
 */
public final class Optimizer implements AutoCloseable {
    private final SequenceModel model;
    private final OptimizerSpec spec;
    private final List<ParamGroup> groups;
    private final Backend backend;
    private final TensorOps ops;
    private final Map<String, State> states = new LinkedHashMap<>();
    private double factor = 1.0;

    /** One parameter's state. */
    private static final class State {
        final Tensor first;   // SGD momentum buffer, or Adam's exp_avg
        final Tensor second;  // Adam's exp_avg_sq, else null
        long steps;

        State(Tensor first, Tensor second) {
            this.first = first;
            this.second = second;
        }
    }

    public Optimizer(SequenceModel model, OptimizerSpec spec, List<ParamGroup> groups) {
        this.model = model;
        this.spec = spec;
        this.groups = List.copyOf(groups);
        this.backend = model.backend();
        this.ops = backend.ops();
    }

    public OptimizerSpec spec() {
        return spec;
    }

    /** Multiplies every group's base learning rate (what a schedule computes as lr / base lr). */
    public void setLearningRateFactor(double factor) {
        this.factor = factor;
    }

    /** The learning rate the default group uses now. */
    public double learningRate() {
        return spec.lr() * factor;
    }

    /** The group a parameter belongs to, or null for the default group. */
    private ParamGroup groupOf(ParameterSet.Entry e) {
        for (ParamGroup g : groups) {
            if (g.selects().test(e)) {
                return g;
            }
        }
        return null;
    }

    /** One step on every trainable parameter from its current gradient. */
    public void step() {
        ParameterSet p = model.parameters();
        for (ParameterSet.Entry e : model.trainable()) {
            ParamGroup g = groupOf(e);
            float lr = (float) ((g != null && !Float.isNaN(g.lr()) ? g.lr() : spec.lr()) * factor);
            float wd = g != null && !Float.isNaN(g.weightDecay()) ? g.weightDecay() : spec.weightDecay();
            State s = states.computeIfAbsent(e.name(), n -> newState(e));
            s.steps++;
            Tensor value = p.value(e.name());
            Tensor grad = p.grad(e.name());
            switch (spec.kind()) {
                case SGD -> ops.sgdStep(value, grad, s.first,
                        new SgdParams(lr, spec.momentum(), spec.dampening(), spec.nesterov(), wd), s.steps == 1);
                case ADAM, ADAMW -> ops.adamStep(value, grad, s.first, s.second, new AdamParams(lr, spec.beta1(),
                        spec.beta2(), spec.eps(), wd, spec.kind() == OptimizerSpec.Kind.ADAMW), s.steps);
            }
        }
    }

    private State newState(ParameterSet.Entry e) {
        return switch (spec.kind()) {
            case SGD -> new State(spec.momentum() != 0f ? backend.allocate(e.shape()) : null, null);
            case ADAM, ADAMW -> new State(backend.allocate(e.shape()), backend.allocate(e.shape()));
        };
    }

    // ------------------------------------------------------------ checkpoints

    /** State tensors for a checkpoint, named {@code optimizer.<parameter>.<exp_avg|exp_avg_sq|momentum_buffer>}. */
    public Map<String, SafeTensors.Tensor> stateTensors() {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, State> e : states.entrySet()) {
            State s = e.getValue();
            long[] shape = longs(model.parameters().entry(e.getKey()).shape());
            if (s.first != null) {
                m.put(prefix(e.getKey()) + firstName(), SafeTensors.Tensor.f32(backend.toHost(s.first), shape));
            }
            if (s.second != null) {
                m.put(prefix(e.getKey()) + "exp_avg_sq", SafeTensors.Tensor.f32(backend.toHost(s.second), shape));
            }
        }
        return m;
    }

    /** Step counts and the learning-rate factor as JSON, for a checkpoint's metadata. */
    public String stateJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", spec.kind().name());
        m.put("factor", Long.toHexString(Double.doubleToLongBits(factor)));
        Map<String, Object> steps = new LinkedHashMap<>();
        for (Map.Entry<String, State> e : states.entrySet()) {
            steps.put(e.getKey(), e.getValue().steps);
        }
        m.put("steps", steps);
        return Json.write(m);
    }

    /**
     * Restores what {@link #stateTensors} and {@link #stateJson} saved; errors name the file and the parameter or
     * tensor. Everything is read and checked before anything is allocated, so a bad file leaves this optimizer as
     * it was.
     */
    public void loadState(SafeTensorsFile file, String json) throws IOException {
        String where = "file " + file.path() + ": optimizer state";
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException(where + " is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + " is not a JSON object");
        }
        if (!spec.kind().name().equals(m.get("kind"))) {
            throw new IllegalArgumentException("file " + file.path() + " holds the state of a " + m.get("kind")
                    + " optimizer, not of " + spec.kind());
        }
        if (!(m.get("factor") instanceof String factorBits)) {
            throw new IllegalArgumentException(where + ": 'factor' must be a string of hex digits, got "
                    + m.get("factor"));
        }
        double newFactor;
        try {
            newFactor = Double.longBitsToDouble(Long.parseUnsignedLong(factorBits, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": 'factor' '" + factorBits + "' is not hex digits", e);
        }
        if (!(m.get("steps") instanceof Map<?, ?> steps)) {
            throw new IllegalArgumentException(where + ": 'steps' must be an object of step counts per parameter, got "
                    + m.get("steps"));
        }
        record Loaded(ParameterSet.Entry entry, long steps, float[] first, float[] second) {}
        List<Loaded> loaded = new ArrayList<>();
        for (Map.Entry<?, ?> e : steps.entrySet()) {
            String name = (String) e.getKey();
            if (!model.parameters().has(name)) {
                throw new IllegalArgumentException(where + " names parameter '" + name + "', which the model does"
                        + " not have");
            }
            if (!(e.getValue() instanceof Long count) || count < 0) {
                throw new IllegalArgumentException(where + ": the step count of '" + name
                        + "' must be a non-negative integer, got " + e.getValue());
            }
            ParameterSet.Entry entry = model.parameters().entry(name);
            long[] shape = longs(entry.shape());
            boolean hasFirst = spec.kind() != OptimizerSpec.Kind.SGD || spec.momentum() != 0f;
            boolean hasSecond = spec.kind() != OptimizerSpec.Kind.SGD;
            loaded.add(new Loaded(entry, count,
                    hasFirst ? finite(file, prefix(name) + firstName(), shape) : null,
                    hasSecond ? finite(file, prefix(name) + "exp_avg_sq", shape) : null));
        }
        factor = newFactor;
        close();
        for (Loaded l : loaded) {
            State s = newState(l.entry());
            s.steps = l.steps();
            if (s.first != null) {
                backend.copyFromHost(l.first(), 0, s.first);
            }
            if (s.second != null) {
                backend.copyFromHost(l.second(), 0, s.second);
            }
            states.put(l.entry().name(), s);
        }
    }

    private static float[] finite(SafeTensorsFile file, String name, long[] shape) throws IOException {
        return Finite.require(file, name, file.floats(name, shape));
    }

    private String firstName() {
        return spec.kind() == OptimizerSpec.Kind.SGD ? "momentum_buffer" : "exp_avg";
    }

    private static String prefix(String param) {
        return "optimizer." + param + ".";
    }

    private static long[] longs(int[] s) {
        long[] l = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            l[i] = s[i];
        }
        return l;
    }

    /** Parameters that have state, for tests and reports. */
    public List<String> parametersWithState() {
        return new ArrayList<>(states.keySet());
    }

    @Override
    public void close() {
        for (State s : states.values()) {
            if (s.first != null) {
                s.first.close();
            }
            if (s.second != null) {
                s.second.close();
            }
        }
        states.clear();
    }
}
