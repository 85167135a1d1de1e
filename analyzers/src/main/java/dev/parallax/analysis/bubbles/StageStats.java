package dev.parallax.analysis.bubbles;

import dev.parallax.trace.query.Intervals;

import java.util.List;

/**
 * Where one stage's time went in one iteration of the pipeline: the iteration window runs from the first
 * pass on any stage to the last; the stage's bubble is the window minus its busy time, split into warm-up
 * (before its first pass), cool-down (after its last pass) and stalls (gaps between its passes, waiting
 * for a peer).
 */
record StageStats(int stage, int rank, int iteration, long windowStart, long windowEnd, long busy, long warmup,
                  long cooldown, long stall) {

    static StageStats of(int stage, int rank, int iteration, long windowStart, long windowEnd, List<StageOp> ops) {
        Intervals.Builder b = new Intervals.Builder();
        for (StageOp o : ops) {
            b.add(o.start(), o.end());
        }
        Intervals busy = b.build();
        if (busy.isEmpty()) {
            return new StageStats(stage, rank, iteration, windowStart, windowEnd, 0, windowEnd - windowStart, 0, 0);
        }
        long warm = busy.first() - windowStart;
        long cool = windowEnd - busy.last();
        long stall = busy.last() - busy.first() - busy.length();
        return new StageStats(stage, rank, iteration, windowStart, windowEnd, busy.length(), warm, cool, stall);
    }

    long window() {
        return windowEnd - windowStart;
    }

    long bubble() {
        return warmup + cooldown + stall;
    }

    double bubbleFraction() {
        return window() > 0 ? (double) bubble() / window() : 0;
    }
}
