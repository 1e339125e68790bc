package org.jrnn.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts text into tokens by a {@link TokenizerConfig}. Immutable and thread-safe.
 *
 * <p>The text is first put in Unicode normal form NFC (so a composed and a decomposed "é" give the same token),
 * then lower-cased if configured. The built-in rules work on user-perceived characters (extended grapheme
 * clusters, {@code \X}), classified by their first code point:
 * <ul>
 *   <li>letters, digits, other numbers and marks form words ("café", "naïve", "2nd", "x²"); scripts written
 *       without spaces (Chinese, Japanese) are not segmented further;</li>
 *   <li>digits joined by a single '.' or ',' stay one token ("3.14", "1,000");</li>
 *   <li>an apostrophe (' or ’, written as ') between a word and a letter or digit belongs to the word, and the
 *       contraction rule then applies; any other apostrophe is punctuation;</li>
 *   <li>punctuation (Unicode P*: . , ! ? " ( ) - — … « ») is split off or dropped as configured, one token per
 *       character ("..." gives three "." tokens, so "!!!" and "!" share an id);</li>
 *   <li>every other visible character — symbols, currency signs, emoji with their modifiers and joiners — is a
 *       token of its own and is always kept, because emoji carry sentiment ("great 👍🏽" → "great", "👍🏽");</li>
 *   <li>white space and invisible format characters separate tokens.</li>
 * </ul>
 */
public final class Tokenizer {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    private static final String[] CLITICS = {"n't", "'s", "'re", "'ve", "'ll", "'d", "'m"};

    private final TokenizerConfig config;
    private final Pattern pattern; // null for the built-in rules

    public Tokenizer(TokenizerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("tokenizer config must be given, got null");
        }
        this.config = config;
        this.pattern = config.usesPattern() ? Pattern.compile(config.pattern()) : null;
    }

    /** A tokenizer with {@link TokenizerConfig#defaults()}. */
    public static Tokenizer defaults() {
        return new Tokenizer(TokenizerConfig.defaults());
    }

    public TokenizerConfig config() {
        return config;
    }

    /** The tokens of {@code text}, in order; an empty or blank text gives none. */
    public List<String> tokenize(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text to tokenize must be given, got null");
        }
        String normal = Normalizer.normalize(text, Normalizer.Form.NFC);
        if (config.lowerCase()) {
            normal = normal.toLowerCase(Locale.ROOT);
        }
        return pattern != null ? matches(normal) : rules(normal);
    }

    private List<String> matches(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) {
                tokens.add(m.group());
            }
        }
        return List.copyOf(tokens);
    }

    private enum Kind { SPACE, WORD, APOSTROPHE, PUNCTUATION, SYMBOL }

    private List<String> rules(String text) {
        List<String> clusters = new ArrayList<>();
        Matcher m = GRAPHEME.matcher(text);
        while (m.find()) {
            clusters.add(m.group());
        }
        List<Kind> kinds = clusters.stream().map(Tokenizer::kind).toList();
        List<String> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < clusters.size(); i++) {
            String cluster = clusters.get(i);
            boolean nextIsWord = i + 1 < clusters.size() && kinds.get(i + 1) == Kind.WORD;
            switch (kinds.get(i)) {
                case SPACE -> flush(word, tokens);
                case WORD -> word.append(cluster);
                case APOSTROPHE -> {
                    if (!word.isEmpty() && nextIsWord) {
                        word.append('\'');
                    } else {
                        flush(word, tokens);
                        punctuation(cluster, tokens);
                    }
                }
                case PUNCTUATION -> {
                    if ((cluster.equals(".") || cluster.equals(",")) && endsWithDigit(word) && nextIsWord
                            && Character.isDigit(clusters.get(i + 1).codePointAt(0))) {
                        word.append(cluster);
                    } else {
                        flush(word, tokens);
                        punctuation(cluster, tokens);
                    }
                }
                case SYMBOL -> {
                    flush(word, tokens);
                    tokens.add(cluster);
                }
            }
        }
        flush(word, tokens);
        return List.copyOf(tokens);
    }

    private static Kind kind(String cluster) {
        int cp = cluster.codePointAt(0);
        if (cp == '\'' || cp == '\u2019') {
            return Kind.APOSTROPHE;
        }
        if (Character.isLetterOrDigit(cp)) {
            return Kind.WORD;
        }
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER -> Kind.WORD;
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION -> Kind.PUNCTUATION;
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.CONTROL, Character.FORMAT -> Kind.SPACE;
            default -> Character.isWhitespace(cp) ? Kind.SPACE : Kind.SYMBOL;
        };
    }

    private static boolean endsWithDigit(StringBuilder word) {
        return !word.isEmpty() && Character.isDigit(word.codePointBefore(word.length()));
    }

    private void punctuation(String mark, List<String> tokens) {
        if (config.punctuation() == TokenizerConfig.Punctuation.SPLIT) {
            tokens.add(mark);
        }
    }

    /** Emits the word being built (splitting off a clitic if configured) and clears it. */
    private void flush(StringBuilder word, List<String> tokens) {
        if (word.isEmpty()) {
            return;
        }
        String w = word.toString();
        word.setLength(0);
        if (config.contractions() == TokenizerConfig.Contractions.SPLIT && w.indexOf('\'') >= 0) {
            String lower = w.toLowerCase(Locale.ROOT);
            for (String clitic : CLITICS) {
                if (lower.endsWith(clitic) && w.length() > clitic.length()) {
                    int cut = w.length() - clitic.length();
                    tokens.add(w.substring(0, cut));
                    tokens.add(w.substring(cut));
                    return;
                }
            }
        }
        tokens.add(w);
    }

    /** The configuration as JSON (see {@link TokenizerConfig#toJson()}). */
    public String toJson() {
        return config.toJson();
    }

    /** A tokenizer from {@link #toJson()}'s output. */
    public static Tokenizer fromJson(String json) {
        return new Tokenizer(TokenizerConfig.fromJson(json));
    }

    @Override
    public String toString() {
        return "Tokenizer" + config.toJson();
    }
}
