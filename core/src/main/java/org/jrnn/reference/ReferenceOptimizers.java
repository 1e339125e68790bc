package org.jrnn.reference;

import org.jrnn.backend.OpShapes;

import org.jrnn.backend.AdamParams;
import org.jrnn.backend.SgdParams;
import org.jrnn.tensor.HostTensor;

/**
 * The reference optimizer steps, PyTorch 1.13's {@code torch.optim.SGD} and {@code Adam}/{@code AdamW}
 * (single-tensor implementation), one element at a time in double; the optimizer state (momentum buffer, first
 * and second moments) is stored back as float32 and that stored value is what the update uses, as in PyTorch. The
 * gradient tensor is only read.
 */
final class ReferenceOptimizers {
    private ReferenceOptimizers() {}

    /** param, grad, momentumBuffer (null when momentum is 0): equal sizes. */
    static void sgd(HostTensor param, HostTensor grad, HostTensor momentumBuffer, SgdParams h, boolean firstStep) {
        OpShapes.sameSize("grad", grad, "param", param);
        if (momentumBuffer != null) {
            OpShapes.sameSize("momentumBuffer", momentumBuffer, "param", param);
        }
        float[] P = param.data(), G = grad.data(), Buf = momentumBuffer == null ? null : momentumBuffer.data();
        double lr = h.lr(), wd = h.weightDecay(), mu = h.momentum(), dampening = h.dampening();
        for (int i = 0; i < param.size(); i++) {
            int pi = param.offset() + i;
            double d = G[grad.offset() + i] + wd * P[pi];
            if (Buf != null) {
                int bi = momentumBuffer.offset() + i;
                Buf[bi] = (float) (firstStep ? d : mu * Buf[bi] + (1 - dampening) * d);
                d = h.nesterov() ? d + mu * Buf[bi] : Buf[bi];
            }
            P[pi] = (float) (P[pi] - lr * d);
        }
    }

    /**
     * param, grad, expAvg (m), expAvgSq (v): equal sizes; step counts from 1. Update:
     * {@code p −= (lr / (1 − β1^step)) · m / (sqrt(v) / sqrt(1 − β2^step) + eps)}.
     */
    static void adam(HostTensor param, HostTensor grad, HostTensor expAvg, HostTensor expAvgSq, AdamParams h,
                     long step) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam step must count from 1; got " + step);
        }
        OpShapes.sameSize("grad", grad, "param", param);
        OpShapes.sameSize("expAvg", expAvg, "param", param);
        OpShapes.sameSize("expAvgSq", expAvgSq, "param", param);
        double lr = h.lr(), wd = h.weightDecay(), beta1 = h.beta1(), beta2 = h.beta2(), eps = h.eps();
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        double decay = h.decoupledWeightDecay() ? 1 - lr * wd : 1; // AdamW scales p before the update
        float[] P = param.data(), G = grad.data(), M = expAvg.data(), V = expAvgSq.data();
        for (int i = 0; i < param.size(); i++) {
            int pi = param.offset() + i, mi = expAvg.offset() + i, vi = expAvgSq.offset() + i;
            double p = P[pi];
            double g = G[grad.offset() + i];
            if (h.decoupledWeightDecay()) {
                p = (float) (p * decay);
            } else {
                g += wd * p; // Adam's L2 term, on a copy of the gradient
            }
            M[mi] = (float) (beta1 * M[mi] + (1 - beta1) * g);
            V[vi] = (float) (beta2 * V[vi] + (1 - beta2) * g * g);
            double denom = Math.sqrt(V[vi]) / biasCorrection2Sqrt + eps;
            P[pi] = (float) (p - stepSize * M[mi] / denom);
        }
    }
}
