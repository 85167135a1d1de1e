package dev.parallax.samples;

import dev.parallax.samples.TestFiles.Event;
import dev.parallax.samples.core.SeededRandom;
import dev.parallax.samples.pipeline.PipelineOptions;
import dev.parallax.samples.pipeline.PipelineSchedule;
import dev.parallax.samples.pipeline.PipelineSimulator;
import dev.parallax.samples.pipeline.PipelineSimulator.TimedOp;
import dev.parallax.samples.pipeline.PipelineTraceGenerator;
import dev.parallax.samples.pipeline.ScheduleKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.parallax.samples.MiniJson.dbl;
import static dev.parallax.samples.MiniJson.list;
import static dev.parallax.samples.MiniJson.num;
import static dev.parallax.samples.MiniJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PipelineTraceGeneratorTest {

    private static double bubbleFraction(List<TimedOp> stageOps, long spanStart, long spanEnd) {
        long busy = 0;
        for (TimedOp t : stageOps) {
            busy += t.end() - t.start();
        }
        return (spanEnd - spanStart - busy) / (double) (spanEnd - spanStart);
    }

    @ParameterizedTest
    @CsvSource({"1f1b,4,8,1", "1f1b,4,16,1", "1f1b,8,8,1", "interleaved,4,8,2", "interleaved,4,16,2",
            "interleaved,2,8,4"})
    void equalStagesGiveTheTextbookBubble(String kind, int p, int m, int v) {
        PipelineOptions o = new PipelineOptions().equalStages();
        o.schedule = ScheduleKind.parse(kind);
        o.stages = p;
        o.microbatches = m;
        o.chunks = v;
        o.layersPerStage = v;
        o.p2pUs = 0;
        List<List<TimedOp>> ops = new PipelineSimulator(o).simulate(0, new SeededRandom(1));
        long end = ops.stream().mapToLong(l -> l.get(l.size() - 1).end()).max().orElseThrow();
        double theory = o.schedule.theoreticalBubbleFraction(p, m, v);
        for (List<TimedOp> stage : ops) {
            assertThat(stage).hasSize(2 * m * o.effectiveChunks());
            assertThat(bubbleFraction(stage, 0, end)).isCloseTo(theory, within(1e-6));
        }
    }

    @Test
    void dependenciesAndOneOpAtATimeHold() {
        PipelineOptions o = new PipelineOptions();
        o.schedule = ScheduleKind.INTERLEAVED;
        PipelineSimulator sim = new PipelineSimulator(o);
        List<List<TimedOp>> ops = sim.simulate(1_000, new SeededRandom(5));
        Map<String, TimedOp> byKey = new HashMap<>();
        for (List<TimedOp> stage : ops) {
            for (int i = 0; i < stage.size(); i++) {
                TimedOp t = stage.get(i);
                byKey.put((t.op().forward() ? "F" : "B") + t.op().microbatch() + "@" + t.virtualStage(), t);
                if (i > 0) {
                    assertThat(t.start()).isGreaterThanOrEqualTo(stage.get(i - 1).end());
                }
            }
        }
        int last = o.stages * o.chunks - 1;
        for (TimedOp t : byKey.values()) {
            int i = t.op().microbatch();
            int vs = t.virtualStage();
            if (t.op().forward() && vs > 0) {
                assertThat(t.start()).isGreaterThanOrEqualTo(byKey.get("F" + i + "@" + (vs - 1)).end() + sim.p2pNs());
            } else if (!t.op().forward() && vs < last) {
                assertThat(t.start()).isGreaterThanOrEqualTo(byKey.get("B" + i + "@" + (vs + 1)).end() + sim.p2pNs());
            } else if (!t.op().forward()) {
                assertThat(t.start()).isGreaterThanOrEqualTo(byKey.get("F" + i + "@" + vs).end());
            }
        }
    }

    @Test
    void oneFOneBOrderHasWarmupSteadyAndCooldown() {
        List<String> stage0 = PipelineSchedule.order(ScheduleKind.ONE_F_ONE_B, 0, 4, 8, 1).stream()
                .map(op -> op.label(false)).collect(Collectors.toList());
        assertThat(stage0).containsExactly("F0", "F1", "F2", "F3", "B0", "F4", "B1", "F5", "B2", "F6", "B3", "F7",
                "B4", "B5", "B6", "B7");
        List<String> last = PipelineSchedule.order(ScheduleKind.ONE_F_ONE_B, 3, 4, 8, 1).stream()
                .map(op -> op.label(false)).collect(Collectors.toList());
        assertThat(last.subList(0, 4)).containsExactly("F0", "B0", "F1", "B1");
    }

    @Test
    void slowStageIsVisibleAndTraceMatchesGroundTruth(@TempDir Path tmp) throws Exception {
        PipelineOptions o = new PipelineOptions();
        o.tp = 2;
        o.slowStage = 1;
        o.slowFactor = 1.5;
        new PipelineTraceGenerator(o).generate(tmp, "pp");
        Map<String, Object> expected = MiniJson.read(tmp.resolve("pp.expected.json"));
        assertThat(num(expected.get("stages"))).isEqualTo(4);
        Map<String, Object> it0 = obj(list(expected.get("per_iteration")).get(0));
        List<Object> stages = list(it0.get("stages"));
        double slow = dbl(obj(stages.get(1)).get("bubble_fraction"));
        double first = dbl(obj(stages.get(0)).get("bubble_fraction"));
        assertThat(slow).as("the slow stage idles least").isLessThan(first);
        assertThat(first).as("stalls behind the slow stage add to the 1F1B bubble")
                .isGreaterThan(ScheduleKind.ONE_F_ONE_B.theoreticalBubbleFraction(4, 8, 1));
        for (Object ro : list(expected.get("ranks"))) {
            Map<String, Object> r = obj(ro);
            assertThat(num(r.get("late_launches"))).isZero();
            int stage = (int) num(r.get("stage"));
            Path file = tmp.resolve((String) r.get("file"));
            long base = TestFiles.topLevelLong(file, "baseTimeNanoseconds");
            List<Event> events = TestFiles.events(file);
            List<Event> gpuSteps = events.stream().filter(e -> "gpu_user_annotation".equals(e.cat()))
                    .collect(Collectors.toList());
            List<Object> ops = list(obj(stages.get(stage)).get("ops"));
            List<Object> ops1 = list(obj(list(obj(list(expected.get("per_iteration")).get(1)).get("stages"))
                    .get(stage)).get("ops"));
            assertThat(gpuSteps).hasSize(ops.size() + ops1.size());
            for (int i = 0; i < ops.size(); i++) {
                Map<String, Object> op = obj(ops.get(i));
                Event e = gpuSteps.get(i);
                assertThat(e.name()).isEqualTo(op.get("kind").equals("F") ? "forward_step" : "backward_step");
                assertThat(base + e.tsNs()).isEqualTo(num(op.get("start_ns")));
                assertThat(base + e.tsNs() + e.durNs()).isEqualTo(num(op.get("end_ns")));
            }
            long tpAllReduces = events.stream().filter(e -> "kernel".equals(e.cat())
                    && e.name().startsWith("ncclDevKernel_AllReduce") && "tp".equals(e.args().get(
                    "Process Group Description"))).count();
            assertThat(tpAllReduces).as("2 TP all-reduces per layer per pass").isPositive();
            long sendRecv = events.stream().filter(e -> e.name().startsWith("ncclDevKernel_SendRecv")).count();
            long expectedP2p = stage == 0 || stage == 3 ? 2 * 8 : 4 * 8;
            assertThat(sendRecv).isEqualTo(expectedP2p * 2);
        }
    }

    @Test
    void sameSeedSameBytes(@TempDir Path tmp) throws Exception {
        PipelineOptions o = new PipelineOptions();
        o.schedule = ScheduleKind.INTERLEAVED;
        new PipelineTraceGenerator(o).generate(tmp.resolve("a"), "pp");
        new PipelineTraceGenerator(o).generate(tmp.resolve("b"), "pp");
        for (String f : TestFiles.listFiles(tmp.resolve("a"))) {
            assertThat(TestFiles.content(tmp.resolve("b").resolve(f))).isEqualTo(TestFiles.content(
                    tmp.resolve("a").resolve(f)));
        }
    }
}
