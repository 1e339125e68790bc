package org.jrnn.bench.jmh;

/**
 * JVM flags of every forked benchmark JVM, as the report passes them. The {@code @Fork} annotations repeat them
 * literally (annotation values cannot refer to an array constant); keep the two in step.
 */
public final class ForkArgs {
    /** The Vector API for cpu-simd and the peak loop; a deep stack as in the tests; no display for charts. */
    public static final String[] JVM_ARGS = {
        "--add-modules", "jdk.incubator.vector", "-Xss4m", "-Djava.awt.headless=true"
    };

    private ForkArgs() {}
}
