package dev.parallax.app.details;

import dev.parallax.app.testing.TestTraces;
import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.app.timeline.TrackTree;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DetailsLogicTest {
    private static int row(Trace t, SliceTrack track, String name) {
        for (int r = 0; r < track.size(); r++) {
            if (t.string(track.name(r)).equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void selfTimeSubtractsDirectChildrenOnly() {
        Trace t = TestTraces.small(0);
        SliceTrack cpu = t.sliceTrack(0);
        assertThat(SliceMetrics.selfTime(cpu, row(t, cpu, "step"))).isEqualTo((1000 - 200 - 300) * 1_000L);
        assertThat(SliceMetrics.selfTime(cpu, row(t, cpu, "opB"))).isEqualTo((300 - 10) * 1_000L);
        assertThat(SliceMetrics.selfTime(cpu, row(t, cpu, "opA"))).isEqualTo(200 * 1_000L);
    }

    @Test
    void areaAggregateMergesRanksByNameAndCountsOverlappingSlices() {
        TraceSet set = TestTraces.smallSet();
        TrackTree tree = new TrackTree();
        tree.rebuild(List.of(set), Map.of());
        List<TrackNode> leaves = new ArrayList<>();
        tree.roots().get(0).collectLeaves(leaves);
        // [420 µs, 660 µs) overlaps step, opB, gemm and nccl_allreduce on both ranks (opA ended at 300).
        List<AreaAggregate.Row> rows = AreaAggregate.of(new AreaSelection(420_000, 660_000, leaves));
        Map<String, AreaAggregate.Row> by = new java.util.HashMap<>();
        rows.forEach(r -> by.put(r.name(), r));
        assertThat(by.keySet()).containsExactlyInAnyOrder("step", "opB", "gemm", "nccl_allreduce");
        assertThat(by.get("gemm").count()).isEqualTo(2);
        assertThat(by.get("gemm").total()).isEqualTo(2 * 150_000L);
        assertThat(by.get("step").max()).isEqualTo(1_000_000L);
        assertThat(rows.get(0).name()).isEqualTo("step");
        double shares = rows.stream().mapToDouble(AreaAggregate.Row::share).sum();
        assertThat(shares).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        String tsv = AreaAggregate.toTsv(rows);
        assertThat(tsv.split("\n")).hasSize(5);
        assertThat(tsv).startsWith("name\tcount\ttotal_us\tmean_us\tmax_us\tshare_percent\n");
        assertThat(tsv).contains("gemm\t2\t300.000\t150.000\t150.000\t");
    }
}
