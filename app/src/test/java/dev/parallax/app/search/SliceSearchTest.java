package dev.parallax.app.search;

import dev.parallax.app.bench.SyntheticTrace;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class SliceSearchTest {
    private static long naive(TraceSet set, java.util.function.Predicate<String> p) {
        long n = 0;
        for (Trace t : set.traces()) {
            for (SliceTrack tr : t.sliceTracks()) {
                for (int r = 0; r < tr.size(); r++) {
                    if (p.test(t.string(tr.name(r)))) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    @Test
    void substringAndRegexMatchTheNaiveScanInStartOrder() {
        TraceSet set = SyntheticTrace.generate(2, 20_000, 3, Progress.none());
        for (String q : List.of("nccl", "GEMM", "aten::", "ProfilerStep#1", "no such name")) {
            SliceSearch.Matches m = SliceSearch.run(List.of(set), q, false, Progress.none());
            String lower = q.toLowerCase(Locale.ROOT);
            assertThat((long) m.size()).as(q).isEqualTo(naive(set, s -> s.toLowerCase(Locale.ROOT).contains(lower)));
            for (int i = 1; i < m.size(); i++) {
                assertThat(m.start(i)).isGreaterThanOrEqualTo(m.start(i - 1));
            }
            for (int i = 0; i < Math.min(50, m.size()); i++) {
                assertThat(m.get(i).name().toLowerCase(Locale.ROOT)).contains(lower);
                assertThat(m.indexOf(m.get(i))).isGreaterThanOrEqualTo(0);
            }
        }
        Pattern p = Pattern.compile("^nccl.*(AllReduce|AllGather)", Pattern.CASE_INSENSITIVE);
        SliceSearch.Matches rx = SliceSearch.run(List.of(set), p.pattern(), true, Progress.none());
        assertThat((long) rx.size()).isEqualTo(naive(set, s -> p.matcher(s).find())).isPositive();
    }
}
