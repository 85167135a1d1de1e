package dev.parallax.analysis.criticalpath;

import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The time window a critical path is computed over: instances {@code first}..{@code last} (counted from 0
 * in start order) of the CPU slices whose name contains {@code annotation} (HTA matches the same way, so
 * {@code ProfilerStep} finds {@code ProfilerStep#12}), or the whole trace when the annotation is empty.
 *
 * @param label words for people, e.g. {@code ProfilerStep #1} or {@code whole trace}
 */
public record Region(long start, long end, String label) {

    /** The region of {@code trace}, or null when the annotation or the instance is not there. */
    public static Region find(Trace trace, String annotation, int first, int last) {
        if (annotation == null || annotation.isEmpty()) {
            return new Region(trace.minTime(), trace.maxTime(), "whole trace");
        }
        List<long[]> found = instancesOf(trace, annotation);
        int to = Math.max(first, last);
        if (first < 0 || to >= found.size()) {
            return null;
        }
        long s = Long.MAX_VALUE;
        long e = Long.MIN_VALUE;
        for (int i = first; i <= to; i++) {
            s = Math.min(s, found.get(i)[0]);
            e = Math.max(e, found.get(i)[1]);
        }
        String label = annotation + " #" + first + (to > first ? "–" + to : "");
        return new Region(s, e, label);
    }

    /** The index of the first instance of {@code annotation} (in start order) that holds {@code time}, or -1. */
    public static int instanceAt(Trace trace, String annotation, long time) {
        List<long[]> found = instancesOf(trace, annotation);
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i)[0] <= time && time <= found.get(i)[1]) {
                return i;
            }
        }
        return -1;
    }

    /** How many instances of {@code annotation} the trace holds. */
    public static int instances(Trace trace, String annotation) {
        return instancesOf(trace, annotation).size();
    }

    /** {start, end} of every CPU slice whose name contains {@code annotation}, by start (longer first). */
    private static List<long[]> instancesOf(Trace trace, String annotation) {
        byte[] match = new byte[trace.strings().size()];
        List<long[]> found = new ArrayList<>();
        for (SliceTrack t : trace.sliceTracks()) {
            if (t.kind() != TrackKind.CPU_THREAD) {
                continue;
            }
            for (int r = 0; r < t.size(); r++) {
                int name = t.name(r);
                if (match[name] == 0) {
                    match[name] = (byte) (trace.string(name).contains(annotation) ? 1 : 2);
                }
                if (match[name] == 1) {
                    found.add(new long[] {t.start(r), t.end(r)});
                }
            }
        }
        found.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(b[1], a[1]));
        return found;
    }
}
