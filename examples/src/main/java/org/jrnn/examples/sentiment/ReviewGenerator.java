package org.jrnn.examples.sentiment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded review-like sentences whose label depends on word order and scope, so that a bag of words cannot tell the
 * classes apart while a recurrent network can.
 *
 * <p>A review is an optional opener, a body and an optional closer. The body is built recursively from clauses:
 * <ul>
 *   <li>a clause says something about an aspect ("the plot was very dull", "i did not enjoy the soundtrack",
 *       "there was nothing clever about the ending", "the staff could not have been more friendly"); its value is
 *       the adjective's graded polarity (±1 mild, ±2 strong), doubled by an intensifier ("very", "truly"), halved by
 *       a diminisher ("slightly", "a bit"), and flipped by a negation ("not", "never", "hardly", "far from",
 *       "not ... at all", "nothing … about") — but not by "could not have been more", which intensifies;</li>
 *   <li>"X but Y", "although X , Y", "X , yet Y", "at first X but in the end Y", "X . overall , Y": the part after
 *       the contrast decides;</li>
 *   <li>"X and Y", "X , and also Y": the values add up, so "slightly dull and very funny" is positive while
 *       "very dull and slightly funny" is negative — the same words;</li>
 *   <li>neutral clauses ("we went on a rainy tuesday") and fillers ("honestly", "to be fair") add length and
 *       words without sentiment.</li>
 * </ul>
 * The label is 1 when the deciding value is positive. Polarity and negation of every clause are drawn independently
 * and the classes are balanced, so each word is about as frequent in positive as in negative reviews.
 */
public final class ReviewGenerator {
    /** One generated review. */
    public record Review(String text, int label) {}

    // Graded polarity: index 0 strong positive (+2), 1 mild positive (+1), 2 mild negative (−1), 3 strong negative (−2).
    private static final String[][] ADJECTIVES = {
            {"brilliant", "superb", "outstanding", "wonderful", "excellent", "amazing", "fantastic", "magnificent",
                    "masterful", "stunning", "flawless", "terrific", "marvelous", "exceptional", "gorgeous",
                    "phenomenal", "sublime", "riveting", "spectacular", "delightful", "perfect", "breathtaking"},
            {"good", "nice", "decent", "pleasant", "solid", "enjoyable", "fine", "charming", "clever", "likable",
                    "fun", "funny", "warm", "engaging", "tidy", "fresh", "smart", "handsome", "sweet", "lively",
                    "competent", "satisfying", "friendly", "comfortable", "reliable", "tasty"},
            {"dull", "weak", "bland", "slow", "boring", "flat", "clumsy", "tedious", "forgettable", "messy",
                    "stale", "awkward", "predictable", "shallow", "noisy", "cramped", "overpriced", "sloppy", "tired",
                    "confusing", "uneven", "lazy", "cold", "rude", "greasy", "flimsy"},
            {"awful", "terrible", "horrible", "dreadful", "atrocious", "abysmal", "painful", "disastrous", "pathetic",
                    "unbearable", "hideous", "miserable", "appalling", "insufferable", "lousy", "dire", "wretched",
                    "horrendous", "disgusting", "unwatchable", "infuriating", "embarrassing"}};
    private static final int[] STRENGTH = {2, 1, -1, -2};

    private static final String[] TOPICS = {"movie", "film", "show", "series", "novel", "book", "album", "concert",
            "play", "restaurant", "cafe", "hotel", "phone", "laptop", "game", "documentary", "musical", "sequel",
            "trip", "course", "podcast", "camera", "apartment", "tour", "headphones", "bakery"};
    private static final String[] ASPECTS = {"plot", "acting", "story", "soundtrack", "ending", "dialogue", "cast",
            "script", "pacing", "direction", "music", "service", "food", "staff", "room", "screen", "battery",
            "design", "price", "interface", "characters", "humor", "visuals", "writing", "setting", "lighting",
            "menu", "dessert", "view", "sound", "camera work", "first half", "second act", "finale", "lead actor",
            "villain", "chapters", "lyrics", "keyboard", "speakers", "coffee", "breakfast", "decor", "location",
            "wifi", "instructor", "narrator", "costumes", "effects", "atmosphere"};
    private static final String[] SUBJECT_PREFIX = {"the", "its", "this", "that", "their"};
    private static final String[] VERBS = {"was", "is", "felt", "seemed", "looked", "sounded", "turned out to be",
            "came across as", "proved", "remained", "stayed", "grew", "became"};
    private static final String[] INTENSIFIERS = {"very", "really", "extremely", "incredibly", "truly", "so",
            "remarkably", "thoroughly", "genuinely", "deeply", "utterly", "seriously"};
    private static final String[] DIMINISHERS = {"slightly", "somewhat", "a bit", "a little", "mildly", "vaguely",
            "marginally", "faintly", "a touch", "moderately"};
    private static final String[] OPENERS = {"honestly ,", "to be fair ,", "i think", "in my opinion ,",
            "frankly ,", "well ,", "so ,", "ok ,", "i have to say", "let me be clear :", "for what it is worth ,",
            "in short ,", "as a longtime fan ,", "after much thought ,", "speaking plainly ,"};
    private static final String[] CLOSERS = {". that is all", ". just my two cents", ". make of that what you will",
            ". your mileage may vary", ". thanks for reading", ". end of review", ". so there you go",
            ". take it or leave it"};
    private static final String[] PEOPLE = {"my friend", "my sister", "my brother", "my partner", "my parents",
            "a colleague", "my neighbor", "my cousin", "our group", "my roommate", "my aunt", "the kids"};
    private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
            "sunday", "weekend", "holiday", "evening", "afternoon", "morning"};
    private static final String[] WEATHER = {"rainy", "sunny", "cold", "quiet", "busy", "long", "windy", "lazy",
            "snowy", "humid"};
    private static final String[] PLACES = {"downtown", "near the station", "by the river", "in the old town",
            "at the mall", "across the street", "near the harbor", "on the east side", "at the airport",
            "in the suburbs"};
    private static final String[] ACTIONS = {"watched it", "went there", "tried it", "picked it up",
            "checked it out", "gave it a go", "bought it", "booked it", "read it", "listened to it"};
    // A verb of liking or disliking: {present, past}.
    private static final String[][] LOVE_VERBS = {{"love", "loved"}, {"enjoy", "enjoyed"}, {"like", "liked"},
            {"adore", "adored"}, {"appreciate", "appreciated"}, {"admire", "admired"}};
    private static final String[][] HATE_VERBS = {{"hate", "hated"}, {"dislike", "disliked"},
            {"loathe", "loathed"}, {"resent", "resented"}, {"detest", "detested"}, {"regret", "regretted"}};

    private final SplittableRandom random;

    public ReviewGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** {@code n} reviews, labels alternating 1, 0, 1 … so that the classes are balanced, in a seeded order. */
    public static List<Review> generate(int n, long seed) {
        ReviewGenerator g = new ReviewGenerator(seed);
        List<Review> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.review(i % 2 == 0 ? 1 : 0));
        }
        for (int i = n - 1; i > 0; i--) { // the order must not give the label away
            int j = g.random.nextInt(i + 1);
            Review t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    /** A review of the wanted label (drawn until one comes out with it; half do). */
    public Review review(int label) {
        while (true) {
            Part body = body(0);
            if (Math.abs(body.value) < 0.3) {
                continue; // "and" can cancel out: no clear label
            }
            int got = body.value > 0 ? 1 : 0;
            if (got != label) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            if (chance(0.35)) {
                sb.append(pick(OPENERS)).append(' ');
            }
            if (chance(0.25)) {
                sb.append(neutral()).append(" . ");
            }
            sb.append(body.text);
            if (chance(0.2)) {
                sb.append(' ').append(pick(CLOSERS));
            }
            return new Review(sb.toString(), label);
        }
    }

    /** Text with the value that decides its polarity. */
    private record Part(String text, double value) {}

    private Part body(int depth) {
        double r = random.nextDouble();
        if (depth >= 2 || r < 0.30) {
            return clause();
        }
        if (r < 0.55) { // contrast: the second part decides
            Part a = clauseOrBody(depth), b = clauseOrBody(depth);
            return switch (random.nextInt(6)) {
                case 0 -> new Part(a.text + " but " + b.text, b.value);
                case 1 -> new Part("although " + a.text + " , " + b.text, b.value);
                case 2 -> new Part(a.text + " , yet " + b.text, b.value);
                case 3 -> new Part("at first " + a.text + " but in the end " + b.text, b.value);
                case 4 -> new Part(a.text + " . overall , " + b.text, b.value);
                default -> new Part("while " + a.text + " , " + b.text, b.value);
            };
        }
        if (r < 0.80) { // conjunction: the values add up
            Part a = clause(), b = clause();
            String joined = switch (random.nextInt(3)) {
                case 0 -> a.text + " and " + b.text;
                case 1 -> a.text + " , and also " + b.text;
                default -> a.text + " ; besides , " + b.text;
            };
            return new Part(joined, a.value + b.value);
        }
        // a neutral aside before or after the clause that decides
        Part c = body(depth + 1);
        return chance(0.5) ? new Part(neutral() + " and " + c.text, c.value)
                : new Part(c.text + " , " + neutral(), c.value);
    }

    private Part clauseOrBody(int depth) {
        return chance(0.7) ? clause() : body(depth + 1);
    }

    /** One statement about an aspect, with its value. */
    private Part clause() {
        int grade = random.nextInt(4);
        String adj = pick(ADJECTIVES[grade]);
        double value = STRENGTH[grade];
        String mod = "";
        double m = random.nextDouble();
        if (m < 0.3) {
            mod = pick(INTENSIFIERS) + " ";
            value *= 2;
        } else if (m < 0.55) {
            mod = pick(DIMINISHERS) + " ";
            value *= 0.5;
        }
        String subject = subject();
        boolean negated = chance(0.4);
        String text;
        if (!negated) {
            text = switch (random.nextInt(5)) {
                case 0, 1 -> subject + " " + pick(VERBS) + " " + mod + adj;
                case 2 -> "i found " + subject + " " + mod + adj;
                case 3 -> subject + " could not have been more " + adj; // "not" that does not negate
                default -> "what " + article(mod + adj) + " " + pick(ASPECTS) + " ; " + subject + " " + pick(VERBS)
                        + " " + mod + adj;
            };
            if (text.contains("could not have been more")) {
                value = STRENGTH[grade] * 2;
            }
        } else {
            value = -value;
            text = switch (random.nextInt(7)) {
                case 0 -> subject + " " + pick(VERBS) + " not " + mod + adj;
                case 1 -> subject + " was not " + adj + " at all";
                case 2 -> subject + " " + pick(VERBS) + " never " + mod + adj;
                case 3 -> subject + " was far from " + adj;
                case 4 -> "there was nothing " + adj + " about " + subject;
                case 5 -> "i would not call " + subject + " " + mod + adj;
                default -> subject + " was hardly " + adj;
            };
        }
        if (chance(0.15)) { // a verb of liking, possibly negated: "i did not enjoy the plot"
            boolean love = chance(0.5);
            boolean not = chance(0.5);
            String[][] verbs = love ? LOVE_VERBS : HATE_VERBS;
            String[] verb = verbs[random.nextInt(verbs.length)];
            text = not ? "i did not " + verb[0] + " " + subject : "i " + verb[1] + " " + subject;
            value = (love ? 1.5 : -1.5) * (not ? -1 : 1);
        }
        return new Part(text, value);
    }

    private String subject() {
        return chance(0.3) ? pick(SUBJECT_PREFIX) + " " + pick(TOPICS)
                : pick(SUBJECT_PREFIX) + " " + pick(ASPECTS) + (chance(0.25) ? " of the " + pick(TOPICS) : "");
    }

    /** A clause without sentiment. */
    private String neutral() {
        return switch (random.nextInt(4)) {
            case 0 -> "we went on a " + pick(WEATHER) + " " + pick(DAYS);
            case 1 -> pick(PEOPLE) + " and i " + pick(ACTIONS) + " last " + pick(DAYS);
            case 2 -> "i " + pick(ACTIONS) + " " + pick(PLACES);
            default -> pick(PEOPLE) + " recommended the " + pick(TOPICS) + " " + pick(PLACES);
        };
    }

    /** "a slow" or "an awful". */
    private static String article(String phrase) {
        return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
    }

    private boolean chance(double p) {
        return random.nextDouble() < p;
    }

    private String pick(String[] words) {
        return words[random.nextInt(words.length)];
    }
}
