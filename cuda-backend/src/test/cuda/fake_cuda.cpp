// A stand-in for the NVIDIA driver (libcuda.so.1) on machines without a GPU, for CudaFakeDriverTest: just the
// driver functions JCuda's binding calls for this backend, over host memory, one device ("fake GPU"). Kernel
// launches call the kernels of src/main/cuda compiled for the host (host_shim.h), found by name through
// jrnn_kernel(), which the test generates (kernels_registry.cpp) and compiles into this library. The PTX given to
// cuModuleLoadData is only checked to look like PTX. Everything is synchronous.
#include <cstdlib>
#include <cstring>
#include <cstdio>

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

extern "C" void* jrnn_kernel(const char* name);

static const CUresult OK = 0, INVALID_VALUE = 1, NOT_FOUND = 500, INVALID_IMAGE = 200;
static int primary;  // a distinct address for the one context, stream and module
static int stream_;
static int module_;

extern "C" {
CUresult cuInit(unsigned int) { return OK; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return OK; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return OK; }
CUresult cuDeviceGet(CUdevice* d, int ordinal) { if (ordinal != 0) return INVALID_VALUE; *d = 0; return OK; }
CUresult cuDeviceGetName(char* name, int len, CUdevice) {
    std::snprintf(name, len, "fake GPU (host emulation)");
    return OK;
}
CUresult cuDeviceGetAttribute(int* v, int attrib, CUdevice) {
    *v = attrib == 75 ? 9 : 0;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, MINOR = 76
    return OK;
}
CUresult cuDeviceTotalMem_v2(size_t* bytes, CUdevice) { *bytes = 8ULL << 30; return OK; }
CUresult cuDevicePrimaryCtxRetain(void** ctx, CUdevice) { *ctx = &primary; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) { return OK; }
CUresult cuCtxSetCurrent(void*) { return OK; }
CUresult cuMemGetInfo_v2(size_t* free, size_t* total) { *free = 4ULL << 30; *total = 8ULL << 30; return OK; }
CUresult cuStreamCreate(void** s, unsigned int) { *s = &stream_; return OK; }
CUresult cuStreamDestroy_v2(void*) { return OK; }
CUresult cuStreamSynchronize(void*) { return OK; }
CUresult cuMemAllocHost_v2(void** p, size_t n) { *p = std::malloc(n); return *p ? OK : 2; }
CUresult cuMemFreeHost(void* p) { std::free(p); return OK; }
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t n) {
    size_t size = (n + 255) / 256 * 256;
    void* m = std::aligned_alloc(256, size ? size : 256);
    if (!m) return 2;  // CUDA_ERROR_OUT_OF_MEMORY
    std::memset(m, 0x7f, size ? size : 256);  // garbage, as fresh device memory may be
    *p = (CUdeviceptr) m;
    return OK;
}
CUresult cuMemFree_v2(CUdeviceptr p) { std::free((void*) p); return OK; }
CUresult cuMemsetD32Async(CUdeviceptr p, unsigned int v, size_t n, void*) {
    unsigned int* u = (unsigned int*) p;
    for (size_t i = 0; i < n; i++) u[i] = v;
    return OK;
}
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t n, void*) {
    std::memcpy((void*) dst, src, n);
    return OK;
}
CUresult cuMemcpyDtoHAsync_v2(void* dst, CUdeviceptr src, size_t n, void*) {
    std::memcpy(dst, (const void*) src, n);
    return OK;
}
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, void*) {
    std::memmove((void*) dst, (const void*) src, n);
    return OK;
}
CUresult cuModuleLoadData(void** m, const void* image) {
    if (!std::strstr((const char*) image, ".version") || !std::strstr((const char*) image, ".entry")) {
        return INVALID_IMAGE;
    }
    *m = &module_;
    return OK;
}
CUresult cuModuleUnload(void*) { return OK; }
CUresult cuModuleGetFunction(void** f, void*, const char* name) {
    *f = jrnn_kernel(name);
    return *f ? OK : NOT_FOUND;
}
CUresult cuLaunchKernel(void* f, unsigned int gx, unsigned int, unsigned int, unsigned int bx, unsigned int,
                        unsigned int, unsigned int, void*, void** params, void**) {
    if (gx == 0 || bx == 0 || bx > 1024) return INVALID_VALUE;
    ((void (*)(void**)) f)(params);
    return OK;
}
}
