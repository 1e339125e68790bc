package org.jrnn.cli;

import java.util.List;

/** The tensor names the command line reads and writes, in one place. */
final class Names {
    private Names() {}


    static final String INPUT = "input";
    static final String H0 = "h0";
    static final String C0 = "c0";
    static final String LENGTHS = "lengths";
    static final String GRAD_OUTPUT = "grad_output";
    static final String GRAD_HN = "grad_h_n";
    static final String GRAD_CN = "grad_c_n";

    static final String OUTPUT = "output";
    static final String HN = "h_n";
    static final String CN = "c_n";
    static final String GRAD_INPUT = "grad_input";
    static final String GRAD_H0 = "grad_h0";
    static final String GRAD_C0 = "grad_c0";
    /** Parameter gradients are written as grad.&lt;parameter name&gt;, as in the golden files. */
    static final String GRAD_PREFIX = "grad.";

    /** What an input file may hold. */
    static final List<String> INPUTS = List.of(INPUT, H0, C0, LENGTHS, GRAD_OUTPUT, GRAD_HN, GRAD_CN);

    /** What forward and backward write (besides grad.*). */
    static final List<String> RESULTS = List.of(OUTPUT, HN, CN, GRAD_INPUT, GRAD_H0, GRAD_C0);

    static boolean isParameter(String name) {
        return org.jrnn.io.RnnStateDict.isParameter(name);
    }

    /** An input, or a result as a golden file holds it next to the inputs. */
    static boolean isInputOrResult(String name) {
        return INPUTS.contains(name) || RESULTS.contains(name) || name.startsWith(GRAD_PREFIX);
    }
}
