#!/usr/bin/env bash
# Builds the oneDNN peer, bench/onednn/build/bench_onednn, against Debian's libdnnl-dev (oneDNN 2.x, OpenMP).
#
#   apt-get install -y g++ libdnnl-dev
#   bench/onednn/build.sh                 # CXX, CXXFLAGS and DNNL_PREFIX (default /usr) override
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cxx="${CXX:-g++}"
prefix="${DNNL_PREFIX:-/usr}"
missing=()
command -v "$cxx" >/dev/null 2>&1 || missing+=("the C++ compiler '$cxx' (apt-get install g++)")
[[ -f "$prefix/include/oneapi/dnnl/dnnl.hpp" ]] || missing+=("$prefix/include/oneapi/dnnl/dnnl.hpp (apt-get install libdnnl-dev)")
if ((${#missing[@]})); then
    printf 'build.sh: cannot build the oneDNN peer, missing:\n' >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi
mkdir -p "$here/build"
# -fopenmp: Debian's libdnnl runs on OpenMP (DNNL_CPU_RUNTIME_OMP, libgomp); the SGD loop uses it too.
# shellcheck disable=SC2086
"$cxx" -O3 -march=native -std=c++17 -fopenmp -Wall -Wextra ${CXXFLAGS:-} -I"$prefix/include" \
    -o "$here/build/bench_onednn" "$here/bench_onednn.cpp" -L"$prefix/lib/x86_64-linux-gnu" -L"$prefix/lib" -ldnnl
echo "built $here/build/bench_onednn"
