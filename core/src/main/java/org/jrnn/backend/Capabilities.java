package org.jrnn.backend;

/**
 * What a backend is, for callers that must adapt (choose batch sizes, decide whether a host copy is free) without
 * testing its class.
 *
 * @param device     where its tensors live
 * @param hostMemory whether its tensors are Java heap arrays ({@link org.jrnn.tensor.HostTensor}), so a host copy is
 *                   a plain array copy
 * @param threads    compute threads it uses (1 for a device backend's host side)
 * @param deviceName e.g. the CPU's vector width or the GPU's name
 */
public record Capabilities(DeviceKind device, boolean hostMemory, int threads, String deviceName) {

    public enum DeviceKind { CPU, GPU }

    public boolean isGpu() {
        return device == DeviceKind.GPU;
    }
}
