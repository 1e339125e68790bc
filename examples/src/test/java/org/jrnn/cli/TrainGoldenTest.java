package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jrnn.io.SafeTensors;
import org.jrnn.io.SafeTensorsFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code rnn train} on the PyTorch training golden files (core/src/test/resources/golden/train, made by
 * tools/golden/make_train_golden.py): the data and PyTorch's initial weights go in through {@code --data} and
 * {@code --init}, the steps run with {@code --no-shuffle --steps K}, and the written weights must be PyTorch's after
 * step K, on every CPU backend. Cases the command has no flags for (a hidden dense layer, parameter groups,
 * truncated BPTT) are covered by the Trainer's golden contract in core and left out here, by name.
 */
class TrainGoldenTest {
    /** The Trainer golden contract's tolerance: 2e-6 + 1e-5·|x|. */
    static final double ATOL = 2e-6;
    static final double RTOL = 1e-5;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() throws IOException {
        Path folder = GoldenTest.GOLDEN.resolve("train");
        List<Arguments> list = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList()) {
                Map<String, String> m = SafeTensors.read(p).metadata();
                boolean supported = m.get("head_hidden_units").equals("0") && m.get("param_groups").equals("none")
                        && m.get("tbptt").equals("0");
                if (supported) {
                    for (String backend : List.of("reference", "cpu-simd")) {
                        list.add(Arguments.of(p.getFileName().toString(), backend, p));
                    }
                }
            }
        }
        if (list.size() < 20) {
            throw new IllegalStateException("expected at least 10 training golden files the command can run under "
                    + folder + ", found " + list.size() / 2);
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void trainCommandReachesPyTorchsWeights(String name, String backend, Path golden) throws IOException {
        SafeTensorsFile g = SafeTensors.read(golden);
        Map<String, String> m = g.metadata();
        Path data = dir.resolve("d.safetensors");
        Path init = dir.resolve("init.safetensors");
        Path out = dir.resolve("w.safetensors");
        Map<String, SafeTensors.Tensor> d = new LinkedHashMap<>();
        for (String t : List.of("input", "tokens", "lengths", "target")) {
            if (g.has(t)) {
                d.put(t, g.tensor(t));
            }
        }
        SafeTensors.write(data, d, null);
        Map<String, SafeTensors.Tensor> w0 = new LinkedHashMap<>();
        for (String t : g.names()) {
            if (t.startsWith("init.")) {
                w0.put(t.substring("init.".length()), g.tensor(t));
            }
        }
        SafeTensors.write(init, w0, null);
        int steps = Integer.parseInt(m.get("optimizer_steps"));

        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
                "--init", init.toString(), "--cell", m.get("cell"), "--hidden", m.get("hidden_size"), "--layers",
                m.get("num_layers"), "--readout", m.get("readout"), "--outputs", m.get("outputs"), "--loss",
                m.get("loss"), "--optimizer", m.get("optimizer"), "--lr", m.get("lr"), "--batch", m.get("batch_size"),
                "--steps", Integer.toString(steps), "--no-shuffle", "--backend", backend, "--quiet"));
        if (Boolean.parseBoolean(m.get("bidirectional"))) {
            args.add("--bidirectional");
        }
        if (!Boolean.parseBoolean(m.get("bias"))) {
            args.add("--no-bias");
        }
        if (!m.get("vocabulary").equals("0")) {
            args.addAll(List.of("--embedding", m.get("embedding_dim"), "--vocab", m.get("vocabulary")));
            if (!m.get("padding_idx").equals("-1")) {
                args.addAll(List.of("--padding-idx", m.get("padding_idx")));
            }
        }
        if (!m.get("class_weights").equals("none")) {
            args.addAll(List.of("--class-weights", m.get("class_weights")));
        }
        switch (m.get("optimizer")) {
            case "sgd" -> {
                args.addAll(List.of("--momentum", m.get("momentum"), "--dampening", m.get("dampening"),
                        "--weight-decay", m.get("weight_decay")));
                if (Boolean.parseBoolean(m.get("nesterov"))) {
                    args.add("--nesterov");
                }
            }
            default -> args.addAll(List.of("--betas", m.get("beta1") + "," + m.get("beta2"), "--eps", m.get("eps"),
                    "--weight-decay", m.get("weight_decay")));
        }
        if (!m.get("clip_norm").equals("none")) {
            args.addAll(List.of("--clip-norm", m.get("clip_norm")));
        }
        if (!m.get("clip_value").equals("none")) {
            args.addAll(List.of("--clip-value", m.get("clip_value")));
        }
        if (!m.get("frozen").equals("none")) {
            args.addAll(List.of("--freeze", m.get("frozen")));
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), () -> String.join(" ", args) + "\n" + r);

        SafeTensorsFile trained = SafeTensors.read(out);
        String last = "step" + (Integer.parseInt(m.get("steps")) - 1) + ".";
        int compared = 0;
        for (String t : g.names()) {
            if (!t.startsWith(last)) {
                continue;
            }
            String param = t.substring(last.length());
            float[] expected = g.floats(t);
            float[] actual = trained.floats(param);
            assertEquals(expected.length, actual.length, param);
            for (int i = 0; i < expected.length; i++) {
                double err = Math.abs((double) actual[i] - expected[i]);
                int at = i;
                assertTrue(err <= ATOL + RTOL * Math.abs(expected[i]), () -> name + " on " + backend + ": " + param
                        + "[" + at + "] = " + actual[at] + " but PyTorch has " + expected[at]);
            }
            compared++;
        }
        assertTrue(compared >= 4, name + ": compared " + compared + " parameters");
    }
}
