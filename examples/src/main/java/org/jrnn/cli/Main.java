package org.jrnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The {@code rnn} command line. Exit status: 0 success, 1 bad data or unavailable backend, 2 bad usage, 3 internal
 * error. Errors are one line on stderr, {@code rnn: error: …}; {@code --debug} adds the stack trace.
 */
@Command(name = "rnn",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Runs recurrent networks (RNN, LSTM, GRU) on the jrnn backends.",
        subcommands = {DemoCommand.class, BackendsCommand.class, ForwardCommand.class, BackwardCommand.class,
                StockCommand.class,
                TrainCommand.class, SentimentCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit status: 0 ok, 1 bad data or unavailable backend, 2 bad usage, 3 internal error."})
public final class Main implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    static final int EXIT_DATA = 1;
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    static final int EXIT_INTERNAL = 3;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    public static void main(String[] args) {
        System.exit(newCommandLine(true).execute(args));
    }

    /**
     * The configured command line, writing to the given (or default) out and err writers.
     *
     * @param manageLogging whether to set up java.util.logging from --quiet/--debug (the process entry point does;
     *                      tests leave the JVM's logging alone)
     */
    public static CommandLine newCommandLine(boolean manageLogging) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(Main::usageError);
        cmd.setExecutionExceptionHandler(Errors::handle);
        cmd.setExecutionStrategy(parseResult -> {
            if (manageLogging) {
                CliLogging.configure(CommonOptions.quiet(parseResult), CommonOptions.debug(parseResult));
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cmd;
    }

    /** One line naming the problem, one line with the help hint. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("rnn: error: " + ex.getMessage());
        err.println("try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage");
        ParseResult pr = cmd.getParseResult();
        if (pr != null && CommonOptions.debug(pr)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }

    /** The version from the jar manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rnn (jrnn) " + (v != null ? v : "0.1.0-SNAPSHOT"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
