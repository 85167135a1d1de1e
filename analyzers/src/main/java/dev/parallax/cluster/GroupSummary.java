package dev.parallax.cluster;

/**
 * The ranks of one node or one pipeline stage summarised: their median and worst step time and idle
 * percentage, the slowest rank, and how many of them are stragglers.
 *
 * @param key the node name or {@code stage N}
 */
public record GroupSummary(String key, int ranks, double stepP50Us, double stepMaxUs, double idlePctP50,
                           double idlePctMax, int slowestRank, int stragglers) {
}
