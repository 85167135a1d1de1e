package dev.parallax.analysis.gpu;

import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds {@link RankProfile}s so that several analyses of one trace set classify each trace once. A front
 * end keeps one cache per opened trace set (the command line's run, the workbench's open set) and drops
 * it with the set; analyses run without one get a fresh cache per run. Thread-safe.
 */
public final class ProfileCache {
    private record Key(Trace trace, int rank, RuleSet rules) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.trace == trace && k.rank == rank && k.rules == rules;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(trace) * 31 + rank * 7 + System.identityHashCode(rules);
        }
    }

    private final Map<Key, RankProfile> profiles = new ConcurrentHashMap<>();

    /** The profile of every member of {@code set}, in rank order, built in parallel where missing. */
    public List<RankProfile> profiles(TraceSet set, RuleSet rules, Progress progress) {
        List<TraceSet.Member> members = set.members();
        RankProfile[] out = new RankProfile[members.size()];
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.stream.IntStream.range(0, members.size()).parallel().forEach(i -> {
            progress.checkCancelled();
            TraceSet.Member m = members.get(i);
            out[i] = profiles.computeIfAbsent(new Key(m.trace(), m.rank(), rules),
                    k -> RankProfile.build(m.trace(), m.rank(), rules));
            progress.update(done.incrementAndGet(), members.size(), "classified rank " + m.rank());
        });
        return new ArrayList<>(List.of(out));
    }

    public int size() {
        return profiles.size();
    }

    public void clear() {
        profiles.clear();
    }
}
