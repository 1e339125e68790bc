package org.jrnn.train.schedule;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jrnn.io.Json;

/**
 * The checkpoint form of a {@link ReduceLrOnPlateau}. {@link Json} has no fractions, so doubles travel as the
 * strings {@link Double#toString(double)} writes, which parse back to the same bits (including "Infinity").
 */
final class PlateauJson {
    static final String FORMAT = "jrnn.ReduceLrOnPlateau";
    static final long VERSION = 1;

    private PlateauJson() {}

    static String write(PlateauConfig c, PlateauState s) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("mode", c.mode().name().toLowerCase(Locale.ROOT));
        config.put("factor", Double.toString(c.factor()));
        config.put("patience", (long) c.patience());
        config.put("threshold", Double.toString(c.threshold()));
        config.put("thresholdMode", c.thresholdMode().name().toLowerCase(Locale.ROOT));
        config.put("cooldown", (long) c.cooldown());
        config.put("minLr", Double.toString(c.minLr()));
        config.put("eps", Double.toString(c.eps()));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("lr", Double.toString(s.lr()));
        state.put("best", Double.toString(s.best()));
        state.put("numBadEpochs", (long) s.numBadEpochs());
        state.put("cooldownCounter", (long) s.cooldownCounter());
        state.put("lastEpoch", (long) s.lastEpoch());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("config", config);
        root.put("state", state);
        return Json.write(root);
    }

    static ReduceLrOnPlateau read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("ReduceLrOnPlateau JSON is null; expected the text toJson() wrote");
        }
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException("ReduceLrOnPlateau state is not valid JSON: " + e.getMessage(), e);
        }
        Map<?, ?> root = object(parsed, "the top level");
        if (!FORMAT.equals(root.get("format")) || !Long.valueOf(VERSION).equals(root.get("version"))) {
            throw new IllegalArgumentException("not a ReduceLrOnPlateau state: expected format \"" + FORMAT
                    + "\" version " + VERSION + ", got format " + root.get("format") + " version "
                    + root.get("version"));
        }
        Map<?, ?> c = object(root.get("config"), "\"config\"");
        Map<?, ?> s = object(root.get("state"), "\"state\"");
        PlateauConfig config = new PlateauConfig(
                enumValue(PlateauConfig.Mode.class, c, "mode"),
                number(c, "factor"),
                integer(c, "patience"),
                number(c, "threshold"),
                enumValue(PlateauConfig.ThresholdMode.class, c, "thresholdMode"),
                integer(c, "cooldown"),
                number(c, "minLr"),
                number(c, "eps"));
        PlateauState state = new PlateauState(number(s, "lr"), number(s, "best"), integer(s, "numBadEpochs"),
                integer(s, "cooldownCounter"), integer(s, "lastEpoch"));
        return new ReduceLrOnPlateau(config, state);
    }

    private static Map<?, ?> object(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau JSON: expected an object at " + where + ", got "
                    + value);
        }
        return map;
    }

    private static Object field(Map<?, ?> map, String key) {
        if (!map.containsKey(key)) {
            throw new IllegalArgumentException("ReduceLrOnPlateau JSON: field \"" + key + "\" is missing");
        }
        return map.get(key);
    }

    private static double number(Map<?, ?> map, String key) {
        Object value = field(map, key);
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException("ReduceLrOnPlateau JSON: field \"" + key + "\" is " + value
                + "; expected a number written as a string, such as \"0.1\"");
    }

    private static int integer(Map<?, ?> map, String key) {
        Object value = field(map, key);
        if (value instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw new IllegalArgumentException("ReduceLrOnPlateau JSON: field \"" + key + "\" is " + value
                + "; expected an integer");
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Map<?, ?> map, String key) {
        Object value = field(map, key);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("ReduceLrOnPlateau JSON: field \"" + key + "\" is " + value
                + "; expected one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
