package org.jrnn.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/** Options every command accepts: how much to say on stderr. */
public final class CommonOptions {
    @Option(names = "--debug", description = "Print stack traces of errors and debug-level log messages.")
    boolean debug;

    @Option(names = {"-q", "--quiet"}, description = "Print only warnings and errors on stderr (no backend-choice line).")
    boolean quiet;

    /** Whether --debug was given at any level of the command line ({@code rnn --debug forward …} or after it). */
    static boolean debug(ParseResult pr) {
        return matched(pr, "--debug");
    }

    static boolean quiet(ParseResult pr) {
        return matched(pr, "--quiet");
    }

    private static boolean matched(ParseResult pr, String option) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(option)) {
                return true;
            }
        }
        return false;
    }
}
