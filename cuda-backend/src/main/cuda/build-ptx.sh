#!/usr/bin/env bash
# Compiles every src/main/cuda/*.cu to PTX under src/main/resources/org/jrnn/cuda/ptx/, which is committed: a
# build without nvcc uses those files. A PTX file's first line records the SHA-256 of the .cu it came from; an
# up-to-date file is left alone, so rebuilding with the same sources changes nothing (CudaPtxTest checks the hash).
#
#   cuda-backend/src/main/cuda/build-ptx.sh          regenerate what is stale (run by the Maven profile "ptx")
#   NVCC=/path/to/nvcc build-ptx.sh                   another nvcc (default: nvcc on the PATH, else /usr/local/bin/nvcc)
#
# -arch=compute_75: the oldest virtual architecture nvcc 13 accepts (Turing); the driver JITs it for newer GPUs.
# The PTX ISA version follows the toolkit (nvcc 13.0 writes .version 9.0), which needs a CUDA 13 driver (R580+).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/org/jrnn/cuda/ptx"
nvcc="${NVCC:-$(command -v nvcc || echo /usr/local/bin/nvcc)}"
arch=compute_75
mkdir -p "$out"
for cu in "$here"/*.cu; do
    name="$(basename "$cu" .cu)"
    hash="$(sha256sum "$cu" | cut -d' ' -f1)"
    ptx="$out/$name.ptx"
    if [[ -f "$ptx" ]] && [[ "$(head -n 1 "$ptx")" == "// jrnn-source-sha256: $hash" ]]; then
        continue
    fi
    tmp="$(mktemp)"
    "$nvcc" -ptx -arch="$arch" -o "$tmp" "$cu"
    { echo "// jrnn-source-sha256: $hash"
      echo "// from src/main/cuda/$name.cu by build-ptx.sh: nvcc -ptx -arch=$arch"
      cat "$tmp"; } > "$ptx"
    rm -f "$tmp"
    echo "build-ptx: wrote $name.ptx"
done
