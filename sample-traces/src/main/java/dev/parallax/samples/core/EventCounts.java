package dev.parallax.samples.core;

import java.util.Map;
import java.util.TreeMap;

/** Exact counts of the events a generator wrote, keyed by phase and category, for a ground-truth sidecar. */
public final class EventCounts {
    private final TreeMap<String, Long> byPhaseAndCategory = new TreeMap<>();
    private final TreeMap<String, Long> byCategory = new TreeMap<>();
    private long total;

    /** Records one event of phase {@code ph} and category {@code cat} (null for none). */
    public void add(String ph, String cat) {
        String c = cat == null ? "" : cat;
        byPhaseAndCategory.merge(ph + "/" + c, 1L, Long::sum);
        if (!"M".equals(ph)) {
            byCategory.merge(c, 1L, Long::sum);
        }
        total++;
    }

    /** All events written, metadata included. */
    public long total() {
        return total;
    }

    /** Events of one category, any phase but metadata. */
    public long category(String cat) {
        return byCategory.getOrDefault(cat, 0L);
    }

    /** Counts keyed {@code "<ph>/<cat>"} (cat empty where absent), sorted. */
    public Map<String, Long> byPhaseAndCategory() {
        return byPhaseAndCategory;
    }

    /** Counts per category (metadata events excluded), sorted. */
    public Map<String, Long> byCategory() {
        return byCategory;
    }
}
