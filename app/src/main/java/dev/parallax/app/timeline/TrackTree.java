package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The track hierarchy of every open trace set: set &gt; rank &gt; process &gt; threads, GPU streams and
 * counters, with analysis-overlay lanes first under each rank. Processes follow their sort index then
 * pid; within a process, tracks follow thread sort index, then CPU threads before GPU streams and async
 * lanes, then id. Also holds which nodes are collapsed and which leaves are pinned to the top.
 */
public final class TrackTree {
    private final List<TrackNode> roots = new ArrayList<>();
    private final Set<String> collapsed = new HashSet<>();
    private final Set<String> pinned = new HashSet<>();
    private final Map<SliceTrack, TrackNode> sliceNodes = new IdentityHashMap<>();
    private long stateVersion;

    /** Rebuilds the nodes for {@code sets}; overlays (may be empty) are keyed by set. */
    public void rebuild(List<TraceSet> sets, Map<TraceSet, List<Overlay>> overlays) {
        stateVersion++;
        roots.clear();
        sliceNodes.clear();
        for (int s = 0; s < sets.size(); s++) {
            TraceSet set = sets.get(s);
            String sk = "s" + s + ":" + set.name();
            TrackNode root = new TrackNode(TrackNode.Kind.SET, sk, setLabel(set), set, -1, null, null, null);
            roots.add(root);
            List<Overlay> ov = overlays.getOrDefault(set, List.of());
            for (int m = 0; m < set.size(); m++) {
                root.add(rankNode(set, m, sk, ov));
            }
        }
    }

    private static String setLabel(TraceSet set) {
        String name = set.name();
        try {
            Path p = Path.of(name).getFileName();
            if (p != null) {
                name = p.toString();
            }
        } catch (RuntimeException ignored) {
            // not a path: keep the name as given
        }
        return name + (set.size() > 1 ? "  (" + set.size() + " ranks)" : "");
    }

    private TrackNode rankNode(TraceSet set, int m, String setKey, List<Overlay> overlays) {
        TraceSet.Member mem = set.member(m);
        Trace trace = mem.trace();
        String rk = setKey + "/r" + m;
        String file = trace.source();
        try {
            Path p = Path.of(file).getFileName();
            file = p == null ? file : p.toString();
        } catch (RuntimeException ignored) {
            // keep the source text
        }
        TrackNode rank = new TrackNode(TrackNode.Kind.RANK, rk, "Rank " + mem.rank() + "  ·  " + file, set, m,
                null, null, null);
        for (Overlay o : overlays) {
            for (int l = 0; l < o.lanes().size(); l++) {
                Overlay.Lane lane = o.lanes().get(l);
                if (lane.rank() == mem.rank()) {
                    rank.add(new TrackNode(TrackNode.Kind.OVERLAY, rk + "/o:" + o.id() + ":" + l,
                            lane.label(), set, m, null, null, lane));
                }
            }
        }
        Map<String, List<Object>> byPid = new LinkedHashMap<>();
        Map<String, TrackInfo> pidInfo = new LinkedHashMap<>();
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.size() == 0) {
                continue;
            }
            byPid.computeIfAbsent(t.info().pid(), k -> new ArrayList<>()).add(t);
            pidInfo.putIfAbsent(t.info().pid(), t.info());
        }
        for (CounterTrack c : trace.counterTracks()) {
            if (c.size() == 0) {
                continue;
            }
            byPid.computeIfAbsent(c.info().pid(), k -> new ArrayList<>()).add(c);
            pidInfo.putIfAbsent(c.info().pid(), c.info());
        }
        List<String> pids = new ArrayList<>(byPid.keySet());
        pids.sort(Comparator.<String>comparingInt(p -> pidInfo.get(p).processSortIndex())
                .thenComparing(TrackTree::numericOrder));
        for (String pid : pids) {
            TrackInfo pi = pidInfo.get(pid);
            String pk = rk + "/p" + pid;
            TrackNode proc = new TrackNode(TrackNode.Kind.PROCESS, pk, pi.processLabel(), set, m, null, null, null);
            List<Object> items = byPid.get(pid);
            items.sort(Comparator.comparingInt(TrackTree::sortGroup)
                    .thenComparingInt(o -> o instanceof SliceTrack t ? t.info().threadSortIndex() : 0)
                    .thenComparingInt(o -> o instanceof SliceTrack t ? t.kind().ordinal() : 0)
                    .thenComparing(o -> o instanceof SliceTrack t ? t.info().tid()
                            : ((CounterTrack) o).name(), TrackTree::numericOrder));
            for (Object o : items) {
                if (o instanceof SliceTrack t) {
                    TrackNode n = new TrackNode(TrackNode.Kind.SLICES, pk + "/t" + t.id(), t.info().label(), set, m,
                            t, null, null);
                    sliceNodes.put(t, n);
                    proc.add(n);
                } else {
                    CounterTrack c = (CounterTrack) o;
                    proc.add(new TrackNode(TrackNode.Kind.COUNTER, pk + "/c" + c.id(), c.name(), set, m, null, c,
                            null));
                }
            }
            rank.add(proc);
        }
        return rank;
    }

    private static int sortGroup(Object o) {
        return o instanceof SliceTrack ? 0 : 1;
    }

    /** Orders ids numerically when both are integers, else as text. */
    static int numericOrder(String a, String b) {
        try {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    public List<TrackNode> roots() {
        return roots;
    }

    /** The node painting slice track {@code t}, or null. */
    public TrackNode nodeOf(SliceTrack t) {
        return sliceNodes.get(t);
    }

    /** Increases whenever the nodes, collapsed or pinned flags change (for caches of what depends on them). */
    public long stateVersion() {
        return stateVersion;
    }

    public boolean isCollapsed(TrackNode n) {
        return collapsed.contains(n.key());
    }

    public void setCollapsed(TrackNode n, boolean c) {
        stateVersion++;
        if (c) {
            collapsed.add(n.key());
        } else {
            collapsed.remove(n.key());
        }
    }

    public boolean isPinned(TrackNode n) {
        return pinned.contains(n.key());
    }

    public void setPinned(TrackNode n, boolean p) {
        stateVersion++;
        if (p) {
            pinned.add(n.key());
        } else {
            pinned.remove(n.key());
        }
    }

    /** Whether the node and all its ancestors are expanded (the node is shown in the scrolling area). */
    public boolean isVisible(TrackNode n) {
        for (TrackNode p = n.parent(); p != null; p = p.parent()) {
            if (collapsed.contains(p.key())) {
                return false;
            }
        }
        return true;
    }
}
