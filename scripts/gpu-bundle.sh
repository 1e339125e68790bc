#!/usr/bin/env bash
# Builds, on a machine with JDK 25 and Maven (no GPU needed), the one archive that cuda-backend/gpu-check.sh runs
# on a GPU machine that may have no JDK and no network:
#
#   jrnn-gpu/
#     gpu-check.sh                 cuda-backend/gpu-check.sh
#     jre/                         jlink of java.base, java.logging, java.management, jdk.management (cpu-simd's
#                                  FMA check), jdk.unsupported, jdk.incubator.vector, java.desktop (the report's
#                                  charts); uncompressed modules, since gzip of the whole archive does better
#     lib/rnn.jar                  the shaded CLI (core, cpu-simd, cuda-backend, JCuda + its linux-x86_64 natives)
#     lib/benchmarks.jar           the shaded JMH benchmarks and report
#     lib/core-tests.jar           core's test-jar: the contracts (BackendContract, OpsContract, ...) and golden files
#     lib/cuda-backend-tests.jar   cuda-backend's test classes (CudaContractTest, CudaOpsTest, CudaGoldenTest, ...)
#     lib/junit-platform-console-standalone.jar   the JUnit launcher (from Maven Central through Maven)
#     bench/pytorch/bench_torch.py, bench/shapes.csv   the PyTorch peer
#
#   scripts/gpu-bundle.sh [OUT.tgz]     default target/jrnn-gpu.tgz; MVN_ARGS="-o" builds offline
#
# It fails if the archive reaches 64 MiB, and checks that the jlinked java starts and lists the backends.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${1:-$root/target/jrnn-gpu.tgz}"
junit_console_version=1.14.1
limit=$((64 * 1024 * 1024))
. ./scripts/find-jdk.sh

mvn -q -B -ntp ${MVN_ARGS:-} -pl examples,bench -am package -DskipTests
mvn -q -B -ntp ${MVN_ARGS:-} dependency:copy \
    -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_console_version \
    -DoutputDirectory="$root/target/gpu-bundle-deps" -Dmdep.stripVersion=true

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
b="$work/jrnn-gpu"
mkdir -p "$b/lib" "$b/bench/pytorch"
cp examples/target/rnn.jar bench/target/benchmarks.jar "$b/lib/"
cp core/target/core-*-tests.jar "$b/lib/core-tests.jar"
"$JAVA_HOME/bin/jar" --create --file "$b/lib/cuda-backend-tests.jar" -C cuda-backend/target/test-classes .
cp target/gpu-bundle-deps/junit-platform-console-standalone.jar "$b/lib/"
cp bench/pytorch/bench_torch.py "$b/bench/pytorch/"
cp bench/shapes.csv "$b/bench/"
cp cuda-backend/gpu-check.sh "$b/"
git rev-parse --short HEAD > "$b/COMMIT" 2>/dev/null || echo unknown > "$b/COMMIT"
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.management,jdk.unsupported,jdk.incubator.vector,java.desktop \
    --strip-debug --no-man-pages --no-header-files --compress=zip-0 --output "$b/jre"

# The bundle must start with its own runtime, not this machine's JDK.
env -u JAVA_HOME PATH=/usr/bin:/bin "$b/jre/bin/java" -version
env -u JAVA_HOME PATH=/usr/bin:/bin "$b/jre/bin/java" --add-modules jdk.incubator.vector \
    --enable-native-access=ALL-UNNAMED -jar "$b/lib/rnn.jar" backends

mkdir -p "$(dirname "$out")"
tar -C "$work" -cf - jrnn-gpu | gzip -9 > "$out"
size=$(stat -c %s "$out")
echo "gpu-bundle: $out, $((size / 1024 / 1024)) MiB ($size bytes); runtime $(du -sh "$b/jre" | cut -f1), jars $(du -sh "$b/lib" | cut -f1)"
if (( size >= limit )); then
    echo "gpu-bundle: error: the archive is $size bytes, over the 64 MiB limit" >&2
    exit 1
fi
