#!/usr/bin/env bash
# Runs, on a GPU machine, everything of the cuda backend that needs a GPU, from the prebuilt bundle that
# scripts/gpu-bundle.sh makes (this script sits at the bundle's root). Builds nothing; needs no JDK and no network.
#
#   tar xzf jrnn-gpu.tgz && jrnn-gpu/gpu-check.sh RESULTS_DIR [--no-bench]
#
# Writes into RESULTS_DIR:
#   env.txt              nvidia-smi, the cuBLAS files found, the bundled java
#   backends.txt         `rnn backends`: what the cuda probe says here
#   demo.txt             `rnn demo --backend cuda`: a PyTorch-made LSTM, forward and backward, compared with PyTorch
#   tests.txt, junit/    the GPU parity tests (CudaContractTest, CudaOpsTest, CudaGoldenTest), many threads on one
#                        model and resource release (CudaConcurrentInferenceTest, CudaResourceReleaseTest) and the host tests,
#                        JUnit console output and XML reports
#   pytorch-cuda.csv, pytorch-cuda-tf32.csv     bench_torch.py --device cuda (cuDNN) on the target shapes
#                        (h512, h1024, batch1, step256; LSTM and GRU), TF32 off and on
#   bench/, bench-tf32/  the JMH report on the same shapes (cuda and cpu-simd; with TF32 cuda only), PyTorch as
#                        peer: report.md has the table, results.csv the numbers
#   summary.txt          the exit status of every step
# Steps go on after a failure; the exit status is non-zero if any step failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:?usage: gpu-check.sh RESULTS_DIR [--no-bench]}"
bench=1
[[ "${2:-}" == "--no-bench" ]] && bench=0
mkdir -p "$out"
out="$(cd "$out" && pwd)"
java="$here/jre/bin/java"
jvm=(--add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss4m)
lib="$here/lib"
status=0
step() { # step NAME COMMAND...: runs it, records its exit status
    local name="$1"; shift
    local start=$SECONDS
    "$@"
    local rc=$?
    echo "$name: exit $rc, $((SECONDS - start)) s" | tee -a "$out/summary.txt"
    (( rc == 0 )) || status=1
}

{
    echo "bundle commit: $(cat "$here/COMMIT" 2>/dev/null)"
    nvidia-smi || echo "nvidia-smi: not found"
    ls -l /usr/local/cuda*/lib*/libcublas.so* /usr/lib/x86_64-linux-gnu/libcublas.so* 2>&1
    python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)' 2>&1
    "$java" -version 2>&1
} > "$out/env.txt" 2>&1

step backends "$java" "${jvm[@]}" -jar "$lib/rnn.jar" backends > "$out/backends.txt" 2>&1
cat "$out/backends.txt"
# On a GPU machine the GPU tests must not be skipped: an unavailable cuda probe is a failure of this check.
step cuda-available grep -Eq '^ *\*? *cuda +priority +200 +available' "$out/backends.txt"
step demo "$java" "${jvm[@]}" -jar "$lib/rnn.jar" demo --backend cuda > "$out/demo.txt" 2>&1
tail -n 15 "$out/demo.txt"

step tests "$java" "${jvm[@]}" -jar "$lib/junit-platform-console-standalone.jar" execute --disable-banner --disable-ansi-colors \
    --class-path "$lib/rnn.jar:$lib/core-tests.jar:$lib/cuda-backend-tests.jar" \
    --select-class org.jrnn.cuda.CudaContractTest --select-class org.jrnn.cuda.CudaOpsTest \
    --select-class org.jrnn.cuda.CudaGoldenTest --select-class org.jrnn.cuda.CudaProbeTest \
    --select-class org.jrnn.cuda.CudaMemoryPoolTest --select-class org.jrnn.cuda.CudaLaunchAndGemmTest \
    --select-class org.jrnn.cuda.CudaConcurrentInferenceTest --select-class org.jrnn.cuda.CudaResourceReleaseTest \
    --details=tree --reports-dir "$out/junit" > "$out/tests.txt" 2>&1
tail -n 30 "$out/tests.txt"

if (( bench )); then
    # The issue's target shapes: B=64 T=100 I=H=512 (h512), B=32 T=50 I=H=1024 (h1024), batch 1 (batch1), the
    # single step at B=1 H=256 (step256); LSTM and GRU against cuDNN.
    shapes=h512,h1024,batch1,step256
    awk -F, -v OFS=, -v keep=",$shapes," 'NR == 1 { print; next } { $NF = index(keep, "," $2 ",") ? "true" : "false"; print }' \
        "$here/bench/shapes.csv" > "$out/shapes-gpu.csv"
    for tf32 in 0 1; do
        suffix=$([[ $tf32 == 1 ]] && echo -tf32)
        torch_flags=$([[ $tf32 == 1 ]] && echo --tf32)
        backends=$([[ $tf32 == 1 ]] && echo cuda || echo cuda,cpu-simd)
        step "pytorch$suffix" python3 "$here/bench/pytorch/bench_torch.py" --device cuda --quick $torch_flags \
            --cells lstm,gru --kinds forward,train,step --shapes-file "$out/shapes-gpu.csv" \
            --out "$out/pytorch-cuda$suffix.csv"
        RNN_CUDA_TF32=$tf32 step "jmh$suffix" "$java" "${jvm[@]}" -jar "$lib/benchmarks.jar" report --quick \
            --backends "$backends" --baseline cuda --cells lstm,gru --kinds forward,train,step --shapes "$shapes" \
            --peers "$out/pytorch-cuda$suffix.csv" --out "$out/bench$suffix"
    done
fi
echo "gpu-check: results in $out (summary.txt)"
exit $status
