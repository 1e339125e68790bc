package org.jrnn.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jrnn.io.Json;

/**
 * How a {@link Tokenizer} cuts text into tokens. Immutable; serialises to JSON so a trained model's tokenizer can be
 * rebuilt exactly.
 *
 * @param lowerCase    lower-case the text first (with {@code Locale.ROOT}, so the result does not depend on the
 *                     machine's locale)
 * @param punctuation  what happens to punctuation marks
 * @param contractions what happens to English contractions such as "don't"
 * @param pattern      a regular expression whose matches are the tokens, replacing the built-in rules (then
 *                     {@code punctuation} and {@code contractions} are ignored, lower-casing still applies); the
 *                     empty string selects the built-in rules
 */
public record TokenizerConfig(boolean lowerCase, Punctuation punctuation, Contractions contractions,
                              String pattern) {
    static final String TYPE = "tokenizer";
    /** The longest tokenizer pattern accepted, in characters. */
    public static final int MAX_PATTERN = 4096;

    /** Punctuation marks (Unicode categories P*: . , ! ? " ( ) — … and so on). */
    public enum Punctuation {
        /** Each mark becomes a token of its own: "wow!" → "wow", "!". */
        SPLIT,
        /** Marks separate words and are dropped: "wow!" → "wow". */
        DROP
    }

    /** Words with an apostrophe between letters. */
    public enum Contractions {
        /**
         * A trailing English clitic becomes its own token, Penn-Treebank style: "n't" ("don't" → "do", "n't";
         * "can't" → "ca", "n't"), and "'s", "'re", "'ve", "'ll", "'d", "'m" ("it's" → "it", "'s"). Other
         * apostrophe words stay whole ("o'brien", "rock'n'roll").
         */
        SPLIT,
        /** The whole word is one token: "don't" → "don't". */
        KEEP
    }

    public TokenizerConfig {
        if (punctuation == null || contractions == null || pattern == null) {
            throw new IllegalArgumentException("punctuation, contractions and pattern must be given (use \"\" for the"
                    + " built-in rules), got " + punctuation + ", " + contractions + ", " + pattern);
        }
        if (pattern.length() > MAX_PATTERN) {
            // java.util.regex compiles a long pattern in time quadratic in its length (a 160k-character one takes
            // minutes), so a corrupt saved config must not reach Pattern.compile.
            throw new IllegalArgumentException("tokenizer pattern is " + pattern.length() + " characters long; at most "
                    + MAX_PATTERN + " are allowed");
        }
        if (!pattern.isEmpty()) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("tokenizer pattern '" + pattern + "' is not a valid regular"
                        + " expression: " + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
    }

    /** Lower-casing, punctuation split off, contractions split: a good start for English sentiment data. */
    public static TokenizerConfig defaults() {
        return new TokenizerConfig(true, Punctuation.SPLIT, Contractions.SPLIT, "");
    }

    /** Tokens are the matches of {@code regex} (for instance {@code "\\p{L}+|\\p{N}+"}), after optional lower-casing. */
    public static TokenizerConfig ofPattern(String regex, boolean lowerCase) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException("tokenizer pattern must be a non-empty regular expression, got "
                    + (regex == null ? "null" : "''"));
        }
        return new TokenizerConfig(lowerCase, Punctuation.SPLIT, Contractions.SPLIT, regex);
    }

    public TokenizerConfig withLowerCase(boolean value) {
        return new TokenizerConfig(value, punctuation, contractions, pattern);
    }

    public TokenizerConfig withPunctuation(Punctuation value) {
        return new TokenizerConfig(lowerCase, value, contractions, pattern);
    }

    public TokenizerConfig withContractions(Contractions value) {
        return new TokenizerConfig(lowerCase, punctuation, value, pattern);
    }

    /** Whether a regular expression replaces the built-in rules. */
    public boolean usesPattern() {
        return !pattern.isEmpty();
    }

    public String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", TYPE);
        map.put("lowerCase", lowerCase);
        map.put("punctuation", punctuation.name());
        map.put("contractions", contractions.name());
        map.put("pattern", pattern);
        return Json.write(map);
    }

    public static TokenizerConfig fromJson(String json) {
        String what = "tokenizer config";
        Map<String, Object> map = JsonState.object(json, TYPE, what);
        return new TokenizerConfig(JsonState.bool(map, "lowerCase", what),
                constant(Punctuation.class, JsonState.string(map, "punctuation", what), "punctuation"),
                constant(Contractions.class, JsonState.string(map, "contractions", what), "contractions"),
                JsonState.string(map, "pattern", what));
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String name, String field) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("tokenizer config JSON: " + field + " is '" + name + "', expected one of "
                + java.util.Arrays.toString(type.getEnumConstants()));
    }
}
