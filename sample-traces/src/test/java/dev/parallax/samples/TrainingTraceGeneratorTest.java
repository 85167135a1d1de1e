package dev.parallax.samples;

import dev.parallax.samples.TestFiles.Event;
import dev.parallax.samples.training.TrainingOptions;
import dev.parallax.samples.training.TrainingTraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.parallax.samples.MiniJson.list;
import static dev.parallax.samples.MiniJson.num;
import static dev.parallax.samples.MiniJson.obj;
import static org.assertj.core.api.Assertions.assertThat;

class TrainingTraceGeneratorTest {
    private static TrainingOptions small(long seed) {
        TrainingOptions o = new TrainingOptions();
        o.ranks = 2;
        o.steps = 2;
        o.layers = 2;
        o.seed = seed;
        return o;
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoes(@TempDir Path tmp) throws Exception {
        new TrainingTraceGenerator(small(7)).generate(tmp.resolve("a"), "t");
        new TrainingTraceGenerator(small(7)).generate(tmp.resolve("b"), "t");
        new TrainingTraceGenerator(small(8)).generate(tmp.resolve("c"), "t");
        for (String f : List.of("rank-0.pt.trace.json", "rank-1.pt.trace.json", "t.expected.json")) {
            assertThat(TestFiles.content(tmp.resolve("b").resolve(f)))
                    .isEqualTo(TestFiles.content(tmp.resolve("a").resolve(f)));
        }
        assertThat(TestFiles.content(tmp.resolve("c/rank-0.pt.trace.json")))
                .isNotEqualTo(TestFiles.content(tmp.resolve("a/rank-0.pt.trace.json")));
    }

    @Test
    void groundTruthMatchesWhatTheFilesContain(@TempDir Path tmp) throws Exception {
        TrainingOptions o = small(3);
        o.ranks = 3;
        o.layers = 3;
        o.legacyNccl = true;
        new TrainingTraceGenerator(o).generate(tmp, "t");
        Map<String, Object> expected = MiniJson.read(tmp.resolve("t.expected.json"));
        Set<Long> bases = new HashSet<>();
        Map<String, Long> firstStepStart = new HashMap<>();
        for (Object ro : list(expected.get("ranks"))) {
            Map<String, Object> r = obj(ro);
            Path file = tmp.resolve((String) r.get("file"));
            List<Event> events = TestFiles.events(file);
            assertThat((long) events.size()).isEqualTo(num(r.get("events")));
            Map<String, Long> byCat = new TreeMap<>();
            long kernels = 0;
            long nccl = 0;
            Set<String> launches = new HashSet<>();
            long flowStarts = 0;
            long flowEnds = 0;
            for (Event e : events) {
                if (!e.ph().equals("M")) {
                    byCat.merge(e.cat() == null ? "" : e.cat(), 1L, Long::sum);
                }
                if ("kernel".equals(e.cat())) {
                    kernels++;
                    assertThat(e.name()).doesNotStartWith("ncclDevKernel");
                    if (e.name().startsWith("ncclKernel_AllReduce")) {
                        nccl++;
                        assertThat(e.args()).containsEntry("Collective name", "allreduce")
                                .containsEntry("Process Group Ranks", "[0, 1, 2]");
                    }
                    assertThat(e.tid()).isEqualTo(e.args().get("stream"));
                }
                if (("cuda_runtime".equals(e.cat()) || "cuda_driver".equals(e.cat())) && e.name().contains("Launch")) {
                    launches.add(e.args().get("correlation"));
                }
                if ("ac2g".equals(e.cat())) {
                    if (e.ph().equals("s")) {
                        flowStarts++;
                    } else {
                        flowEnds++;
                    }
                }
            }
            Map<String, Object> expectedByCat = obj(r.get("events_by_category"));
            assertThat(byCat).hasSameSizeAs(expectedByCat);
            expectedByCat.forEach((k, v) -> assertThat(byCat.get(k)).as(k).isEqualTo(num(v)));
            assertThat(kernels).isEqualTo(num(r.get("kernels")));
            assertThat(nccl).isEqualTo(num(r.get("nccl_kernels"))).isEqualTo(2L * 2);
            assertThat(flowStarts).as("every launch flow reaches a GPU activity").isEqualTo(flowEnds)
                    .isEqualTo(launches.size() + num(r.get("memcpy")) + num(r.get("memset")));
            // Every step: overlap is no larger than either side, and communication is partly hidden.
            for (Object so : list(r.get("steps"))) {
                Map<String, Object> s = obj(so);
                assertThat(num(s.get("comm_compute_overlap_ns"))).isPositive()
                        .isLessThan(num(s.get("gpu_comm_busy_ns")));
            }
            long base = TestFiles.topLevelLong(file, "baseTimeNanoseconds");
            assertThat(base).isEqualTo(num(r.get("base_time_ns")));
            bases.add(base);
            long stepStart = events.stream().filter(e -> e.name().equals("ProfilerStep#10")).findFirst()
                    .orElseThrow().tsNs() + base;
            assertThat(stepStart).isEqualTo(num(obj(list(r.get("steps")).get(0)).get("start_ns")));
            firstStepStart.put((String) r.get("file"), stepStart);
        }
        assertThat(bases).as("rank 0 sits in an earlier 3-month bucket").hasSize(2);
        long min = firstStepStart.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = firstStepStart.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(max - min).as("ranks start step 10 together on the absolute clock").isLessThan(1_000_000L);
    }

    @Test
    void targetBytesPicksTheNumberOfSteps(@TempDir Path tmp) throws Exception {
        TrainingOptions o = small(1);
        o.ranks = 1;
        o.targetBytes = 2_000_000;
        int steps = new TrainingTraceGenerator(o).generate(tmp, "t");
        long size = java.nio.file.Files.size(tmp.resolve("rank-0.pt.trace.json"));
        assertThat(size).isGreaterThanOrEqualTo(2_000_000L).isLessThan(2_000_000L + 400_000L);
        assertThat(steps).isGreaterThan(3);
    }
}
