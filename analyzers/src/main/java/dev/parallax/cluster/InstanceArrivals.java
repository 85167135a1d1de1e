package dev.parallax.cluster;

import java.io.Serializable;

/**
 * The arrivals of the ranks at one collective instance, reduced: how many ranks took part, the first and the
 * last start, and which rank started last. {@link #merge} is associative and commutative, so a cluster can
 * combine partial reductions in any order (ties on the last start go to the lower rank).
 */
public record InstanceArrivals(String group, String type, long seq, int ranks, long firstStartNs,
                               long lastStartNs, int lastRank) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One rank's arrival. */
    public static InstanceArrivals of(int rank, CollectiveArrival a) {
        return new InstanceArrivals(a.group(), a.type(), a.seq(), 1, a.startNs(), a.startNs(), rank);
    }

    /** The arrival spread: last start minus first start, nanoseconds. */
    public long spreadNs() {
        return lastStartNs - firstStartNs;
    }

    /** Both reductions of the same instance combined. */
    public InstanceArrivals merge(InstanceArrivals o) {
        int last;
        if (o.lastStartNs != lastStartNs) {
            last = o.lastStartNs > lastStartNs ? o.lastRank : lastRank;
        } else {
            last = Math.min(lastRank, o.lastRank);
        }
        return new InstanceArrivals(group, type, seq, ranks + o.ranks, Math.min(firstStartNs, o.firstStartNs),
                Math.max(lastStartNs, o.lastStartNs), last);
    }
}
