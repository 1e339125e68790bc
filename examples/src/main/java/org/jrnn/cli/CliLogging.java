package org.jrnn.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes the libraries' {@link System.Logger} messages (java.util.logging underneath) to stderr as one short line
 * each, {@code rnn: info: …}, instead of the JDK's two-line default.
 */
final class CliLogging {
    private CliLogging() {}

    static void configure(boolean quiet, boolean debug) {
        Level level = debug ? Level.FINE : quiet ? Level.WARNING : Level.INFO;
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler(); // writes to System.err
        handler.setLevel(level);
        handler.setFormatter(new OneLine());
        root.addHandler(handler);
        root.setLevel(level);
    }

    /** {@code rnn: <level>: <message>[: <exception>]}. */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String level = switch (r.getLevel().getName()) {
                case "SEVERE" -> "error";
                case "WARNING" -> "warning";
                case "INFO" -> "info";
                default -> "debug";
            };
            StringBuilder sb = new StringBuilder("rnn: ").append(level).append(": ").append(formatMessage(r));
            if (r.getThrown() != null) {
                sb.append(": ").append(r.getThrown());
            }
            return sb.append(System.lineSeparator()).toString();
        }
    }
}
