package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void demoRunsTheBuiltInModelAndMatchesPyTorch() {
        Cli.Result r = Cli.run("demo", "--backend", "reference");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("== backends"), r::toString);
        assertTrue(r.out().contains("grad.weight_hh_l1_reverse"), r::toString);
        assertTrue(r.out().contains("(within 1e-4)"), r::toString);
    }
}
