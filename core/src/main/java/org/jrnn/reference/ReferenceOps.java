package org.jrnn.reference;

import java.util.List;
import org.jrnn.backend.Activation;
import org.jrnn.backend.AdamParams;
import org.jrnn.backend.Reduction;
import org.jrnn.backend.SgdParams;
import org.jrnn.backend.TensorOps;
import org.jrnn.host.HostBackend;
import org.jrnn.tensor.Tensor;

/** Placeholder while the reference operations are written (replaced in the same change). */
public class ReferenceOps implements TensorOps {
    protected final HostBackend backend;

    public ReferenceOps(HostBackend backend) {
        this.backend = backend;
    }

    private static UnsupportedOperationException todo() {
        return new UnsupportedOperationException("not written yet");
    }

    @Override public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) { throw todo(); }
    @Override public void addBias(Tensor y, Tensor bias) { throw todo(); }
    @Override public void addColumnSums(Tensor x, Tensor out) { throw todo(); }
    @Override public void fill(Tensor x, float value) { throw todo(); }
    @Override public void scale(Tensor x, float alpha) { throw todo(); }
    @Override public void axpy(float alpha, Tensor x, Tensor y) { throw todo(); }
    @Override public void mul(Tensor a, Tensor b, Tensor out) { throw todo(); }
    @Override public void activation(Activation f, Tensor x, Tensor y) { throw todo(); }
    @Override public void activationBackward(Activation f, Tensor y, Tensor dy, Tensor dx) { throw todo(); }
    @Override public void sumOfSquares(List<Tensor> tensors, Tensor out) { throw todo(); }
    @Override public void clipCoefficient(Tensor sumOfSquares, float maxNorm, Tensor out) { throw todo(); }
    @Override public void scaleBy(Tensor x, Tensor scalar) { throw todo(); }
    @Override public void clamp(Tensor x, float min, float max) { throw todo(); }
    @Override public void gatherRows(Tensor table, Tensor ids, Tensor out) { throw todo(); }
    @Override public void scatterAddRows(Tensor dOut, Tensor ids, int paddingId, Tensor dTable) { throw todo(); }
    @Override public void readoutLast(Tensor seq, Tensor lengths, Tensor out) { throw todo(); }
    @Override public void readoutLastBackward(Tensor dOut, Tensor lengths, Tensor dSeq) { throw todo(); }
    @Override public void readoutMean(Tensor seq, Tensor lengths, Tensor out) { throw todo(); }
    @Override public void readoutMeanBackward(Tensor dOut, Tensor lengths, Tensor dSeq) { throw todo(); }
    @Override public void readoutMax(Tensor seq, Tensor lengths, Tensor out, Tensor argmax) { throw todo(); }
    @Override public void readoutMaxBackward(Tensor dOut, Tensor argmax, Tensor dSeq) { throw todo(); }
    @Override public void mseLoss(Tensor pred, Tensor target, Tensor mask, Reduction reduction, Tensor grad, Tensor loss) { throw todo(); }
    @Override public void bceWithLogitsLoss(Tensor logits, Tensor target, Tensor mask, Reduction reduction, Tensor grad, Tensor loss) { throw todo(); }
    @Override public void softmaxCrossEntropyLoss(Tensor logits, Tensor targets, Tensor classWeights, Tensor mask, Reduction reduction, Tensor grad, Tensor loss) { throw todo(); }
    @Override public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams h, boolean firstStep) { throw todo(); }
    @Override public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams h, long step) { throw todo(); }
    @Override public void dropoutMask(Tensor mask, float p, long seed, long stream) { throw todo(); }
    @Override public void swapFirstTwo(Tensor src, Tensor dst) { throw todo(); }
}
