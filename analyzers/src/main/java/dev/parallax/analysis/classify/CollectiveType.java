package dev.parallax.analysis.classify;

import java.util.Locale;

/** The kind of collective a communication event performs. */
public enum CollectiveType {
    NONE,
    ALL_REDUCE,
    ALL_GATHER,
    REDUCE_SCATTER,
    ALL_TO_ALL,
    BROADCAST,
    REDUCE,
    SEND_RECV,
    /** Expert-parallel token dispatch (e.g. DeepEP {@code dispatch}). */
    EP_DISPATCH,
    /** Expert-parallel token combine (e.g. DeepEP {@code combine}). */
    EP_COMBINE,
    BARRIER,
    /** Communication whose collective could not be told from its name. */
    OTHER;

    /** snake_case id used in rule files and JSON output. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CollectiveType parse(String id) {
        String s = id.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (s.equals("P2P")) {
            return SEND_RECV;
        }
        try {
            return valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown collective type '" + id + "'");
        }
    }
}
