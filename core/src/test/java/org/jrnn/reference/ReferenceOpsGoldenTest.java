package org.jrnn.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.jrnn.tensor.Tensor;
import org.jrnn.testing.Tolerance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays PyTorch 1.13's losses, optimizers and gradient clipping (golden/ops/, made by
 * tools/golden/make_ops_golden.py in float64) on the reference operations. The worst error of each case is
 * printed at the end; the values quoted next to the tolerances are those measured when the files were made.
 */
class ReferenceOpsGoldenTest {
    /**
     * Losses and their gradients: both sides compute in double and round once, so they agree to float32 rounding
     * (worst measured |error| 6.7e-16: every loss value identical, gradients within 1e-15).
     */
    static final Tolerance LOSS = new Tolerance(1e-7, 1e-6);
    /** Five optimizer steps with float32 state (worst measured 1.2e-7: one float32 ulp of |p| ~ 1). */
    static final Tolerance OPTIMIZER = new Tolerance(1e-6, 1e-6);
    /** Clipping: one factor applied to every gradient (worst measured 3.0e-8); clip_grad_value_ is exact. */
    static final Tolerance CLIP = new Tolerance(1e-7, 1e-6);

    private static ReferenceBackend backend;
    private static final Map<String, Double> WORST = new TreeMap<>();
    private final List<Tensor> allocated = new ArrayList<>();

    @BeforeAll
    static void open() {
        backend = new ReferenceBackend();
    }

    @AfterAll
    static void report() {
        WORST.forEach((k, v) -> System.out.printf("golden ops %-40s max |error| %.3g%n", k, v));
        backend.close();
    }

    @AfterEach
    void closeAll() {
        allocated.forEach(Tensor::close);
        allocated.clear();
        assertEquals(0, backend.memoryInUse().tensors(), "tensors leaked");
    }

    static List<String> names(String prefix) throws IOException {
        try (InputStream in = ReferenceOpsGoldenTest.class.getResourceAsStream("/golden/ops/INDEX")) {
            List<String> list = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith(prefix)) {
                    list.add(line.trim());
                }
            }
            return list;
        }
    }

    static List<String> optimizerCases() throws IOException {
        List<String> list = names("sgd");
        list.addAll(names("adam"));
        return list;
    }

    /** Copies the resource to a temporary file (it may sit inside a jar) and reads it. */
    private static SafeTensorsFile load(String name) throws IOException {
        try (InputStream in = ReferenceOpsGoldenTest.class.getResourceAsStream("/golden/ops/" + name)) {
            if (in == null) {
                throw new IllegalStateException("golden file ops/" + name + " is missing");
            }
            Path tmp = Files.createTempFile("golden-ops-", "-" + name);
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return SafeTensors.read(tmp);
        }
    }

    private Tensor tensor(float[] values, int... shape) {
        Tensor t = backend.fromHost(values, shape);
        allocated.add(t);
        return t;
    }

    private Tensor zeros(int... shape) {
        Tensor t = backend.allocate(shape);
        allocated.add(t);
        return t;
    }

    private static void check(Tolerance tol, String what, float[] actual, float[] expected) {
        WORST.merge(what, Tolerance.maxAbs(actual, expected), Math::max);
        tol.assertClose(what, actual, expected);
    }

    private static int[] shape(SafeTensorsFile f, String name) throws IOException {
        long[] s = f.shape(name);
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Math.toIntExact(s[i]);
        }
        return out;
    }

    private interface Loss {
        void run(TensorOps ops, Reduction r, Tensor grad, Tensor loss);
    }

    private void checkLoss(SafeTensorsFile f, String label, String suffix, int[] shape, Loss loss) throws IOException {
        for (Reduction r : Reduction.values()) {
            String red = r.name().toLowerCase();
            Tensor grad = zeros(shape), value = zeros(1);
            loss.run(backend.ops(), r, grad, value);
            check(LOSS, label + " " + suffix + red + " loss", backend.toHost(value), f.floats("loss_" + suffix + red));
            check(LOSS, label + " " + suffix + red + " grad", backend.toHost(grad), f.floats("grad_" + suffix + red));
        }
    }

    @Test
    void mseLoss() throws IOException {
        SafeTensorsFile f = load("loss_mse.safetensors");
        int[] s = shape(f, "pred");
        Tensor pred = tensor(f.floats("pred"), s), target = tensor(f.floats("target"), s);
        checkLoss(f, "MSELoss", "", s, (ops, r, g, l) -> ops.mseLoss(pred, target, null, r, g, l));
    }

    @Test
    void bceWithLogitsLoss() throws IOException {
        SafeTensorsFile f = load("loss_bce_with_logits.safetensors");
        int[] s = shape(f, "logits");
        Tensor logits = tensor(f.floats("logits"), s), target = tensor(f.floats("target"), s);
        checkLoss(f, "BCEWithLogitsLoss", "", s, (ops, r, g, l) -> ops.bceWithLogitsLoss(logits, target, null, r, g, l));
    }

    @Test
    void crossEntropyLoss() throws IOException {
        SafeTensorsFile f = load("loss_cross_entropy.safetensors");
        int[] s = shape(f, "logits");
        Tensor logits = tensor(f.floats("logits"), s), weight = tensor(f.floats("weight"), s[1]);
        long[] y = f.integers("targets");
        int[] ids = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            ids[i] = Math.toIntExact(y[i]);
        }
        Tensor targets = backend.fromHost(ids, ids.length);
        allocated.add(targets);
        checkLoss(f, "CrossEntropyLoss", "", s,
                (ops, r, g, l) -> ops.softmaxCrossEntropyLoss(logits, targets, null, null, r, g, l));
        checkLoss(f, "CrossEntropyLoss", "weighted_", s,
                (ops, r, g, l) -> ops.softmaxCrossEntropyLoss(logits, targets, weight, null, r, g, l));
    }

    @ParameterizedTest
    @MethodSource("optimizerCases")
    void optimizer(String name) throws IOException {
        SafeTensorsFile f = load(name);
        Map<String, String> m = f.metadata();
        float[] grads = f.floats("grads"), params = f.floats("params");
        int steps = shape(f, "grads")[0], n = shape(f, "grads")[1];
        Tensor param = tensor(f.floats("param0"), n), grad = zeros(n), state1 = zeros(n), state2 = zeros(n);
        boolean sgd = m.get("optimizer").equals("sgd");
        for (int step = 1; step <= steps; step++) {
            float[] g = Arrays.copyOfRange(grads, (step - 1) * n, step * n);
            backend.copyFromHost(g, 0, grad);
            if (sgd) {
                SgdParams h = new SgdParams(number(m, "lr"), number(m, "momentum"), number(m, "dampening"),
                        m.get("nesterov").equals("True"), number(m, "weight_decay"));
                backend.ops().sgdStep(param, grad, state1, h, step == 1);
            } else {
                AdamParams h = new AdamParams(number(m, "lr"), number(m, "beta1"), number(m, "beta2"),
                        number(m, "eps"), number(m, "weight_decay"), m.get("optimizer").equals("adamw"));
                backend.ops().adamStep(param, grad, state1, state2, h, step);
            }
            check(OPTIMIZER, name + " param", backend.toHost(param),
                    Arrays.copyOfRange(params, (step - 1) * n, step * n));
            assertEquals(Arrays.toString(g), Arrays.toString(backend.toHost(grad)),
                    "the step changed the gradient");
        }
    }

    private static float number(Map<String, String> m, String key) {
        return Float.parseFloat(m.get(key));
    }

    @Test
    void clipGradNormAndValue() throws IOException {
        SafeTensorsFile f = load("clip_grad.safetensors");
        Map<String, String> m = f.metadata();
        for (String label : new String[] {"below", "above"}) {
            List<Tensor> grads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                grads.add(tensor(f.floats("grad" + i), shape(f, "grad" + i)));
            }
            Tensor ss = zeros(1), coef = zeros(1);
            backend.ops().sumOfSquares(grads, ss);
            check(CLIP, "clip_grad_norm_ " + label + " total norm",
                    new float[] {(float) Math.sqrt(backend.readScalar(ss))}, f.floats("norm_" + label + "_total"));
            backend.ops().clipCoefficient(ss, number(m, "max_norm_" + label), coef);
            for (int i = 0; i < 3; i++) {
                backend.ops().scaleBy(grads.get(i), coef);
                check(CLIP, "clip_grad_norm_ " + label + " grad" + i, backend.toHost(grads.get(i)),
                        f.floats("norm_" + label + "_grad" + i));
            }
        }
        float clip = number(m, "clip_value");
        for (int i = 0; i < 3; i++) {
            Tensor g = tensor(f.floats("grad" + i), shape(f, "grad" + i));
            backend.ops().clamp(g, -clip, clip);
            check(new Tolerance(0, 0), "clip_grad_value_ grad" + i, backend.toHost(g), f.floats("value_grad" + i));
        }
    }
}
