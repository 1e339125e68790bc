package org.jrnn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Backends.PROPERTY);
    }

    @Test
    void discoversEveryProviderBestFirstAndNeverThrows() {
        List<Backends.Candidate> all = Backends.discover();
        List<String> names = all.stream().map(Backends.Candidate::name).toList();
        assertEquals(List.of("test-throwing", "test-unavailable", "reference"), names);
        Backends.Candidate throwing = all.get(0);
        assertFalse(throwing.probe().available());
        assertTrue(throwing.probe().detail().contains("libnothing.so"), throwing.probe().detail());
    }

    @Test
    void bestAvailableIsChosenAndSkippedOnesSayWhy() {
        Backends.Selection s = Backends.select(null);
        assertEquals("reference", s.chosen().name());
        String why = s.explain();
        assertTrue(why.contains("'test-unavailable' skipped: test device not plugged in"), why);
        assertTrue(why.contains("'test-throwing' skipped: probe failed"), why);
    }

    @Test
    void explicitUnavailableChoiceFailsWithItsReason() {
        var e = assertThrows(BackendUnavailableException.class, () -> Backends.select("test-unavailable"));
        assertTrue(e.getMessage().contains("test device not plugged in"), e.getMessage());
        e = assertThrows(BackendUnavailableException.class, () -> Backends.select("nonesuch"));
        assertTrue(e.getMessage().contains("no such provider") && e.getMessage().contains("reference"), e.getMessage());
    }

    @Test
    void systemPropertyChooses() {
        System.setProperty(Backends.PROPERTY, "test-unavailable");
        assertThrows(BackendUnavailableException.class, () -> Backends.select(null));
        System.setProperty(Backends.PROPERTY, "Reference");
        try (Backend b = Backends.create()) {
            assertEquals("reference", b.name());
        }
    }
}
