package org.jrnn.backend;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds backend providers through {@link ServiceLoader} and chooses one.
 *
 * <p>Choice: an explicit name (API argument, else system property {@value #PROPERTY}, else environment variable
 * {@value #ENV}) must be available or the call fails with the provider's reason; with no name, the available provider
 * with the highest priority wins. The outcome, and why each other provider was skipped, is logged once through
 * {@link System.Logger}.
 */
public final class Backends {
    public static final String PROPERTY = "rnn.backend";
    public static final String ENV = "RNN_BACKEND";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());
    /** Outcomes already logged: each distinct choice is logged once per JVM, not at every create(). */
    private static final java.util.Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One provider and what its probe said. */
    public record Candidate(BackendProvider provider, Probe probe) {
        public String name() {
            return provider.name();
        }
    }

    /** The outcome of a selection: the chosen provider (or null) and every candidate, best first. */
    public record Selection(Candidate chosen, List<Candidate> candidates, String requestedName) {
        public String explain() {
            StringBuilder sb = new StringBuilder();
            if (chosen != null) {
                sb.append("backend '").append(chosen.name()).append("' chosen")
                        .append(requestedName != null ? " (requested)" : " (highest priority available)")
                        .append(": ").append(chosen.probe().detail());
            }
            for (Candidate c : candidates) {
                if (c != chosen) {
                    sb.append(sb.isEmpty() ? "" : "; ").append("'").append(c.name()).append("' skipped: ")
                            .append(!c.probe().available() ? c.probe().detail()
                                    : requestedName != null ? "available, not requested" : "available, lower priority");
                }
            }
            return sb.toString();
        }
    }

    private Backends() {}

    /**
     * Probe outcomes, cached per JVM: a provider is probed once (a CUDA probe costs hundreds of milliseconds) unless
     * {@link #discover(boolean) discover(true)} asks for a fresh probe.
     */
    private static volatile List<Candidate> cached;

    /** Every provider on the class path, probed once per JVM (cached), best (highest priority) first. */
    public static List<Candidate> discover() {
        return discover(false);
    }

    /** As {@link #discover()}; {@code fresh} re-reads the class path and probes every provider again. */
    public static synchronized List<Candidate> discover(boolean fresh) {
        List<Candidate> c = cached;
        if (c == null || fresh) {
            c = List.copyOf(probeAll());
            cached = c;
        }
        return c;
    }

    private static List<Candidate> probeAll() {
        List<Candidate> list = new ArrayList<>();
        ServiceLoader<BackendProvider> loader = ServiceLoader.load(BackendProvider.class);
        var it = loader.iterator();
        while (true) {
            BackendProvider p;
            try {
                if (!it.hasNext()) {
                    break;
                }
                p = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                LOG.log(Level.WARNING, "a backend provider could not be loaded: " + e);
                continue;
            }
            list.add(new Candidate(p, safeProbe(p)));
        }
        list.sort(Comparator.comparingInt((Candidate c) -> c.provider().priority()).reversed()
                .thenComparing(Candidate::name));
        return list;
    }

    /** Probes without letting anything escape: a provider that throws is reported unavailable with the error. */
    public static Probe safeProbe(BackendProvider p) {
        try {
            Probe r = p.probe();
            return r != null ? r : Probe.unavailable("probe returned nothing");
        } catch (Throwable t) {
            return Probe.unavailable("probe failed: " + t);
        }
    }

    /** The name requested through the system property or the environment, or null. */
    public static String requestedName() {
        String s = System.getProperty(PROPERTY);
        if (s == null || s.isBlank()) {
            s = System.getenv(ENV);
        }
        return s == null || s.isBlank() ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    /** Chooses without creating anything; {@code name} null means "property, env, else best". */
    public static Selection select(String name) {
        List<Candidate> all = discover();
        String wanted = name != null ? name.trim().toLowerCase(Locale.ROOT) : requestedName();
        if (wanted != null) {
            for (Candidate c : all) {
                if (c.name().equals(wanted)) {
                    if (!c.probe().available()) {
                        throw new BackendUnavailableException("backend '" + wanted + "' was requested but is unavailable: "
                                + c.probe().detail());
                    }
                    return new Selection(c, all, wanted);
                }
            }
            throw new BackendUnavailableException("backend '" + wanted + "' was requested but no such provider is on the"
                    + " class path; found: " + all.stream().map(Candidate::name).toList());
        }
        for (Candidate c : all) {
            if (c.probe().available()) {
                return new Selection(c, all, null);
            }
        }
        throw new BackendUnavailableException("no backend is available: " + new Selection(null, all, null).explain());
    }

    /** Chooses and creates a backend (see the class comment), logging the outcome. */
    public static Backend create(String name) {
        Selection s = select(name);
        String why = s.explain();
        if (LOGGED.add(why)) {
            LOG.log(Level.INFO, why);
        }
        return s.chosen().provider().create();
    }

    /** The best available backend, or the one named by {@value #PROPERTY} / {@value #ENV}. */
    public static Backend create() {
        return create(null);
    }
}
