package dev.parallax.analysis.criticalpath;

import java.util.Arrays;

/**
 * A longest path through a {@link CriticalPathGraph}: its nodes and edges in time order, the weights it was
 * found with, and its length (ns).
 */
public record CriticalPath(CriticalPathGraph graph, int[] nodes, int[] edges, long[] weights, long length) {

    /** Time on the path per {@link Bound} (ns), indexed by ordinal. */
    public long[] boundTotals() {
        long[] out = new long[Bound.values().length];
        for (int edge : edges) {
            out[graph.bound(edge).ordinal()] += weights[edge];
        }
        return out;
    }

    /** The distinct events whose start or end node is on the path, in path order (HTA's critical events). */
    public int[] events() {
        boolean[] seen = new boolean[graph.eventCount()];
        int[] out = new int[nodes.length];
        int w = 0;
        for (int node : nodes) {
            int e = graph.nodeEvent(node);
            if (!seen[e]) {
                seen[e] = true;
                out[w++] = e;
            }
        }
        return Arrays.copyOf(out, w);
    }

    /** Time on the path attributed to each event (operator spans and the kernel gaps after a kernel), ns. */
    public long[] timeByEvent() {
        long[] out = new long[graph.eventCount()];
        for (int edge : edges) {
            int e = graph.edgeEvent(edge);
            if (e >= 0 && graph.edgeType(edge) == EdgeType.OPERATOR) {
                out[e] += weights[edge];
            }
        }
        return out;
    }
}
