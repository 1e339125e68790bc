package org.jrnn.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a sequence becomes what the head sees.
 * <ul>
 *   <li>{@code LAST}: the top layer's state at each sequence's last valid step; bidirectional: that forward state
 *       concatenated with the reverse direction's final state, as {@code torch.cat([h_n[-2], h_n[-1]], 1)};</li>
 *   <li>{@code MEAN}, {@code MAX}: over the valid steps of the top layer's output, per feature;</li>
 *   <li>{@code ALL}: every step (many-to-many); padded steps are masked out of the loss.</li>
 * </ul>
 */
public enum Readout {
    LAST, MEAN, MAX, ALL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Readout parse(String s) {
        for (Readout r : values()) {
            if (r.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown readout '" + s + "': expected one of "
                + Arrays.stream(values()).map(Readout::id).toList());
    }
}
