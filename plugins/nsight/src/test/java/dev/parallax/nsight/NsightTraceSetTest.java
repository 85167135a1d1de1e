package dev.parallax.nsight;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An export holding two processes becomes a two-rank trace set through the engine's loaders. */
class NsightTraceSetTest {
    @Test
    void oneExportOfTwoProcessesOpensAsTwoRanks() throws Exception {
        TraceLoader loader = TraceLoader.discover(NsightTraceSetTest.class.getClassLoader());
        assertThat(loader.importers()).extracting(i -> i.id()).contains("nsight-sqlite");
        var file = NsightImporterRealTraceTest.fixture("h100_2gpu_1s.sqlite");
        assertThat(loader.choose(file).importer().id()).isEqualTo("nsight-sqlite");

        TraceSetLoader.Outcome o = new TraceSetLoader(loader, 1).load(List.of(file), Progress.none());
        TraceSet set = o.traceSet();
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.members()).extracting(TraceSet.Member::rank).containsExactly(0, 1);
        assertThat(set.members()).extracting(TraceSet.Member::rankSource).containsOnly(RankSource.LOAD_ORDER);
        assertThat(set.member(0).trace().metadata().other()).containsEntry("pids", "111");
        assertThat(o.notes()).anyMatch(n -> n.contains("holds 2 ranks")).noneMatch(n -> n.contains("duplicate"));
        assertThat(o.failures()).isEmpty();
    }
}
