package dev.parallax.app.search;

import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineModel;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.column.IndexSort;
import dev.parallax.util.Progress;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds slices by name over every track of every open set: the query (a case-insensitive substring or
 * regular expression) is first tested once per distinct string of each trace's pool, then the name
 * columns are scanned comparing ids only, so the cost is one test per distinct name plus one array read
 * per slice. Matches are kept as primitive arrays sorted by start time.
 */
public final class SliceSearch {
    private SliceSearch() {
    }

    /** The matches of one query. */
    public static final class Matches {
        private final List<TraceSet> sets;
        private final int[] set;
        private final int[] member;
        private final int[] track;
        private final int[] row;
        private final long[] start;

        Matches(List<TraceSet> sets, int[] set, int[] member, int[] track, int[] row, long[] start) {
            this.sets = sets;
            this.set = set;
            this.member = member;
            this.track = track;
            this.row = row;
            this.start = start;
        }

        public int size() {
            return row.length;
        }

        public SliceRef get(int i) {
            return new SliceRef(sets.get(set[i]), member[i], track[i], row[i]);
        }

        public TraceSet set(int i) {
            return sets.get(set[i]);
        }

        /** Display-time starts of all matches, sorted (for the ruler's match marks). */
        public long[] sortedDisplayStarts() {
            long[] out = new long[start.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = displayStart(i);
            }
            Arrays.sort(out);
            return out;
        }

        /** Start of match {@code i} in display time (from the start of its set). */
        public long displayStart(int i) {
            return start[i] - TimelineModel.offset(sets.get(set[i]));
        }

        public long start(int i) {
            return start[i];
        }

        /** Index of the first match starting at or after {@code t} (size() when none). */
        public int firstAtOrAfter(long t) {
            int lo = 0;
            int hi = start.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (start[mid] >= t) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }

        /** Index of {@code ref} among the matches, or -1. */
        public int indexOf(SliceRef ref) {
            for (int i = firstAtOrAfter(ref.start()); i < start.length && start[i] == ref.start(); i++) {
                if (sets.get(set[i]) == ref.set() && member[i] == ref.member() && track[i] == ref.track()
                        && row[i] == ref.row()) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Compiles a query; throws {@link java.util.regex.PatternSyntaxException} for a bad regex. */
    public static Pattern compile(String query, boolean regex) {
        return regex ? Pattern.compile(query, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                : Pattern.compile(Pattern.quote(query), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Runs a query over {@code sets}. */
    public static Matches run(List<TraceSet> sets, String query, boolean regex, Progress progress) {
        List<TraceSet> frozen = List.copyOf(sets);
        Pattern p = compile(query, regex);
        String lower = query.toLowerCase(Locale.ROOT);
        int n = 0;
        int[] s = new int[64];
        int[] m = new int[64];
        int[] t = new int[64];
        int[] r = new int[64];
        long[] st = new long[64];
        for (int si = 0; si < frozen.size(); si++) {
            TraceSet set = frozen.get(si);
            for (int mi = 0; mi < set.size(); mi++) {
                progress.checkCancelled();
                Trace trace = set.member(mi).trace();
                StringPool pool = trace.strings();
                boolean[] hit = new boolean[pool.size()];
                boolean any = false;
                for (int id = 1; id < pool.size(); id++) {
                    String name = pool.get(id);
                    boolean h = regex ? p.matcher(name).find() : name.toLowerCase(Locale.ROOT).contains(lower);
                    hit[id] = h;
                    any |= h;
                }
                if (!any) {
                    continue;
                }
                for (SliceTrack track : trace.sliceTracks()) {
                    for (int row = 0; row < track.size(); row++) {
                        int id = track.name(row);
                        if (id > 0 && id < hit.length && hit[id]) {
                            if (n == r.length) {
                                int c = n * 2;
                                s = Arrays.copyOf(s, c);
                                m = Arrays.copyOf(m, c);
                                t = Arrays.copyOf(t, c);
                                r = Arrays.copyOf(r, c);
                                st = Arrays.copyOf(st, c);
                            }
                            s[n] = si;
                            m[n] = mi;
                            t[n] = track.id();
                            r[n] = row;
                            st[n] = track.start(row);
                            n++;
                        }
                    }
                }
            }
        }
        long[] sts = st;
        int[] order = IndexSort.sortedOrder(n, (a, b) -> Long.compare(sts[a], sts[b]));
        int[] s2 = new int[n];
        int[] m2 = new int[n];
        int[] t2 = new int[n];
        int[] r2 = new int[n];
        long[] st2 = new long[n];
        for (int i = 0; i < n; i++) {
            int k = order[i];
            s2[i] = s[k];
            m2[i] = m[k];
            t2[i] = t[k];
            r2[i] = r[k];
            st2[i] = st[k];
        }
        return new Matches(frozen, s2, m2, t2, r2, st2);
    }
}
