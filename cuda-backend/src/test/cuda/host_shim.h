// Compiles the CUDA C kernels of src/main/cuda for the CPU, so tests can run them without a GPU
// (HostDevice.java): g++ -std=c++17 -shared -fPIC -include host_shim.h -x c++ ops.cu.
//
// A launch runs as ONE thread of ONE block: every grid-stride loop then visits all its indices in order, block
// reductions reduce one value, atomics are plain updates. This checks each kernel's arithmetic and indexing, not
// its behaviour under concurrency (the kernels are written so that a thread reads and writes only its own
// elements, or reduces through shared memory between barriers).
#pragma once
#include <math.h>
#include <cmath>
#include <climits>

using std::isnan;

struct jrnn_dim3 {
    unsigned int x, y, z;
};
static const jrnn_dim3 blockIdx = {0, 0, 0};
static const jrnn_dim3 threadIdx = {0, 0, 0};
static const jrnn_dim3 blockDim = {1, 1, 1};
static const jrnn_dim3 gridDim = {1, 1, 1};

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__

static inline void __syncthreads() {}

static inline double atomicAdd(double* a, double v) {
    double old = *a;
    *a = old + v;
    return old;
}

static inline int atomicMin(int* a, int v) {
    int old = *a;
    if (v < old) *a = v;
    return old;
}
