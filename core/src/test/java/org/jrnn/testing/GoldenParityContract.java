package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Locale;
import org.jrnn.backend.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backend's test suite extends this: forward and every gradient against PyTorch's golden files, with the
 * backend's stated tolerance. Prints one line per case with the largest absolute errors, which the closing notes
 * quote.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class GoldenParityContract {

    protected abstract Backend newBackend();

    /** Tolerance for forward results (output, h_n, c_n). */
    protected abstract Tolerance forwardTolerance();

    /** Tolerance for gradients (input, initial states, parameters). */
    protected abstract Tolerance gradientTolerance();

    private Backend backend;

    @BeforeAll
    void open() {
        backend = newBackend();
    }

    @AfterAll
    void close() {
        backend.close();
    }

    static List<GoldenCases.Golden> goldens() {
        List<GoldenCases.Golden> all = GoldenCases.all();
        assertFalse(all.isEmpty(), "no golden files");
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void matchesPyTorch(GoldenCases.Golden g) {
        Fixtures.Run got = Fixtures.run(backend, g.input(), true);
        Fixtures.Run want = g.expected();
        Tolerance f = forwardTolerance();
        Tolerance b = gradientTolerance();
        f.assertClose(g.name() + " output", got.output(), want.output());
        f.assertClose(g.name() + " h_n", got.hN(), want.hN());
        f.assertClose(g.name() + " c_n", got.cN(), want.cN());
        b.assertClose(g.name() + " grad_input", got.gradInput(), want.gradInput());
        b.assertClose(g.name() + " grad_h0", got.gradH0(), want.gradH0());
        b.assertClose(g.name() + " grad_c0", got.gradC0(), want.gradC0());
        b.assertClose(g.name() + " parameter gradients", got.gradParams(), want.gradParams());
        double fwd = Math.max(Tolerance.maxAbs(got.output(), want.output()), Tolerance.maxAbs(got.hN(), want.hN()));
        if (want.cN() != null) {
            fwd = Math.max(fwd, Tolerance.maxAbs(got.cN(), want.cN()));
        }
        double grad = Math.max(Tolerance.maxAbs(got.gradInput(), want.gradInput()),
                Math.max(Tolerance.maxAbs(got.gradH0(), want.gradH0()),
                        Tolerance.maxAbs(got.gradParams(), want.gradParams())));
        if (want.gradC0() != null) {
            grad = Math.max(grad, Tolerance.maxAbs(got.gradC0(), want.gradC0()));
        }
        System.out.printf(Locale.ROOT, "golden %-8s %-36s max|err| forward %.2e gradients %.2e%n",
                backend.name(), g.name(), fwd, grad);
    }
}
