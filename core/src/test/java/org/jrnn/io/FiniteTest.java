package org.jrnn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.jrnn.data.MinMaxScaler;
import org.jrnn.data.StandardScaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows A16 and A17 of docs/bad-input.md: where the first NaN or infinity is, in files, arrays and scalers. */
class FiniteTest {
    @TempDir
    Path dir;

    @Test
    void theIndexIsRowMajor() {
        assertEquals("[1, 0, 2]", Finite.index(17, 2, 5, 3));
        assertEquals("[0, 0, 0]", Finite.index(0, 2, 5, 3));
        assertEquals("[1, 4, 2]", Finite.index(29, 2, 5, 3));
        assertEquals("[7]", Finite.index(7, 10));
        assertEquals(-1, Finite.firstNonFinite(new float[] {0f, -3f, Float.MAX_VALUE}));
        assertEquals(1, Finite.firstNonFinite(new float[] {0f, Float.NEGATIVE_INFINITY, Float.NaN}));
    }

    @Test
    void aFileTensorNamesFileTensorIndexAndShape() throws Exception {
        float[] v = new float[30];
        v[17] = Float.NaN;
        Path p = dir.resolve("x.safetensors");
        SafeTensors.write(p, Map.of("input", SafeTensors.Tensor.f32(v, 2, 5, 3)), Map.of());
        SafeTensorsFile f = SafeTensors.read(p);
        var e = assertThrows(SafeTensorsException.class, () -> Finite.require(f, "input", f.floats("input")));
        assertEquals("file " + p + ": tensor 'input' holds NaN at [1, 0, 2] (shape [2, 5, 3]); every value must be"
                + " finite", e.getMessage());
        float[] ok = new float[30];
        assertEquals(ok, Finite.require(f, "input", ok));
    }

    @Test
    void anArrayNamesItsIndex() {
        float[] v = new float[6];
        v[5] = Float.POSITIVE_INFINITY;
        var e = assertThrows(IllegalArgumentException.class, () -> Finite.require("targets", v, 3, 2));
        assertEquals("targets[2, 1] = Infinity is not finite (shape [3, 2]); every value must be finite",
                e.getMessage());
    }

    @Test
    void scalersRefuseNonFiniteValuesToFit() {
        float[] v = new float[9];
        v[7] = Float.NaN;
        var e = assertThrows(IllegalArgumentException.class, () -> MinMaxScaler.fit(v, 3));
        assertTrue(e.getMessage().contains("value NaN at row 2, column 1 is not finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StandardScaler.fit(v, 3));
        assertTrue(e.getMessage().contains("value NaN at row 2, column 1 is not finite"), e.getMessage());
    }
}
