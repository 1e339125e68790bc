package org.jrnn.bench.jmh;

import org.jrnn.CellType;
import org.jrnn.Rnn;
import org.jrnn.RnnSpec;
import org.jrnn.backend.Backend;
import org.jrnn.backend.Backends;
import org.jrnn.bench.shapes.SeqShape;

/**
 * A backend and a one-layer network on it with parameters drawn from a fixed seed in PyTorch's init range
 * U(-1/sqrt(H), 1/sqrt(H)). An unavailable backend fails here with its probe's reason.
 */
public final class RnnFixture implements AutoCloseable {
    public static final long PARAM_SEED = 42L;
    public static final long INPUT_SEED = 7L;
    public static final long GRAD_SEED = 11L;

    public final Backend backend;
    public final Rnn rnn;
    public final SeqShape shape;

    private RnnFixture(Backend backend, Rnn rnn, SeqShape shape) {
        this.backend = backend;
        this.rnn = rnn;
        this.shape = shape;
    }

    public static RnnFixture open(String backendName, CellType cell, SeqShape shape) {
        // select + create instead of Backends.create, which logs its choice: every fork would print it.
        Backend backend = Backends.select(backendName).chosen().provider().create();
        try {
            Rnn rnn = backend.createRnn(RnnSpec.of(cell, shape.input(), shape.hidden()));
            int size = rnn.parameters().size();
            backend.copyFromHost(SeededData.uniform(PARAM_SEED, size, 1.0 / Math.sqrt(shape.hidden())), 0,
                    rnn.parameters());
            return new RnnFixture(backend, rnn, shape);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public void close() {
        rnn.close();
        backend.close();
    }
}
