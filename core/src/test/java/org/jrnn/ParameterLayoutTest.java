package org.jrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterLayoutTest {

    @Test
    void namesShapesAndOrderFollowPyTorch() {
        RnnSpec spec = new RnnSpec(CellType.LSTM, 10, 20, 2, true, true, 0f);
        ParameterLayout l = spec.parameterLayout();
        List<String> names = l.entries().stream().map(ParameterLayout.Entry::name).toList();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"), names);
        assertArrayEquals(new int[] {80, 10}, l.entry("weight_ih_l0").shape());
        assertArrayEquals(new int[] {80, 40}, l.entry("weight_ih_l1_reverse").shape());
        assertArrayEquals(new int[] {80}, l.entry("bias_hh_l1").shape());
        // PyTorch's count: per direction 4H(I+H) + 8H on layer 0, 4H(2H+H) + 8H above.
        assertEquals(2 * (80 * 30 + 160) + 2 * (80 * 60 + 160), l.size());
    }

    @Test
    void noBiasMeansNoBiasEntries() {
        ParameterLayout l = new RnnSpec(CellType.GRU, 3, 4, 1, false, false, 0f).parameterLayout();
        assertEquals(2, l.entries().size());
        assertEquals(12 * 3 + 12 * 4, l.size());
        assertEquals(-1, l.block(0, 0).biasIh());
        var e = assertThrows(IllegalArgumentException.class, () -> l.entry("bias_ih_l0"));
        assertTrue(e.getMessage().contains("no bias"), e.getMessage());
    }

    @Test
    void specRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> RnnSpec.of(CellType.GRU, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> RnnSpec.of(CellType.GRU, 3, 4).withDropout(1f));
        assertThrows(IllegalArgumentException.class, () -> CellType.parse("transformer"));
        assertEquals(CellType.RNN_RELU, CellType.parse("rnn_relu"));
    }
}
