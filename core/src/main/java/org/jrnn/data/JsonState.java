package org.jrnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jrnn.io.Json;

/**
 * Reading and writing the JSON state of the data classes on top of {@link Json}. Floats and doubles travel as
 * strings of their shortest decimal form ({@code Float.toString}), which parses back to the same bits for every
 * finite value, infinity and signed zero; Json itself has no fractions.
 */
final class JsonState {
    private JsonState() {
    }

    /** Parses {@code json} as an object whose "type" field is {@code type}; {@code what} names it in errors. */
    static Map<String, Object> object(String json, String type, String what) {
        Map<String, Object> map = object(json, what);
        String found = string(map, "type", what);
        if (!found.equals(type)) {
            throw new IllegalArgumentException(what + " JSON: type is '" + found + "', expected '" + type + "'");
        }
        return map;
    }

    static Map<String, Object> object(String json, String what) {
        if (json == null) {
            throw new IllegalArgumentException(what + " JSON must be given, got null");
        }
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (Json.ParseException e) {
            throw new IllegalArgumentException(what + " JSON is malformed: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " JSON must be an object, got " + describe(parsed));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) map;
        return typed;
    }

    static Object field(Map<String, Object> map, String key, String what) {
        if (!map.containsKey(key)) {
            throw new IllegalArgumentException(what + " JSON: field '" + key + "' is missing");
        }
        return map.get(key);
    }

    static String string(Map<String, Object> map, String key, String what) {
        if (field(map, key, what) instanceof String s) {
            return s;
        }
        throw wrongType(map, key, "a string", what);
    }

    static boolean bool(Map<String, Object> map, String key, String what) {
        if (field(map, key, what) instanceof Boolean b) {
            return b;
        }
        throw wrongType(map, key, "true or false", what);
    }

    static int integer(Map<String, Object> map, String key, String what) {
        if (field(map, key, what) instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        throw wrongType(map, key, "an int", what);
    }

    static List<String> strings(Map<String, Object> map, String key, String what) {
        if (!(field(map, key, what) instanceof List<?> list)) {
            throw wrongType(map, key, "an array of strings", what);
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new IllegalArgumentException(what + " JSON: " + key + "[" + i + "] is "
                        + describe(list.get(i)) + ", expected a string");
            }
            out.add(s);
        }
        return out;
    }

    static String encode(float value) {
        return Float.toString(value);
    }

    static String encode(double value) {
        return Double.toString(value);
    }

    static List<String> encode(float[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(encode(v));
        }
        return out;
    }

    static List<String> encode(double[] values) {
        List<String> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(encode(v));
        }
        return out;
    }

    static float floatValue(Map<String, Object> map, String key, String what) {
        return (float) parse(string(map, key, what), key, what, true);
    }

    static float[] floats(Map<String, Object> map, String key, String what) {
        List<String> texts = strings(map, key, what);
        float[] out = new float[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) parse(texts.get(i), key + "[" + i + "]", what, true);
        }
        return out;
    }

    static double[] doubles(Map<String, Object> map, String key, String what) {
        List<String> texts = strings(map, key, what);
        double[] out = new double[texts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parse(texts.get(i), key + "[" + i + "]", what, false);
        }
        return out;
    }

    private static double parse(String text, String where, String what, boolean asFloat) {
        try {
            return asFloat ? Float.parseFloat(text) : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " JSON: " + where + " is '" + text + "', expected a decimal "
                    + (asFloat ? "float" : "double") + " written as a string such as \"0.5\"", e);
        }
    }

    private static IllegalArgumentException wrongType(Map<String, Object> map, String key, String expected,
                                                      String what) {
        return new IllegalArgumentException(what + " JSON: field '" + key + "' is " + describe(map.get(key))
                + ", expected " + expected);
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "the string '" + s + "'";
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            default -> String.valueOf(value);
        };
    }
}
