package org.jrnn.host;

import org.jrnn.backend.Backend;
import org.jrnn.tensor.HostTensor;
import org.jrnn.tensor.Tensor;

/** Memory management shared by the heap backends: tensors are {@link HostTensor}s, copies are array copies. */
public abstract class HostBackend implements Backend {
    private final String name;

    protected HostBackend(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public Tensor allocate(int... shape) {
        return new HostTensor(this, shape);
    }

    @Override
    public void copyFromHost(float[] src, int srcOffset, Tensor dst) {
        HostTensor d = own(dst, "destination");
        System.arraycopy(src, srcOffset, d.data(), d.offset(), d.size());
    }

    @Override
    public void copyToHost(Tensor src, float[] dst, int dstOffset) {
        HostTensor s = own(src, "source");
        System.arraycopy(s.data(), s.offset(), dst, dstOffset, s.size());
    }

    private HostTensor own(Tensor t, String what) {
        HostTensor h = HostTensor.of(t, what);
        if (h.backend() != this) {
            throw new IllegalArgumentException(what + " tensor belongs to backend '" + h.backend().name()
                    + "', not '" + name + "'");
        }
        return h;
    }

    @Override
    public void close() {
        // nothing to release for heap memory
    }

    @Override
    public String toString() {
        return name;
    }
}
