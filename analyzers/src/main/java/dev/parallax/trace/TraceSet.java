package dev.parallax.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The traces of one job (e.g. a folder of ranks), sorted by rank, on one clock: every trace's times are
 * absolute nanoseconds (Kineto's {@code baseTimeNanoseconds + ts}), so ranks line up without shifting.
 */
public final class TraceSet {
    private final String name;
    private final List<Member> members;
    private final long minTime;
    private final long maxTime;

    /** One trace of the set with its rank and where that rank came from. */
    public record Member(Trace trace, int rank, RankSource rankSource) {
    }

    public TraceSet(String name, List<Member> members) {
        this.name = name;
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparingInt(Member::rank));
        this.members = List.copyOf(sorted);
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (Member m : sorted) {
            if (m.trace().sliceCount() > 0 || m.trace().counterSampleCount() > 0) {
                lo = Math.min(lo, m.trace().minTime());
                hi = Math.max(hi, m.trace().maxTime());
            }
        }
        this.minTime = lo == Long.MAX_VALUE ? 0 : lo;
        this.maxTime = hi == Long.MIN_VALUE ? 0 : hi;
    }

    /** A set holding one trace, ranked by its own metadata or 0. */
    public static TraceSet single(Trace trace) {
        Integer r = trace.metadata().rank();
        return new TraceSet(trace.source(), List.of(new Member(trace, r == null ? 0 : r,
                r == null ? RankSource.LOAD_ORDER : RankSource.DISTRIBUTED_INFO)));
    }

    /** A display name: the folder or the file the set was opened from. */
    public String name() {
        return name;
    }

    /** Members sorted by rank. */
    public List<Member> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public Member member(int index) {
        return members.get(index);
    }

    /** The member with rank {@code rank}, or null. */
    public Member byRank(int rank) {
        for (Member m : members) {
            if (m.rank() == rank) {
                return m;
            }
        }
        return null;
    }

    public List<Trace> traces() {
        List<Trace> out = new ArrayList<>(members.size());
        for (Member m : members) {
            out.add(m.trace());
        }
        return out;
    }

    /** Earliest time over all ranks. */
    public long minTime() {
        return minTime;
    }

    /** Latest time over all ranks. */
    public long maxTime() {
        return maxTime;
    }
}
