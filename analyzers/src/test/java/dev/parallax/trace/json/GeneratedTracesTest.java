package dev.parallax.trace.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled generated training job (two DDP ranks whose clock bases lie in different 3-month buckets)
 * against the generator's ground-truth sidecar: counts per phase and category, GPU kernels, flows, clock base
 * and exact step boundaries.
 */
class GeneratedTracesTest {
    @TempDir
    Path dir;

    @Test
    void ddpTrainingSampleMatchesItsGroundTruth() throws IOException {
        BundledSamples.Sample sample = BundledSamples.get("training-ddp-2rank");
        Path folder = BundledSamples.extract(sample, dir);
        JsonNode truth;
        try (var s = Files.list(folder)) {
            Path expected = s.filter(p -> p.toString().endsWith(".expected.json")).findFirst().orElseThrow();
            truth = new ObjectMapper().readTree(expected.toFile());
        }
        TraceSet set = TraceSetLoader.withDefaults().load(List.of(folder), Progress.none()).traceSet();
        assertThat(set.size()).isEqualTo(2);
        for (JsonNode r : truth.get("ranks")) {
            TraceSet.Member m = set.byRank(r.get("rank").asInt());
            assertThat(m.rankSource()).isEqualTo(RankSource.DISTRIBUTED_INFO);
            Trace t = m.trace();
            assertThat(t.metadata().baseTimeNanoseconds()).isEqualTo(r.get("base_time_ns").asLong());
            Map<String, Long> phases = new HashMap<>();
            Map<String, Long> sliceCats = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = r.get("events_by_phase_and_category").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String[] pc = e.getKey().split("/", -1);
                phases.merge(pc[0], e.getValue().asLong(), Long::sum);
                if (pc[0].equals("X")) {
                    sliceCats.merge(pc[1], e.getValue().asLong(), Long::sum);
                }
            }
            assertThat(t.eventsByPhase()).isEqualTo(phases);
            Map<String, Long> actualCats = new HashMap<>();
            long kernels = 0;
            for (SliceTrack tr : t.sliceTracks()) {
                for (int row = 0; row < tr.size(); row++) {
                    String cat = t.string(tr.category(row));
                    actualCats.merge(cat, 1L, Long::sum);
                    if (tr.kind() == TrackKind.GPU_STREAM && cat.equals("kernel")) {
                        kernels++;
                    }
                }
            }
            assertThat(actualCats).isEqualTo(sliceCats);
            assertThat(kernels).isEqualTo(r.get("kernels").asLong());
            assertThat(t.flows().size()).isEqualTo(phases.get("s").intValue());
            assertThat(t.diagnostics().isEmpty()).as(t.diagnostics().lines().toString()).isTrue();
            // step boundaries are exact to the nanosecond after adding the clock base
            int stepName = t.strings().find("ProfilerStep#10");
            long stepStart = Long.MIN_VALUE;
            long stepEnd = Long.MIN_VALUE;
            for (SliceTrack tr : t.tracks(TrackKind.CPU_THREAD)) {
                for (int row = 0; row < tr.size(); row++) {
                    if (tr.name(row) == stepName) {
                        stepStart = tr.start(row);
                        stepEnd = tr.end(row);
                    }
                }
            }
            JsonNode step = r.get("steps").get(0);
            assertThat(stepStart).isEqualTo(step.get("start_ns").asLong());
            assertThat(stepEnd).isEqualTo(step.get("end_ns").asLong());
        }
        // ranks 90 days apart in clock base still line up within the profiled second
        assertThat(Math.abs(set.member(0).trace().minTime() - set.member(1).trace().minTime()))
                .isLessThan(1_000_000_000L);
        assertThat(set.minTime()).isGreaterThanOrEqualTo(truth.get("job_start_ns").asLong());
    }
}
