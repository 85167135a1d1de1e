package dev.parallax.app.timeline;

import dev.parallax.analysis.Overlay;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;

import java.util.ArrayList;
import java.util.List;

/**
 * One node of the track hierarchy shown by the explorer and the timeline: a trace set, a rank, a process
 * (groups), or a slice track, counter track or analysis-overlay lane (leaves). Collapsed and pinned flags
 * live in the {@link TrackTree}, keyed by {@link #key()}, so they survive rebuilding the tree.
 */
public final class TrackNode {
    /** What a node stands for. */
    public enum Kind { SET, RANK, PROCESS, SLICES, COUNTER, OVERLAY }

    private final Kind kind;
    private final String key;
    private final String label;
    private final TraceSet set;
    private final int member;
    private final SliceTrack slices;
    private final CounterTrack counter;
    private final Overlay.Lane lane;
    private final List<TrackNode> children = new ArrayList<>();
    private TrackNode parent;

    TrackNode(Kind kind, String key, String label, TraceSet set, int member, SliceTrack slices,
              CounterTrack counter, Overlay.Lane lane) {
        this.kind = kind;
        this.key = key;
        this.label = label;
        this.set = set;
        this.member = member;
        this.slices = slices;
        this.counter = counter;
        this.lane = lane;
    }

    void add(TrackNode child) {
        child.parent = this;
        children.add(child);
    }

    public Kind kind() {
        return kind;
    }

    /** Stable identity used for collapsed and pinned state. */
    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public TraceSet set() {
        return set;
    }

    /** Index of the node's rank in {@link TraceSet#members()}, or -1 for a set node. */
    public int member() {
        return member;
    }

    /** The trace of the node's rank, or null for a set node. */
    public Trace trace() {
        return member < 0 ? null : set.member(member).trace();
    }

    /** The rank number, or -1 for a set node. */
    public int rank() {
        return member < 0 ? -1 : set.member(member).rank();
    }

    public SliceTrack slices() {
        return slices;
    }

    public CounterTrack counter() {
        return counter;
    }

    public Overlay.Lane lane() {
        return lane;
    }

    public List<TrackNode> children() {
        return children;
    }

    public TrackNode parent() {
        return parent;
    }

    public boolean isGroup() {
        return kind == Kind.SET || kind == Kind.RANK || kind == Kind.PROCESS;
    }

    /** Adds every leaf under this node (or the node itself when it is a leaf) to {@code out}. */
    public void collectLeaves(List<TrackNode> out) {
        if (!isGroup()) {
            out.add(this);
            return;
        }
        for (TrackNode c : children) {
            c.collectLeaves(out);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}
