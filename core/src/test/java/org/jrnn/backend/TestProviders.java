package org.jrnn.backend;

/** Providers registered only on core's test class path, to exercise selection. */
public final class TestProviders {
    private TestProviders() {}

    /** Always unavailable, with a reason; higher priority than the reference so that skipping it shows. */
    public static final class Unavailable implements BackendProvider {
        @Override
        public String name() {
            return "test-unavailable";
        }

        @Override
        public int priority() {
            return 50;
        }

        @Override
        public Probe probe() {
            return Probe.unavailable("test device not plugged in");
        }

        @Override
        public Backend create() {
            throw new AssertionError("create() must not be called on an unavailable provider");
        }
    }

    /** A probe that breaks its promise and throws. */
    public static final class Throwing implements BackendProvider {
        @Override
        public String name() {
            return "test-throwing";
        }

        @Override
        public int priority() {
            return 60;
        }

        @Override
        public Probe probe() {
            throw new UnsatisfiedLinkError("libnothing.so: cannot open shared object file");
        }

        @Override
        public Backend create() {
            throw new AssertionError("never");
        }
    }
}
