package org.jrnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScalerTest {
    // [3, 3]: an increasing column, a decreasing one with negatives, and a constant one
    private static final float[] TRAIN = {
        1f, 10f, 5f,
        2f, 0f, 5f,
        3f, -10f, 5f,
    };

    @Test
    void minMaxMapsEachColumnToTheUnitRangeByHand() {
        MinMaxScaler s = MinMaxScaler.fit(TRAIN, 3);
        assertArrayEquals(new float[] {1f, -10f, 5f}, s.dataMin());
        assertArrayEquals(new float[] {3f, 10f, 5f}, s.dataMax());
        // constant column: range taken as 1, so the training value maps to rangeMin
        assertArrayEquals(new float[] {
            0f, 1f, 0f,
            0.5f, 0.5f, 0f,
            1f, 0f, 0f,
        }, s.transform(TRAIN));
    }

    @Test
    void minMaxToAChosenRangeAndBeyondTheTrainingRange() {
        MinMaxScaler s = MinMaxScaler.fit(TRAIN, 3, -1f, 1f);
        assertArrayEquals(new float[] {-1f, 1f, -1f, 0f, 0f, -1f, 1f, -1f, -1f}, s.transform(TRAIN));
        // not clipped: 4 is one half-range above the max; the constant column gives -1 + (5.5 - 5) * width 2
        assertArrayEquals(new float[] {2f, -2f, 0f}, s.transform(new float[] {4f, -20f, 5.5f}));
    }

    @Test
    void minMaxInverseRestoresTheTrainingData() {
        MinMaxScaler s = MinMaxScaler.fit(TRAIN, 3, -1f, 1f);
        assertArrayEquals(TRAIN, s.inverseTransform(s.transform(TRAIN)));
    }

    @Test
    void standardUsesThePopulationStdByHand() {
        StandardScaler s = StandardScaler.fit(new float[] {1f, 7f, 2f, 7f, 3f, 7f, 4f, 7f}, 2);
        assertArrayEquals(new double[] {2.5, 7.0}, s.mean());
        assertEquals(Math.sqrt(1.25), s.std()[0], 0.0); // (2.25 + 0.25 + 0.25 + 2.25) / 4
        assertEquals(0.0, s.std()[1], 0.0);
        float[] y = s.transform(new float[] {1f, 7f, 4f, 9f});
        assertEquals((float) (-1.5 / Math.sqrt(1.25)), y[0], 0f);
        assertEquals(0f, y[1], 0f); // constant column: scale 1, so the training value maps to 0
        assertEquals((float) (1.5 / Math.sqrt(1.25)), y[2], 0f);
        assertEquals(2f, y[3], 0f);
    }

    @Test
    void inverseTransformOfOneColumnUnscalesPredictions() {
        float[] prices = {100f, 0f, 110f, 0f, 120f, 0f}; // [3, 2]: close, volume
        MinMaxScaler s = MinMaxScaler.fit(prices, 2);
        assertArrayEquals(new float[] {105f, 120f}, s.inverseTransformColumn(new float[] {0.25f, 1f}, 0));
        assertArrayEquals(new float[] {0f, 0.5f}, s.transformColumn(new float[] {100f, 110f}, 0));
        StandardScaler z = StandardScaler.fit(prices, 2);
        assertArrayEquals(new float[] {110f}, z.inverseTransformColumn(new float[] {0f}, 0));
    }

    @Test
    void jsonRoundTripIsBitExactForRandomData() {
        SplittableRandom random = new SplittableRandom(7);
        float[] data = new float[50 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-40, 30)));
        }
        data[1] = Float.MIN_VALUE; // subnormal
        data[2] = -0f;
        for (Scaler s : new Scaler[] {MinMaxScaler.fit(data, 4, -0.3f, 7.1f), StandardScaler.fit(data, 4)}) {
            Scaler back = Scaler.fromJson(s.toJson());
            assertInstanceOf(s.getClass(), back);
            assertEquals(s.toJson(), back.toJson());
            float[] a = s.transform(data);
            float[] b = back.transform(data);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "element " + i);
            }
        }
        MinMaxScaler m = MinMaxScaler.fit(data, 4);
        MinMaxScaler mBack = MinMaxScaler.fromJson(m.toJson());
        assertArrayEquals(m.dataMin(), mBack.dataMin());
        StandardScaler z = StandardScaler.fit(data, 4);
        StandardScaler zBack = StandardScaler.fromJson(z.toJson());
        assertArrayEquals(z.mean(), zBack.mean());
        assertArrayEquals(z.std(), zBack.std());
    }

    @Test
    void jsonFormatIsReadable() {
        assertEquals("{\"type\":\"min-max\",\"rangeMin\":\"0.0\",\"rangeMax\":\"1.0\",\"dataMin\":[\"1.0\"],"
                + "\"dataMax\":[\"3.0\"]}", MinMaxScaler.fit(new float[] {1f, 3f}, 1).toJson());
        assertEquals("{\"type\":\"standard\",\"mean\":[\"2.0\"],\"std\":[\"1.0\"]}",
                StandardScaler.fit(new float[] {1f, 3f}, 1).toJson());
    }

    @Test
    void fromJsonDispatchesOnTypeAndNamesWhatIsWrong() {
        assertMessage(() -> Scaler.fromJson("{\"type\":\"robust\"}"), "'robust'", "'min-max'");
        assertMessage(() -> Scaler.fromJson("[1]"), "must be an object");
        assertMessage(() -> Scaler.fromJson("{\"type\":"), "malformed");
        assertMessage(() -> MinMaxScaler.fromJson("{\"type\":\"standard\"}"), "'standard'", "'min-max'");
        assertMessage(() -> StandardScaler.fromJson("{\"type\":\"standard\",\"mean\":[\"1.0\"]}"), "'std'",
                "missing");
        assertMessage(() -> StandardScaler.fromJson("{\"type\":\"standard\",\"mean\":[\"x\"],\"std\":[\"1\"]}"),
                "mean[0]", "'x'");
        assertMessage(() -> StandardScaler.fromJson("{\"type\":\"standard\",\"mean\":[1],\"std\":[\"1\"]}"),
                "mean[0]", "expected a string");
    }

    @Test
    void badInputsNameRowColumnAndValue() {
        assertMessage(() -> MinMaxScaler.fit(new float[0], 2), "at least one row");
        assertMessage(() -> StandardScaler.fit(new float[0], 2), "at least one row");
        assertMessage(() -> MinMaxScaler.fit(new float[5], 2), "length 5", "multiple of 2");
        assertMessage(() -> MinMaxScaler.fit(new float[] {1f, 2f, 3f, Float.NaN}, 2), "NaN", "row 1",
                "column 1");
        assertMessage(() -> MinMaxScaler.fit(new float[] {1f}, 1, 1f, 1f), "[1.0, 1.0]", "min < max");
        MinMaxScaler s = MinMaxScaler.fit(TRAIN, 3);
        assertMessage(() -> s.transform(new float[4]), "length 4", "multiple of 3");
        assertMessage(() -> s.inverseTransformColumn(new float[1], 3), "feature 3", "[0, 3)");
        assertMessage(() -> s.inverseTransformColumn(new float[] {0f, Float.POSITIVE_INFINITY}, 0), "Infinity",
                "row 1");
        assertMessage(() -> s.transform(1f, -1), "feature -1");
        assertMessage(() -> StandardScaler.of(new double[] {0}, new double[] {-1}), "feature 0", "std -1.0");
    }

    @Test
    void emptyMatricesTransformToEmpty() {
        assertEquals(0, MinMaxScaler.fit(TRAIN, 3).transform(new float[0]).length);
        assertEquals(0, StandardScaler.fit(TRAIN, 3).inverseTransformColumn(new float[0], 2).length);
    }

    static void assertMessage(Runnable action, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message '" + e.getMessage() + "' lacks '" + part + "'");
        }
    }
}
