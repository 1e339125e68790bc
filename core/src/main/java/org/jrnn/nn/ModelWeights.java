package org.jrnn.nn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jrnn.backend.Backend;
import org.jrnn.io.Finite;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;

/**
 * Models to and from safetensors files, under PyTorch's parameter names ({@code embedding.weight},
 * {@code rnn.weight_ih_l0} …, {@code head.weight}, {@code head.bias}), so a PyTorch {@code state_dict} of the
 * equivalent module loads here and a saved model loads in PyTorch. A saved model carries its {@link ModelSpec} as
 * JSON in the metadata under {@value #SPEC_KEY}, so it can be rebuilt from the file alone.
 */
public final class ModelWeights {
    public static final String SPEC_KEY = "jrnn.model_spec";

    private ModelWeights() {}

    /** Every parameter of the model as a host array, in order. */
    public static Map<String, float[]> stateDict(SequenceModel model) {
        Map<String, float[]> m = new LinkedHashMap<>();
        Backend b = model.backend();
        for (ParameterSet.Entry e : model.parameters().entries()) {
            m.put(e.name(), b.toHost(model.parameters().value(e.name())));
        }
        return m;
    }

    /** safetensors entries of every parameter, for a file. */
    public static Map<String, SafeTensors.Tensor> tensors(SequenceModel model) {
        Map<String, SafeTensors.Tensor> m = new LinkedHashMap<>();
        Map<String, float[]> values = stateDict(model);
        for (ParameterSet.Entry e : model.parameters().entries()) {
            m.put(e.name(), SafeTensors.Tensor.f32(values.get(e.name()), longs(e.shape())));
        }
        return m;
    }

    /** Writes the model (spec and parameters) atomically; {@code metadata} entries are added (may be null). */
    public static void save(SequenceModel model, Path file, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (metadata != null) {
            meta.putAll(metadata);
        }
        meta.put(SPEC_KEY, model.spec().toJson());
        SafeTensors.write(file, tensors(model), meta);
    }

    /** The spec a saved model file carries; an error naming the file when it has none. */
    public static ModelSpec specOf(SafeTensorsFile file) {
        String json = file.metadata().get(SPEC_KEY);
        if (json == null) {
            throw new IllegalArgumentException("file " + file.path() + " holds no model spec (" + SPEC_KEY
                    + " in its metadata): it was not saved as a jrnn model");
        }
        ModelSpec spec;
        try {
            spec = ModelSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file " + file.path() + ": " + e.getMessage(), e);
        }
        requireRoomFor(spec, file);
        return spec;
    }

    /**
     * Refuses a spec whose parameters could not fit in the file's tensors, before anything the size of the spec is
     * built: a corrupt or hostile size in the metadata must not allocate more than the file holds.
     */
    private static void requireRoomFor(ModelSpec spec, SafeTensorsFile file) {
        long held = 0;
        try {
            for (String name : file.names()) {
                long n = file.dtype(name).size();
                for (long d : file.shape(name)) {
                    n = Math.multiplyExact(n, d);
                }
                held = Math.addExact(held, n);
            }
        } catch (ArithmeticException | IOException e) {
            throw new IllegalStateException("a validated file's tensor sizes overflow", e); // the reader checked them
        }
        long needed = parameterCount(spec);
        if (needed > held / Float.BYTES) {
            throw new IllegalArgumentException("file " + file.path() + ": its model spec declares "
                    + (needed == Long.MAX_VALUE ? "more than 2^63" : Long.toString(needed)) + " float32 parameters"
                    + " but its tensors hold only " + held + " bytes (" + spec.toJson() + ")");
        }
    }

    /** The number of parameters of {@code spec}, or Long.MAX_VALUE when that overflows a long. */
    static long parameterCount(ModelSpec spec) {
        try {
            long n = 0;
            if (spec.embedding() != null) {
                n = Math.multiplyExact((long) spec.embedding().vocabulary(), spec.embedding().dimension());
            }
            org.jrnn.RnnSpec r = spec.rnn();
            long gh = Math.multiplyExact((long) r.cell().gates(), r.hiddenSize());
            long out = Math.multiplyExact((long) r.directions(), r.hiddenSize());
            long perDirection0 = Math.addExact(Math.multiplyExact(gh, (long) r.inputSize() + r.hiddenSize()),
                    r.bias() ? 2 * gh : 0);
            long perDirectionUpper = Math.addExact(Math.multiplyExact(gh, out + r.hiddenSize()), r.bias() ? 2 * gh : 0);
            n = Math.addExact(n, Math.multiplyExact(r.directions(), perDirection0));
            n = Math.addExact(n, Math.multiplyExact(Math.multiplyExact((long) r.directions(), r.layers() - 1L),
                    perDirectionUpper));
            long in = out;
            HeadSpec h = spec.head();
            if (h.hiddenUnits() > 0) {
                n = Math.addExact(n, Math.multiplyExact((long) h.hiddenUnits(), in + 1));
                in = h.hiddenUnits();
            }
            return Math.addExact(n, Math.multiplyExact((long) h.outputs(), in + 1));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Rebuilds a saved model on a backend. */
    public static SequenceModel read(Backend backend, Path path) throws IOException {
        SafeTensorsFile file = SafeTensors.read(path);
        SequenceModel model = SequenceModel.create(backend, specOf(file));
        try {
            load(model, file, Set.of());
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads every parameter of the model from the file. Missing or mis-shaped tensors are errors that name them; so
     * are tensors the model does not have, unless their name starts with one of {@code ignoredPrefixes} (e.g. a
     * checkpoint's {@code optimizer.}).
     */
    public static void load(SequenceModel model, SafeTensorsFile file, Set<String> ignoredPrefixes)
            throws IOException {
        List<String> unexpected = new ArrayList<>();
        for (String n : file.names()) {
            if (!model.parameters().has(n) && ignoredPrefixes.stream().noneMatch(n::startsWith)) {
                unexpected.add(n);
            }
        }
        List<String> missing = new ArrayList<>();
        for (ParameterSet.Entry e : model.parameters().entries()) {
            if (!file.has(e.name())) {
                missing.add(e.name());
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IllegalArgumentException("file " + file.path() + " does not match the model"
                    + (missing.isEmpty() ? "" : "; missing: " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected: " + unexpected));
        }
        loadEntries(model, file, model.parameters().entries(), "");
    }

    /**
     * Loads only the given modules' parameters (fine-tuning: a trained recurrent stack under a new head). The file's
     * names may carry the module prefix ({@code rnn.weight_ih_l0}) or, for the recurrent stack, be those of a bare
     * PyTorch {@code nn.LSTM}/{@code nn.GRU}/{@code nn.RNN} ({@code weight_ih_l0}). Other tensors in the file are
     * ignored; a missing or mis-shaped one of the requested modules is an error.
     */
    public static void loadModules(SequenceModel model, SafeTensorsFile file, Set<String> modules)
            throws IOException {
        for (String module : modules) {
            List<ParameterSet.Entry> entries = model.parameters().entries().stream()
                    .filter(e -> e.module().equals(module)).toList();
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("the model has no module '" + module + "' to load");
            }
            boolean bare = module.equals("rnn") && !file.has(entries.get(0).name())
                    && file.has(entries.get(0).name().substring("rnn.".length()));
            List<String> missing = new ArrayList<>();
            for (ParameterSet.Entry e : entries) {
                String name = bare ? e.name().substring("rnn.".length()) : e.name();
                if (!file.has(name)) {
                    missing.add(name);
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("file " + file.path() + " lacks " + missing + " of module '"
                        + module + "'");
            }
            loadEntries(model, file, entries, bare ? "rnn." : "");
        }
    }

    private static void loadEntries(SequenceModel model, SafeTensorsFile file, List<ParameterSet.Entry> entries,
                                    String strippedPrefix) throws IOException {
        Backend b = model.backend();
        for (ParameterSet.Entry e : entries) {
            String name = e.name().substring(strippedPrefix.length());
            long[] shape = file.shape(name);
            if (!Arrays.equals(shape, longs(e.shape()))) {
                throw new IllegalArgumentException("file " + file.path() + ": tensor '" + name + "' has shape "
                        + Arrays.toString(shape) + " but the model's " + e.name() + " is "
                        + Arrays.toString(e.shape()));
            }
            b.copyFromHost(Finite.require(file, name, file.floats(name)), 0, model.parameters().value(e.name()));
        }
    }

    static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }
}
