package org.jrnn.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jrnn.backend.Backend;
import org.jrnn.backend.TensorOps;
import org.jrnn.tensor.ElementType;
import org.jrnn.tensor.Shapes;
import org.jrnn.tensor.Tensor;

/**
 * The same tensors on two backends — the one under test ("actual") and the oracle ("expected") — so that one call
 * can run on both and every tensor can be compared afterwards. Each tensor is a view at a small, non-zero-or-zero
 * offset (cycling 1, 0, 2) into a root with {@value #TAIL} guard elements after it; guards hold {@value #GUARD}, and
 * comparing the whole root also proves that nothing was written outside the view. {@link #close} closes every root.
 */
public final class OpsPair implements AutoCloseable {
    public static final float GUARD = 777f;
    static final int TAIL = 2;
    private static final int[] OFFSETS = {1, 0, 2};

    public enum Side { ACTUAL, EXPECTED }

    /** One operation call, made once per side with that side's ops and tensors. */
    @FunctionalInterface
    public interface Call {
        void run(TensorOps ops, Side side);
    }

    /** One tensor on both backends. */
    public final class Twin {
        private final String name;
        private final Tensor actualRoot, expectedRoot, actual, expected;

        private Twin(String name, Tensor actualRoot, Tensor expectedRoot, int offset, int[] shape) {
            this.name = name;
            this.actualRoot = actualRoot;
            this.expectedRoot = expectedRoot;
            this.actual = actualRoot.view(offset, shape);
            this.expected = expectedRoot.view(offset, shape);
        }

        /** This tensor on the given side. */
        public Tensor on(Side side) {
            return side == Side.ACTUAL ? actual : expected;
        }

        public String name() {
            return name;
        }

        public float[] actualValues() {
            return actualBackend.toHost(actual);
        }

        public float[] expectedValues() {
            return expectedBackend.toHost(expected);
        }
    }

    private final Backend actualBackend, expectedBackend;
    private final Tolerance tolerance;
    private final SplittableRandom random;
    private final List<Twin> twins = new ArrayList<>();
    private int created;

    public OpsPair(Backend actual, Backend expected, Tolerance tolerance, long seed) {
        this.actualBackend = actual;
        this.expectedBackend = expected;
        this.tolerance = tolerance;
        this.random = new SplittableRandom(seed);
    }

    /** A float32 tensor holding {@code values} on both sides. */
    public Twin floats(String name, float[] values, int... shape) {
        int n = Shapes.size(shape);
        assertEquals(n, values.length, name + ": values do not fill the shape");
        int offset = OFFSETS[created++ % OFFSETS.length];
        float[] host = new float[offset + n + TAIL];
        Arrays.fill(host, GUARD);
        System.arraycopy(values, 0, host, offset, n);
        return add(new Twin(name, actualBackend.fromHost(host, host.length),
                expectedBackend.fromHost(host, host.length), offset, shape));
    }

    /** An int32 tensor holding {@code values} on both sides. */
    public Twin ints(String name, int[] values, int... shape) {
        int n = Shapes.size(shape);
        assertEquals(n, values.length, name + ": values do not fill the shape");
        int offset = OFFSETS[created++ % OFFSETS.length];
        int[] host = new int[offset + n + TAIL];
        Arrays.fill(host, (int) GUARD);
        System.arraycopy(values, 0, host, offset, n);
        return add(new Twin(name, actualBackend.fromHost(host, host.length),
                expectedBackend.fromHost(host, host.length), offset, shape));
    }

    /** A float32 tensor with every element {@code value} (NaN: garbage that an overwriting output must ignore). */
    public Twin filled(String name, float value, int... shape) {
        float[] v = new float[Shapes.size(shape)];
        Arrays.fill(v, value);
        return floats(name, v, shape);
    }

    /** A float32 tensor of uniform values in [-scale, scale). */
    public Twin uniform(String name, float scale, int... shape) {
        return floats(name, uniform(Shapes.size(shape), scale), shape);
    }

    public float[] uniform(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private Twin add(Twin t) {
        twins.add(t);
        return t;
    }

    /** Runs the call on the backend under test, then on the oracle. */
    public void both(Call call) {
        call.run(actualBackend.ops(), Side.ACTUAL);
        call.run(expectedBackend.ops(), Side.EXPECTED);
    }

    /** Overwrites a float32 twin's view with {@code values} on both sides (a new gradient each step). */
    public void set(Twin t, float[] values) {
        actualBackend.copyFromHost(values, 0, t.actual);
        expectedBackend.copyFromHost(values, 0, t.expected);
    }

    /** Compares the given twins' whole roots (view and guards) with this pair's tolerance. */
    public void compare(Twin... ts) {
        compare(tolerance, ts);
    }

    public void compare(Tolerance tol, Twin... ts) {
        for (Twin t : ts) {
            if (t.actualRoot.elementType() == ElementType.INT32) {
                assertArrayEquals(expectedBackend.toHostInts(t.expectedRoot), actualBackend.toHostInts(t.actualRoot),
                        t.name + " (int32, with its guard elements)");
            } else {
                float[] a = actualBackend.toHost(t.actualRoot), e = expectedBackend.toHost(t.expectedRoot);
                matchNonFinite(t.name, a, e);
                tol.assertClose(t.name + " (with its guard elements)", a, e);
            }
        }
    }

    /** NaN must meet NaN and an infinity the same infinity; such pairs are then zeroed for the tolerance check. */
    private static void matchNonFinite(String name, float[] actual, float[] expected) {
        for (int i = 0; i < expected.length; i++) {
            if (!Float.isFinite(expected[i]) || !Float.isFinite(actual[i])) {
                boolean same = Float.isNaN(expected[i]) ? Float.isNaN(actual[i]) : actual[i] == expected[i];
                if (!same) {
                    throw new AssertionError(name + "[" + i + "] = " + actual[i] + " but " + expected[i]
                            + " was expected (root index, with guards)");
                }
                actual[i] = 0f;
                expected[i] = 0f;
            }
        }
    }

    /** Compares every twin made so far, inputs included (an input that an operation changed is caught too). */
    public void compareAll() {
        compare(twins.toArray(Twin[]::new));
    }

    /** Bit-for-bit equality of float32 twins. */
    public void compareExact(Twin... ts) {
        for (Twin t : ts) {
            float[] a = actualBackend.toHost(t.actualRoot), e = expectedBackend.toHost(t.expectedRoot);
            for (int i = 0; i < e.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(e[i])) {
                    throw new AssertionError(t.name + "[" + i + "] = " + a[i] + " but exactly " + e[i]
                            + " was expected (root index, with guards)");
                }
            }
        }
    }

    /**
     * The call fails on both sides with {@link IllegalArgumentException} whose message names {@code argument}.
     * Returns the message of the backend under test.
     */
    public String rejected(String argument, Call call) {
        String message = null;
        for (Side side : Side.values()) {
            TensorOps ops = side == Side.ACTUAL ? actualBackend.ops() : expectedBackend.ops();
            var e = assertThrows(IllegalArgumentException.class, () -> call.run(ops, side),
                    side + " backend accepted a call that must fail naming " + argument);
            assertTrue(e.getMessage() != null && e.getMessage().contains(argument),
                    side + ": message '" + e.getMessage() + "' does not name " + argument);
            if (side == Side.ACTUAL) {
                message = e.getMessage();
            }
        }
        return message;
    }

    @Override
    public void close() {
        for (Twin t : twins) {
            t.actualRoot.close();
            t.expectedRoot.close();
        }
        twins.clear();
    }
}
