package org.jrnn.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jrnn.CellType;
import org.jrnn.ParameterLayout;
import org.jrnn.RnnSpec;
import org.jrnn.testing.Fixtures;
import org.jrnn.testing.Fixtures.Case;
import org.jrnn.testing.Fixtures.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * BPTT of the reference backend against central finite differences of the loss
 * {@code sum(output*g) + sum(h_n*gh) + sum(c_n*gc)}, for every parameter, input, h0 and c0 entry.
 *
 * <p>Each value is perturbed by ±{@value #EPS} (the float step actually taken is used); the loss is summed in
 * double. The reference keeps states in float32, so the difference quotient carries ~1e-4 of rounding noise: the
 * check passes when |numeric - analytic| &lt;= {@value #ATOL} + {@value #RTOL}*|analytic|. Structural bugs (a wrong
 * gate, index or step) give errors of order 1.
 *
 * <p>ReLU is not differentiable at 0: when a perturbation moves a pre-activation across 0 the central difference
 * mixes two slopes. For RNN_RELU an entry also passes when the analytic value matches one of the one-sided
 * differences (the slope on the side of the kink where the unperturbed point lies), which is still exact for the
 * piecewise-smooth loss and still catches structural errors.
 */
class GradientCheckTest {
    static final double EPS = 4e-3;
    static final double ATOL = 2e-3;
    static final double RTOL = 1e-2;

    private static ReferenceBackend backend;

    @BeforeAll
    static void open() {
        backend = new ReferenceBackend();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static Stream<Arguments> cases() {
        List<Arguments> list = new ArrayList<>();
        long seed = 11;
        for (CellType cell : CellType.values()) {
            for (boolean bias : new boolean[] {true, false}) {
                // One layer, full lengths.
                list.add(Arguments.of(cell + " 1 layer" + (bias ? "" : " no bias"),
                        Case.random(new RnnSpec(cell, 3, 4, 1, false, bias, 0f), 3, 2, null, seed++)));
                // Two bidirectional layers, ragged lengths (one of them zero), non-zero h0/c0.
                list.add(Arguments.of(cell + " 2 layers bidirectional ragged" + (bias ? "" : " no bias"),
                        Case.random(new RnnSpec(cell, 3, 4, 2, true, bias, 0f), 4, 4, new int[] {4, 2, 0, 3}, seed++)));
                // Three unidirectional layers, ragged.
                list.add(Arguments.of(cell + " 3 layers ragged" + (bias ? "" : " no bias"),
                        Case.random(new RnnSpec(cell, 2, 3, 3, false, bias, 0f), 5, 2, new int[] {3, 5}, seed++)));
            }
            // Dropout on (training, fixed seed: the same masks in every run), three bidirectional layers, ragged.
            list.add(Arguments.of(cell + " 3 layers bidirectional dropout 0.4",
                    Case.random(new RnnSpec(cell, 3, 4, 3, true, true, 0.4f), 4, 3, new int[] {4, 1, 3},
                            1000 + cell.ordinal())
                            .withOptions(org.jrnn.RunOptions.training(77))));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void analyticGradientsMatchFiniteDifferences(String name, Case c) {
        Run analytic = Fixtures.run(backend, c, true);
        check(name + " parameters", c.params(), analytic.gradParams(), c, Case::withParams);
        check(name + " input", c.input(), analytic.gradInput(), c, Case::withInput);
        check(name + " h0", c.h0(), analytic.gradH0(), c, Case::withH0);
        if (c.c0() != null) {
            check(name + " c0", c.c0(), analytic.gradC0(), c, Case::withC0);
        }
    }

    private void check(String what, float[] values, float[] analytic, Case c,
                       java.util.function.BiFunction<Case, float[], Case> with) {
        ParameterLayout layout = c.spec().parameterLayout();
        for (int i = 0; i < values.length; i++) {
            float[] plus = values.clone();
            float[] minus = values.clone();
            plus[i] = (float) (values[i] + EPS);
            minus[i] = (float) (values[i] - EPS);
            double step = (double) plus[i] - minus[i];
            double lp = c.loss(Fixtures.run(backend, with.apply(c, plus), false));
            double lm = c.loss(Fixtures.run(backend, with.apply(c, minus), false));
            double numeric = (lp - lm) / step;
            double err = Math.abs(numeric - analytic[i]);
            if (err > ATOL + RTOL * Math.abs(analytic[i]) && c.spec().cell() == org.jrnn.CellType.RNN_RELU) {
                double l0 = c.loss(Fixtures.run(backend, with.apply(c, values), false));
                double right = (lp - l0) / ((double) plus[i] - values[i]);
                double left = (l0 - lm) / ((double) values[i] - minus[i]);
                err = Math.min(Math.abs(right - analytic[i]), Math.abs(left - analytic[i]));
            }
            int index = i;
            Function<Integer, String> where = k -> what.endsWith("parameters") ? nameOf(layout, index) : "[" + index + "]";
            assertTrue(err <= ATOL + RTOL * Math.abs(analytic[i]),
                    () -> what + " " + where.apply(index) + ": analytic " + analytic[index] + " vs numeric " + numeric);
        }
    }

    private static String nameOf(ParameterLayout layout, int flat) {
        for (ParameterLayout.Entry e : layout.entries()) {
            if (flat >= e.offset() && flat < e.offset() + e.size()) {
                return e.name() + "[" + (flat - e.offset()) + "]";
            }
        }
        return "[" + flat + "]";
    }
}
