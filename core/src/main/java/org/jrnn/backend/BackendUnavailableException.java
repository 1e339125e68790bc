package org.jrnn.backend;

/** An explicitly chosen backend cannot be used; the message says why and what to do. */
public final class BackendUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message) {
        super(message);
    }
}
