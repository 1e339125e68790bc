package org.jrnn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout and stderr. */
final class Cli {
    /** Keeps the backend-choice INFO lines of every test run out of the build log (held: JUL keeps weak refs). */
    private static final Logger QUIET = Logger.getLogger("org.jrnn");

    static {
        QUIET.setLevel(Level.WARNING);
    }

    private Cli() {}

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(String... args) {
        CommandLine cmd = Main.newCommandLine(false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
