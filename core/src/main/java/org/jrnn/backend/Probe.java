package org.jrnn.backend;

import java.util.Objects;

/**
 * The outcome of asking a provider whether it can run here: available (with a short description of what it found)
 * or unavailable with a reason a person can act on.
 */
public record Probe(boolean available, String detail) {

    public Probe {
        Objects.requireNonNull(detail);
    }

    public static Probe available(String description) {
        return new Probe(true, description);
    }

    public static Probe unavailable(String reason) {
        return new Probe(false, reason);
    }
}
