package dev.parallax.serving;

/**
 * The time series a KV-cache view draws, as plain data (times are absolute ns on the trace set's clock).
 *
 * @param origin the time shown as 0 on a chart's axis
 * @param usage KV usage 0–1 (measured, or derived from spans when the capacity is known), or null
 * @param usageDerived whether usage was derived from request spans rather than read from a counter
 * @param usedBlocks blocks in use when derived from spans, or null
 * @param fragmentation internal fragmentation (unused share of allocated blocks, 0–1) when derived, or null
 * @param capacityBlocks blocks available, or -1 when unknown
 * @param running requests running, or null
 * @param waiting requests waiting, or null
 * @param preemptions times of preemptions
 * @param saturationThreshold usage above which the cache counts as saturated (0–1)
 */
public record ServingTimeline(long origin, StepSeries usage, boolean usageDerived, StepSeries usedBlocks,
                              StepSeries fragmentation, long capacityBlocks, StepSeries running, StepSeries waiting, long[] preemptions,
                              double saturationThreshold) {

    public boolean isEmpty() {
        return (usage == null || usage.isEmpty()) && (running == null || running.isEmpty())
                && (usedBlocks == null || usedBlocks.isEmpty());
    }
}
