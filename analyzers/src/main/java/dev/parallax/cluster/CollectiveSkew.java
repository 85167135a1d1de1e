package dev.parallax.cluster;

import java.util.List;

/**
 * Cross-rank arrival skew of one collective (process group and type) over its instances: the spread of
 * start times within each instance (last start − first start), and how often each rank arrived last. A
 * rank that is usually last holds the others up: they wait inside the collective for it.
 *
 * @param instances instances matched across at least two ranks
 * @param ranks the most ranks seen in one instance
 * @param lastArrivers the ranks that arrived last most often, most frequent first (at most ten)
 */
public record CollectiveSkew(String group, String type, int instances, int ranks, double p50SpreadUs,
                             double p90SpreadUs, double maxSpreadUs, List<RankCount> lastArrivers) {
    public CollectiveSkew {
        lastArrivers = List.copyOf(lastArrivers);
    }

    /** How often a rank arrived last. */
    public record RankCount(int rank, int count) {
    }
}
