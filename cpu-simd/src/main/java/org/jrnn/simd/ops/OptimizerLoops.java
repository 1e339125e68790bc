package org.jrnn.simd.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused optimizer updates over the element range [from, to) of flat float arrays: one pass reads param, grad
 * and the optimizer state once and writes param and the state once. Each loop is its own small method (C2 keeps
 * the Vector API intrinsified reliably only in small methods). The scalar tail does the same operations in the same
 * order as a vector lane (fma for fma), so an element's result does not depend on where a range starts or ends,
 * hence not on the thread split.
 */
public final class OptimizerLoops {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private OptimizerLoops() {}

    /**
     * The constants of one Adam/AdamW step, computed in double as PyTorch's Python code does and rounded to float
     * once. {@code l2} is Adam's weight decay added to the gradient (0: none); {@code decay} is AdamW's factor
     * {@code 1 − lr·wd} (1: none); at most one of them is active.
     */
    public record Adam(boolean l2Active, float l2, float decay, float beta1, float oneMinusBeta1, float beta2,
                       float oneMinusBeta2, float stepSize, float bc2Sqrt, float eps) {}

    /** SGD constants; {@code decayActive} false means the gradient is used as is (PyTorch skips the add). */
    public record Sgd(float lr, boolean decayActive, float weightDecay, float momentum, float oneMinusDampening,
                      boolean nesterov) {}

    /** Adam (L2 decay in the gradient, or none): p, g, m, v at offsets pOff, gOff, mOff, vOff; elements [from, to). */
    public static void adam(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            int from, int to, Adam c) {
        if (c.l2Active()) {
            adamL2(p, pOff, g, gOff, m, mOff, v, vOff, from, to, c);
        } else {
            adamDecoupled(p, pOff, g, gOff, m, mOff, v, vOff, from, to, c);
        }
    }

    /** {@code g += wd·p}, then the moments and the update. */
    private static void adamL2(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                               int from, int to, Adam c) {
        final float wd = c.l2(), b1 = c.beta1(), ob1 = c.oneMinusBeta1(), b2 = c.beta2(), ob2 = c.oneMinusBeta2();
        final float negStep = -c.stepSize(), bc2 = c.bc2Sqrt(), eps = c.eps();
        final FloatVector wdV = FloatVector.broadcast(S, wd), b1V = FloatVector.broadcast(S, b1);
        final FloatVector b2V = FloatVector.broadcast(S, b2), negStepV = FloatVector.broadcast(S, negStep);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector gv = pv.fma(wdV, FloatVector.fromArray(S, g, gOff + i));
            FloatVector mv = FloatVector.fromArray(S, m, mOff + i).fma(b1V, gv.mul(ob1));
            FloatVector vv = FloatVector.fromArray(S, v, vOff + i).fma(b2V, gv.mul(gv).mul(ob2));
            FloatVector denom = vv.sqrt().div(bc2).add(eps);
            mv.intoArray(m, mOff + i);
            vv.intoArray(v, vOff + i);
            mv.div(denom).fma(negStepV, pv).intoArray(p, pOff + i);
        }
        for (; i < to; i++) {
            float pi = p[pOff + i];
            float gi = Math.fma(pi, wd, g[gOff + i]);
            float mi = Math.fma(m[mOff + i], b1, gi * ob1);
            float vi = Math.fma(v[vOff + i], b2, gi * gi * ob2);
            float denom = (float) Math.sqrt(vi) / bc2 + eps;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            p[pOff + i] = Math.fma(mi / denom, negStep, pi);
        }
    }

    /** {@code p *= decay} (AdamW; 1 for plain Adam, which leaves p exactly as it is), then the update. */
    private static void adamDecoupled(float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v,
                                      int vOff, int from, int to, Adam c) {
        final float decay = c.decay(), b1 = c.beta1(), ob1 = c.oneMinusBeta1(), b2 = c.beta2();
        final float ob2 = c.oneMinusBeta2(), negStep = -c.stepSize(), bc2 = c.bc2Sqrt(), eps = c.eps();
        final FloatVector b1V = FloatVector.broadcast(S, b1), b2V = FloatVector.broadcast(S, b2);
        final FloatVector negStepV = FloatVector.broadcast(S, negStep);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i).mul(decay);
            FloatVector gv = FloatVector.fromArray(S, g, gOff + i);
            FloatVector mv = FloatVector.fromArray(S, m, mOff + i).fma(b1V, gv.mul(ob1));
            FloatVector vv = FloatVector.fromArray(S, v, vOff + i).fma(b2V, gv.mul(gv).mul(ob2));
            FloatVector denom = vv.sqrt().div(bc2).add(eps);
            mv.intoArray(m, mOff + i);
            vv.intoArray(v, vOff + i);
            mv.div(denom).fma(negStepV, pv).intoArray(p, pOff + i);
        }
        for (; i < to; i++) {
            float pi = p[pOff + i] * decay;
            float gi = g[gOff + i];
            float mi = Math.fma(m[mOff + i], b1, gi * ob1);
            float vi = Math.fma(v[vOff + i], b2, gi * gi * ob2);
            float denom = (float) Math.sqrt(vi) / bc2 + eps;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            p[pOff + i] = Math.fma(mi / denom, negStep, pi);
        }
    }

    /** SGD without momentum: {@code p −= lr·(g + wd·p)}. */
    public static void sgd(float[] p, int pOff, float[] g, int gOff, int from, int to, Sgd c) {
        final float negLr = -c.lr(), wd = c.weightDecay();
        final boolean decay = c.decayActive();
        final FloatVector negLrV = FloatVector.broadcast(S, negLr), wdV = FloatVector.broadcast(S, wd);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i);
            if (decay) {
                d = pv.fma(wdV, d);
            }
            d.fma(negLrV, pv).intoArray(p, pOff + i);
        }
        for (; i < to; i++) {
            float pi = p[pOff + i];
            float d = decay ? Math.fma(pi, wd, g[gOff + i]) : g[gOff + i];
            p[pOff + i] = Math.fma(d, negLr, pi);
        }
    }

    /**
     * SGD with a momentum buffer b: {@code buf = d} on the first step, else {@code buf = momentum·buf + (1 −
     * dampening)·d}; then {@code d + momentum·buf} (Nesterov) or {@code buf} is the step direction.
     */
    public static void sgdMomentum(float[] p, int pOff, float[] g, int gOff, float[] b, int bOff, int from, int to,
                                   Sgd c, boolean first) {
        final float negLr = -c.lr(), wd = c.weightDecay(), mom = c.momentum(), omd = c.oneMinusDampening();
        final boolean decay = c.decayActive(), nesterov = c.nesterov();
        final FloatVector negLrV = FloatVector.broadcast(S, negLr), wdV = FloatVector.broadcast(S, wd);
        final FloatVector momV = FloatVector.broadcast(S, mom);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector pv = FloatVector.fromArray(S, p, pOff + i);
            FloatVector d = FloatVector.fromArray(S, g, gOff + i);
            if (decay) {
                d = pv.fma(wdV, d);
            }
            FloatVector buf = first ? d : FloatVector.fromArray(S, b, bOff + i).fma(momV, d.mul(omd));
            buf.intoArray(b, bOff + i);
            FloatVector dir = nesterov ? buf.fma(momV, d) : buf;
            dir.fma(negLrV, pv).intoArray(p, pOff + i);
        }
        for (; i < to; i++) {
            float pi = p[pOff + i];
            float d = decay ? Math.fma(pi, wd, g[gOff + i]) : g[gOff + i];
            float buf = first ? d : Math.fma(b[bOff + i], mom, d * omd);
            b[bOff + i] = buf;
            float dir = nesterov ? Math.fma(buf, mom, d) : buf;
            p[pOff + i] = Math.fma(dir, negLr, pi);
        }
    }
}
