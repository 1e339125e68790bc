package org.jrnn.backend;

/**
 * A backend's entry point, found through {@link java.util.ServiceLoader}: a module lists its implementation in
 * {@code META-INF/services/org.jrnn.backend.BackendProvider}. Constructing a provider must be cheap and must not
 * load native code or incubator classes; that happens in {@link #probe()} or {@link #create()}.
 */
public interface BackendProvider {

    /** Short lower-case name used to choose it: {@code -Drnn.backend=NAME}, {@code RNN_BACKEND=NAME}. */
    String name();

    /** Higher wins when nothing is chosen explicitly. The reference backend has 0. */
    int priority();

    /** Whether this backend can run in this JVM on this machine. Never throws, never crashes the JVM. */
    Probe probe();

    /** Creates the backend; only called after {@link #probe()} said available. */
    Backend create();
}
