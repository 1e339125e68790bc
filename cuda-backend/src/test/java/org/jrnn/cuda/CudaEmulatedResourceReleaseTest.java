package org.jrnn.cuda;

import org.jrnn.backend.Backend;
import org.jrnn.testing.ResourceReleaseContract;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Opening and closing cuda backends (host emulation), networks and models, some failing, leaves nothing behind; the
 * emulated device also refuses to close while any of its blocks is still allocated, so a pool that kept device
 * memory past the backend's close would fail here.
 */
@ExtendWith(RequiresHostCompiler.class)
class CudaEmulatedResourceReleaseTest extends ResourceReleaseContract {
    @Override
    protected Backend newBackend() {
        return HostDevice.backend();
    }

    @Override
    protected int defaultRounds() {
        return 30;
    }
}
