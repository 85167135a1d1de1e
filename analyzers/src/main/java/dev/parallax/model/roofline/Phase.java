package dev.parallax.model.roofline;

import java.util.Locale;

/** Inference phases: prefill processes the whole prompt at once; decode produces one token per sequence. */
public enum Phase {
    PREFILL, DECODE;

    /** Lower-case name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code prefill} or {@code decode}. */
    public static Phase parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown phase '" + text + "' (expected prefill or decode)");
        }
    }
}
