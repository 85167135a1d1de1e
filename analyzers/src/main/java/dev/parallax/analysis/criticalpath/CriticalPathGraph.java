package dev.parallax.analysis.criticalpath;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;

import java.util.Arrays;

/**
 * The dependency graph of one region of one rank, after Holistic Trace Analysis's critical-path analysis
 * ({@code CPGraph}, Coutinho et al., "Critical path analysis of PyTorch traces", HTA 0.2): two nodes per
 * CPU operator, runtime call and GPU kernel (its start and end), and weighted edges between them (see
 * {@link EdgeType}). Everything is stored in primitive arrays: events by index, node {@code 2e}/{@code 2e+1}
 * style lookups through {@link #startNode}/{@link #endNode}, edges as parallel arrays with a predecessor
 * index in insertion order and a topological order, so the longest path is one linear pass and a what-if
 * (scaled durations) is another.
 */
public final class CriticalPathGraph {
    /** Event kinds. */
    static final byte CPU_OP = 0;
    static final byte RUNTIME = 1;
    static final byte GPU = 2;

    private final Trace trace;
    private final long regionStart;
    private final long regionEnd;
    final int[] evTrack;
    final int[] evRow;
    final byte[] evKind;
    final int[] evParent;
    final int[] startNode;
    final int[] endNode;
    final int[] nodeEvent;
    final long[] nodeTs;
    final boolean[] nodeStart;
    final int[] eSrc;
    final int[] eDst;
    final int[] eEvent;
    final long[] eWeight;
    final byte[] eType;
    private final int[] predOffset;
    private final int[] predEdges;
    private final int[] topo;
    private final int clampedNegative;

    CriticalPathGraph(Trace trace, long regionStart, long regionEnd, int[] evTrack, int[] evRow, byte[] evKind,
                      int[] evParent, int[] startNode, int[] endNode, int[] nodeEvent, long[] nodeTs,
                      boolean[] nodeStart, int[] eSrc, int[] eDst, int[] eEvent, long[] eWeight, byte[] eType,
                      int clampedNegative) {
        this.trace = trace;
        this.regionStart = regionStart;
        this.regionEnd = regionEnd;
        this.evTrack = evTrack;
        this.evRow = evRow;
        this.evKind = evKind;
        this.evParent = evParent;
        this.startNode = startNode;
        this.endNode = endNode;
        this.nodeEvent = nodeEvent;
        this.nodeTs = nodeTs;
        this.nodeStart = nodeStart;
        this.eSrc = eSrc;
        this.eDst = eDst;
        this.eEvent = eEvent;
        this.eWeight = eWeight;
        this.eType = eType;
        this.clampedNegative = clampedNegative;
        int n = nodeEvent.length;
        int m = eSrc.length;
        predOffset = new int[n + 1];
        for (int i = 0; i < m; i++) {
            predOffset[eDst[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            predOffset[i + 1] += predOffset[i];
        }
        predEdges = new int[m];
        int[] fill = Arrays.copyOf(predOffset, n);
        for (int i = 0; i < m; i++) {
            predEdges[fill[eDst[i]]++] = i;
        }
        topo = topologicalOrder(n, m);
    }

    /**
     * Kahn's algorithm by generations, as networkx's {@code topological_sort} walks them: sources in node
     * order, then the nodes each generation frees, in edge insertion order. Null when the graph has a cycle.
     */
    private int[] topologicalOrder(int n, int m) {
        int[] succOffset = new int[n + 1];
        for (int i = 0; i < m; i++) {
            succOffset[eSrc[i] + 1]++;
        }
        for (int i = 0; i < n; i++) {
            succOffset[i + 1] += succOffset[i];
        }
        int[] succ = new int[m];
        int[] fill = Arrays.copyOf(succOffset, n);
        for (int i = 0; i < m; i++) {
            succ[fill[eSrc[i]]++] = eDst[i];
        }
        int[] indegree = new int[n];
        for (int i = 0; i < n; i++) {
            indegree[i] = predOffset[i + 1] - predOffset[i];
        }
        int[] order = new int[n];
        int w = 0;
        for (int v = 0; v < n; v++) {
            if (indegree[v] == 0) {
                order[w++] = v;
            }
        }
        int r = 0;
        while (r < w) {
            int v = order[r++];
            for (int k = succOffset[v]; k < succOffset[v + 1]; k++) {
                int c = succ[k];
                if (--indegree[c] == 0) {
                    order[w++] = c;
                }
            }
        }
        return w == n ? order : null;
    }

    public Trace trace() {
        return trace;
    }

    /** Start of the analysed region (ns). */
    public long regionStart() {
        return regionStart;
    }

    /** End of the analysed region (ns). */
    public long regionEnd() {
        return regionEnd;
    }

    public int eventCount() {
        return evTrack.length;
    }

    public int nodeCount() {
        return nodeEvent.length;
    }

    public int edgeCount() {
        return eSrc.length;
    }

    /** Whether the graph is a DAG (a cycle means inconsistent timestamps; no path then). */
    public boolean acyclic() {
        return topo != null;
    }

    /** Edges whose end came more than 1 µs before their start (bad nesting), counted with weight 0. */
    public int clampedNegativeEdges() {
        return clampedNegative;
    }

    public SliceTrack eventTrack(int e) {
        return trace.sliceTrack(evTrack[e]);
    }

    public int eventRow(int e) {
        return evRow[e];
    }

    public String eventName(int e) {
        return trace.string(eventTrack(e).name(evRow[e]));
    }

    public boolean isGpu(int e) {
        return evKind[e] == GPU;
    }

    /** The CPU operator or runtime call enclosing {@code e}, or -1. */
    public int parent(int e) {
        return evParent[e];
    }

    public long eventStart(int e) {
        return nodeTs[startNode[e]];
    }

    public long eventEnd(int e) {
        return nodeTs[endNode[e]];
    }

    public EdgeType edgeType(int edge) {
        return EDGE_TYPES[eType[edge]];
    }

    private static final EdgeType[] EDGE_TYPES = EdgeType.values();

    public long edgeWeight(int edge) {
        return eWeight[edge];
    }

    public int edgeSource(int edge) {
        return eSrc[edge];
    }

    public int edgeTarget(int edge) {
        return eDst[edge];
    }

    /** The event an operator or kernel-gap edge is attributed to (HTA's rules), or -1. */
    public int edgeEvent(int edge) {
        return eEvent[edge];
    }

    public int nodeEvent(int node) {
        return nodeEvent[node];
    }

    public long nodeTime(int node) {
        return nodeTs[node];
    }

    public boolean nodeIsStart(int node) {
        return nodeStart[node];
    }

    /** What bounds edge {@code edge} (HTA's {@code bound_by}). */
    public Bound bound(int edge) {
        switch (edgeType(edge)) {
            case KERNEL_KERNEL:
                return Bound.KERNEL_KERNEL;
            case LAUNCH:
                return Bound.LAUNCH;
            case DEPENDENCY:
            case SYNC:
                return Bound.NONE;
            default:
                int e = eEvent[edge] >= 0 ? eEvent[edge] : nodeEvent[eSrc[edge]];
                if (evKind[e] != GPU) {
                    return Bound.CPU;
                }
                return isCommunication(e) ? Bound.GPU_COMMUNICATION : Bound.GPU_COMPUTE;
        }
    }

    /** Per kernel name id: 0 not yet known, 1 communication, 2 not. */
    private byte[] communicationByName;

    private boolean isCommunication(int e) {
        int name = eventTrack(e).name(evRow[e]);
        if (communicationByName == null) {
            communicationByName = new byte[trace.strings().size()];
        }
        if (communicationByName[name] == 0) {
            communicationByName[name] = (byte) (isCommunication(trace.string(name)) ? 1 : 2);
        }
        return communicationByName[name] == 1;
    }

    static boolean isCommunication(String kernel) {
        String k = kernel.toLowerCase(java.util.Locale.ROOT);
        return k.contains("nccl") || k.contains("rccl");
    }

    /** The edge weights as measured (ns). */
    public long[] weights() {
        return eWeight.clone();
    }

    /**
     * Weights with the operator edges of some events scaled: {@code factor[e]} multiplies the time
     * attributed to event {@code e} (1 leaves it). Launch delays, kernel gaps and zero-weight edges stay.
     */
    public long[] scaledWeights(double[] factor) {
        long[] w = eWeight.clone();
        for (int i = 0; i < w.length; i++) {
            int e = eEvent[i];
            if (e >= 0 && eType[i] == EdgeType.OPERATOR.ordinal() && factor[e] != 1.0) {
                w[i] = Math.round(w[i] * factor[e]);
            }
        }
        return w;
    }

    /** The longest path with the measured weights. */
    public CriticalPath longestPath() {
        return longestPath(eWeight);
    }

    /**
     * The longest path by {@code weights}, found as networkx's {@code dag_longest_path} finds it (each node
     * takes its first best predecessor in edge order; the path ends at the first node of greatest length in
     * topological order). Null when the graph has a cycle.
     */
    public CriticalPath longestPath(long[] weights) {
        if (topo == null || topo.length == 0) {
            return null;
        }
        int n = nodeEvent.length;
        long[] dist = new long[n];
        int[] via = new int[n];
        int end = -1;
        long best = Long.MIN_VALUE;
        for (int v : topo) {
            long d = 0;
            int p = -1;
            for (int k = predOffset[v]; k < predOffset[v + 1]; k++) {
                int edge = predEdges[k];
                long cand = dist[eSrc[edge]] + weights[edge];
                if (p < 0 || cand > d) {
                    d = cand;
                    p = edge;
                }
            }
            if (d < 0) {
                d = 0;
                p = -1;
            }
            dist[v] = d;
            via[v] = p;
            if (d > best) {
                best = d;
                end = v;
            }
        }
        int count = 0;
        for (int v = end; via[v] >= 0; v = eSrc[via[v]]) {
            count++;
        }
        int[] edges = new int[count];
        int[] nodes = new int[count + 1];
        int v = end;
        for (int i = count - 1; i >= 0; i--) {
            edges[i] = via[v];
            nodes[i + 1] = v;
            v = eSrc[via[v]];
        }
        nodes[0] = v;
        return new CriticalPath(this, nodes, edges, weights, best);
    }
}
