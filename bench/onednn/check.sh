#!/usr/bin/env bash
# Checks the oneDNN peer against jrnn's reference backend on a small case (T=5, B=3, I=4, H=6) for each cell:
# bench_onednn writes weights and inputs, `rnn backward --backend reference` computes the forward results and
# gradients, bench_onednn runs oneDNN on the same inputs and prints the largest absolute difference per tensor.
#
#   bench/onednn/check.sh [DIR]          # default DIR: bench/onednn/build/check; extra: BENCH_ONEDNN_CHECK_ARGS
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
exe="$here/build/bench_onednn"
dir="${1:-$here/build/check}"
[[ -x "$exe" ]] || "$here/build.sh"
mkdir -p "$dir"
"$exe" --write-case "$dir" >/dev/null
for cell in rnn_tanh lstm gru; do
    for case in state zero; do
        "$root/rnn" backward --quiet --backend reference --cell "$cell" --weights "$dir/$cell-weights.safetensors" \
            --input "$dir/$cell-$case-input.safetensors" --out "$dir/$cell-$case-reference.safetensors" >/dev/null
    done
done
# shellcheck disable=SC2086
"$exe" --check "$dir" ${BENCH_ONEDNN_CHECK_ARGS:-}
