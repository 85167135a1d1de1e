package dev.parallax.model.pipeline;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The simulator against the closed forms: Megatron-LM §2.2 (GPipe/1F1B (p−1)/m, interleaved (1/v)(p−1)/m) and
 * Zero Bubble §3.1 (1F1B (p−1)(T_F+T_B+T_W), ZB-H1 (p−1)(T_F+T_B−T_W), ZB-H2 (p−1)(T_F+T_B−2T_W)).
 */
class PipelineSimulatorTest {
    private static final double EPS = 1e-9;

    @Test
    void oneFOneBAndGpipeMatchMegatronClosedForms() {
        for (int p : new int[] {1, 2, 4, 8}) {
            for (int m : new int[] {1, 4, 8, 32}) {
                for (ScheduleKind k : new ScheduleKind[] {ScheduleKind.GPIPE, ScheduleKind.ONE_F_ONE_B}) {
                    PipelineTimeline t = PipelineSimulator.simulate(k, PipelineConfig.uniform(p, m, 1, 1.0, 1.5, 0.5, 0));
                    assertThat(t.bubbleTime()).as("%s p=%d m=%d", k, p, m)
                            .isCloseTo(BubbleFormulas.oneFOneBBubbleTime(p, 1.0, 2.0), within(EPS));
                    assertThat(t.bubbleRatioToIdeal()).isCloseTo(BubbleFormulas.oneFOneBBubbleRatioToIdeal(p, m), within(EPS));
                    assertThat(t.bubbleFraction()).isCloseTo(BubbleFormulas.oneFOneBBubbleFraction(p, m), within(EPS));
                    assertThat(t.makespan()).isCloseTo((m + p - 1) * 3.0, within(EPS));
                }
            }
        }
    }

    @Test
    void interleavedMatchesMegatronClosedForm() {
        for (int v : new int[] {1, 2, 3, 4}) {
            for (int[] pm : new int[][] {{2, 4}, {4, 8}, {4, 16}, {8, 16}}) {
                int p = pm[0];
                int m = pm[1];
                PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.INTERLEAVED,
                        PipelineConfig.uniform(p, m, v, 1.0, 2.0, 0, 0));
                assertThat(t.bubbleTime()).as("p=%d m=%d v=%d", p, m, v)
                        .isCloseTo(BubbleFormulas.interleavedBubbleTime(p, v, 1.0, 2.0), within(EPS));
                assertThat(t.bubbleRatioToIdeal()).isCloseTo(BubbleFormulas.interleavedBubbleRatioToIdeal(p, m, v), within(EPS));
                assertThat(t.opsOf(0)).hasSize(2 * m * v);
            }
        }
        assertThatThrownBy(() -> PipelineSimulator.simulate(ScheduleKind.INTERLEAVED, PipelineConfig.uniform(4, 6, 2, 1, 2, 0, 0)))
                .hasMessageContaining("multiple");
    }

    @Test
    void zeroBubbleSchedulesMatchThePaperFormulas() {
        double[][] times = {{1, 1, 1}, {1, 1, 0.5}, {1, 2, 1}, {2, 1, 1}, {1, 1.5, 0.5}};
        for (double[] t : times) {
            for (int[] pm : new int[][] {{2, 4}, {4, 8}, {4, 16}, {8, 24}}) {
                int p = pm[0];
                int m = pm[1];
                PipelineConfig c = PipelineConfig.uniform(p, m, 1, t[0], t[1], t[2], 0);
                String what = "p=" + p + " m=" + m + " T=" + java.util.Arrays.toString(t);
                assertThat(PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B, c).bubbleTime()).as(what)
                        .isCloseTo(BubbleFormulas.zeroBubbleOneFOneB(p, t[0], t[1], t[2]), within(EPS));
                assertThat(PipelineSimulator.simulate(ScheduleKind.ZB_H1, c).bubbleTime()).as(what)
                        .isCloseTo(BubbleFormulas.zbH1(p, t[0], t[1], t[2]), within(EPS));
                assertThat(PipelineSimulator.simulate(ScheduleKind.ZB_H2, c).bubbleTime()).as(what)
                        .isCloseTo(BubbleFormulas.zbH2(p, t[0], t[1], t[2]), within(EPS));
            }
        }
    }

    @Test
    void closedFormsHoldExactlyWhereTheyApply() {
        for (ScheduleKind k : ScheduleKind.values()) {
            for (int p = 1; p <= 6; p++) {
                for (int m = 1; m <= 14; m++) {
                    int v = k == ScheduleKind.INTERLEAVED && m % p == 0 ? 2 : 1;
                    PipelineTimeline t = PipelineSimulator.simulate(k, PipelineConfig.uniform(p, m, v, 1, 1, 1, 0));
                    double closed = BubbleFormulas.bubbleTime(k, p, v, 1, 1, 1);
                    if (BubbleFormulas.closedFormApplies(k, p, m)) {
                        assertThat(t.bubbleTime()).as("%s p=%d m=%d v=%d", k, p, m, v).isCloseTo(closed, within(EPS));
                    } else {
                        assertThat(t.bubbleTime()).as("%s p=%d m=%d", k, p, m).isGreaterThan(closed);
                    }
                }
            }
        }
    }

    @Test
    void zeroBubbleMemoryMatchesThePaper() {
        int p = 4;
        int m = 12;
        PipelineConfig c = PipelineConfig.uniform(p, m, 1, 1, 1, 1, 0);
        // ZB-H1 keeps 1F1B's peak of p micro-batches in flight on the first stage; ZB-H2 holds 2p−1
        assertThat(peakInFlight(PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B, c), 0, false)).isEqualTo(p);
        assertThat(peakInFlight(PipelineSimulator.simulate(ScheduleKind.ZB_H1, c), 0, true)).isEqualTo(p);
        assertThat(peakInFlight(PipelineSimulator.simulate(ScheduleKind.ZB_H2, c), 0, true)).isEqualTo(2 * p - 1);
    }

    /** Micro-batches whose activations are held: forwards started minus (weight) gradients finished. */
    private static int peakInFlight(PipelineTimeline t, int stage, boolean split) {
        int held = 0;
        int peak = 0;
        for (PipelineOp op : t.opsOf(stage)) {
            if (op.kind() == OpKind.F) {
                peak = Math.max(peak, ++held);
            } else if (op.kind() == (split ? OpKind.W : OpKind.B)) {
                held--;
            }
        }
        return peak;
    }

    @Test
    void timelineRespectsDependenciesWithUnequalStagesAndP2p() {
        double[] tf = {1.0, 1.3, 0.8, 1.1};
        double[] tb = {2.0, 2.1, 1.9, 2.4};
        double[] tw = {0.5, 0.9, 0.7, 0.6};
        double p2p = 0.05;
        for (ScheduleKind k : ScheduleKind.values()) {
            int v = k == ScheduleKind.INTERLEAVED ? 2 : 1;
            PipelineConfig c = new PipelineConfig(4, 8, v, tf, tb, tw, p2p);
            PipelineTimeline t = PipelineSimulator.simulate(k, c);
            Map<String, PipelineOp> byKey = new HashMap<>();
            for (PipelineOp op : t.ops()) {
                byKey.put(op.kind() + "/" + (op.chunk() * 4 + op.stage()) + "/" + op.microbatch(), op);
            }
            int expected = 8 * v * (k.splitsBackward() ? 3 : 2) * 4;
            assertThat(t.ops()).as(k.id()).hasSize(expected);
            for (int s = 0; s < 4; s++) {
                List<PipelineOp> ops = t.opsOf(s);
                for (int i = 1; i < ops.size(); i++) {
                    assertThat(ops.get(i).start()).isGreaterThanOrEqualTo(ops.get(i - 1).end() - EPS);
                }
                for (PipelineOp op : ops) {
                    double d = switch (op.kind()) {
                        case F -> tf[s];
                        case B -> k.splitsBackward() ? tb[s] : tb[s] + tw[s];
                        case W -> tw[s];
                    };
                    assertThat(op.duration()).isCloseTo(d / v, within(EPS));
                    int vs = op.chunk() * 4 + s;
                    if (op.kind() == OpKind.F && vs > 0) {
                        assertThat(op.start()).isGreaterThanOrEqualTo(byKey.get("F/" + (vs - 1) + "/" + op.microbatch()).end() + p2p - EPS);
                    }
                    if (op.kind() == OpKind.B && vs < 4 * v - 1) {
                        assertThat(op.start()).isGreaterThanOrEqualTo(byKey.get("B/" + (vs + 1) + "/" + op.microbatch()).end() + p2p - EPS);
                    }
                    if (op.kind() == OpKind.W) {
                        assertThat(op.start()).isGreaterThanOrEqualTo(byKey.get("B/" + vs + "/" + op.microbatch()).end() - EPS);
                    }
                }
            }
        }
    }

    @Test
    void gpipeWithP2pLatencyHasTheCriticalPathLength() {
        int p = 4;
        int m = 6;
        double tf = 1;
        double tb = 2;
        double lat = 0.25;
        PipelineTimeline t = PipelineSimulator.simulate(ScheduleKind.GPIPE, PipelineConfig.uniform(p, m, 1, tf, tb, 0, lat));
        assertThat(t.makespan()).isCloseTo(m * tf + (p - 1) * (tf + lat) + m * tb + (p - 1) * (tb + lat), within(EPS));
    }

    @Test
    void parsesScheduleNames() {
        assertThat(ScheduleKind.parse("gpipe")).isEqualTo(ScheduleKind.GPIPE);
        assertThat(ScheduleKind.parse("1F1B")).isEqualTo(ScheduleKind.ONE_F_ONE_B);
        assertThat(ScheduleKind.parse("interleaved")).isEqualTo(ScheduleKind.INTERLEAVED);
        assertThat(ScheduleKind.parse("zb-h1")).isEqualTo(ScheduleKind.ZB_H1);
        assertThat(ScheduleKind.parse("ZB_H2")).isEqualTo(ScheduleKind.ZB_H2);
        assertThatThrownBy(() -> ScheduleKind.parse("dualpipe")).hasMessageContaining("zb-h2");
        assertThatThrownBy(() -> PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B, PipelineConfig.uniform(4, 8, 2, 1, 1, 1, 0)))
                .hasMessageContaining("interleaved");
    }
}
