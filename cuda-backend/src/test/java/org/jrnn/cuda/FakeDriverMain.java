package org.jrnn.cuda;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.jrnn.backend.Probe;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The child JVM of {@link CudaFakeDriverTest}: loads the fake {@code libcuda.so.1} and {@code libcublas.so.13}
 * (args 0 and 1) before anything else, so that JCuda's native driver binding and the cuBLAS lookup find them by
 * soname, then runs the GPU test classes on the real code path (probe, JCuda, GpuDevice, Cublas, PTX loading,
 * launches) and exits 0 only if the probe says available and every test ran and passed.
 */
public final class FakeDriverMain {
    private FakeDriverMain() {}

    public static void main(String[] args) {
        System.load(args[0]);
        System.load(args[1]);
        Probe p = new CudaProvider().probe();
        System.out.println("probe: " + (p.available() ? "available: " : "unavailable: ") + p.detail());
        if (!p.available()) {
            System.exit(2);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(CudaContractTest.class), selectClass(CudaOpsTest.class),
                        selectClass(CudaGoldenTest.class))
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        TestExecutionSummary s = listener.getSummary();
        PrintWriter out = new PrintWriter(System.out, true);
        s.printTo(out);
        s.printFailuresTo(out, 30);
        boolean ok = s.getTotalFailureCount() == 0 && s.getTestsSucceededCount() > 0 && s.getContainersSkippedCount() == 0
                && s.getTestsSkippedCount() == 0;
        System.exit(ok ? 0 : 1);
    }
}
