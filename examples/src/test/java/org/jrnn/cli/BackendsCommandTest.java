package org.jrnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendsCommandTest {
    @Test
    void listsEveryProviderWithItsStateAndTheEnvironment() {
        Cli.Result r = Cli.run("backends", "--backend", "reference");
        assertEquals(0, r.exit(), r::toString);
        String out = r.out();
        assertTrue(out.contains("Java:"), out);
        assertTrue(out.contains("Processors:"), out);
        assertTrue(out.contains("Vector API:"), out);
        assertTrue(out.matches("(?s).*\\* reference +priority +0 +available .*"), out);
        assertTrue(out.contains("test-unavailable"), out);
        assertTrue(out.contains("unavailable  " + UnavailableTestProvider.REASON), out);
        assertTrue(out.contains("Chosen: reference (requested)"), out);
        assertEquals("", r.err());
    }

    @Test
    void withoutAChoiceSomeAvailableBackendIsChosen() {
        Cli.Result r = Cli.run("backends", "--no-create");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("Chosen: "), r::toString);
        assertTrue(!r.out().contains("Chosen: none"), r::toString);
    }

    @Test
    void anUnavailableExplicitChoiceIsReportedAndFails() {
        Cli.Result r = Cli.run("backends", "--backend", UnavailableTestProvider.NAME);
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().contains("Chosen: none"), r::toString);
        assertEquals(1, r.errLines().size(), r::toString);
        assertTrue(r.err().startsWith("rnn: error: backend 'test-unavailable' was requested but is unavailable: "
                + UnavailableTestProvider.REASON), r::toString);
    }
}
