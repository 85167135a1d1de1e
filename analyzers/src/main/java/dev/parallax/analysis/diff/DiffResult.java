package dev.parallax.analysis.diff;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Renders a {@link Comparison} as a {@link Result}: metrics for both sides and the deltas, tables (time
 * breakdown, ranks, steps, operators, operator shapes, kernels, host events, explanation) and findings with
 * stable codes. Times are µs per step and rank; {@code delta = B − A}; {@code delta_pct} is relative to A.
 */
final class DiffResult {
    /** A part explains the difference when it is at least this share of the total delta. */
    private static final double EXPLAIN_SHARE = 0.10;

    private DiffResult() {
    }

    static Result of(Comparison c) {
        Result.Builder out = Result.builder(Comparison.ID, "Comparison of two runs");
        double ta = c.stepTimeA();
        double tb = c.stepTimeB();
        out.metric("run_a", "Run A (baseline)", c.nameA(), Unit.NONE);
        out.metric("run_b", "Run B", c.nameB(), Unit.NONE);
        out.metric("rank_pairs", "Rank pairs", c.pairs().size(), Unit.COUNT);
        out.metric("steps_per_rank", "Steps compared per rank", c.stepsPerRank(), Unit.COUNT);
        out.metric("step_pairing", "Steps paired by", c.stepPairing().name().toLowerCase(Locale.ROOT), Unit.NONE);
        out.metric("step_time_a_us", "Step time A", ta / 1000, Unit.US);
        out.metric("step_time_b_us", "Step time B", tb / 1000, Unit.US);
        out.metric("step_time_delta_us", "Step time delta (B − A)", (tb - ta) / 1000, Unit.US);
        out.metric("step_time_delta_pct", "Step time delta", pct(tb - ta, ta), Unit.PERCENT);
        out.metric("explained_by", "Explained per", c.operatorLevel() ? "operator" : "kernel", Unit.NONE);
        double ka = c.perStep(true, RunProfile::deviceEvents);
        double kb = c.perStep(false, RunProfile::deviceEvents);
        out.metric("device_events_a", "Device events per step A", count(ka), Unit.COUNT);
        out.metric("device_events_b", "Device events per step B", count(kb), Unit.COUNT);
        double la = c.perStep(true, r -> r.launches);
        double lb = c.perStep(false, r -> r.launches);
        out.metric("launches_a", "Launch calls per step A", count(la), Unit.COUNT);
        out.metric("launches_b", "Launch calls per step B", count(lb), Unit.COUNT);
        out.metric("launch_host_time_a_us", "Host time in launch calls A", c.perStep(true, r -> r.launchHostTime) / 1000,
                Unit.US);
        out.metric("launch_host_time_b_us", "Host time in launch calls B",
                c.perStep(false, r -> r.launchHostTime) / 1000, Unit.US);
        out.metric("launch_latency_a_us", "Mean launch-to-start latency A", mean(c, true, r -> r.launchLatencySum,
                r -> r.launchLatencyCount) / 1000, Unit.US);
        out.metric("launch_latency_b_us", "Mean launch-to-start latency B", mean(c, false, r -> r.launchLatencySum,
                r -> r.launchLatencyCount) / 1000, Unit.US);
        out.metric("queue_depth_a", "Mean queue depth at launch A", mean(c, true, r -> r.queueDepthSum,
                r -> r.queueDepthSamples), Unit.COUNT);
        out.metric("queue_depth_b", "Mean queue depth at launch B", mean(c, false, r -> r.queueDepthSum,
                r -> r.queueDepthSamples), Unit.COUNT);
        out.metric("queue_depth_max_a", "Max queue depth A", max(c, true), Unit.COUNT);
        out.metric("queue_depth_max_b", "Max queue depth B", max(c, false), Unit.COUNT);

        out.table(breakdown(c));
        out.table(ranks(c));
        out.table(steps(c));
        List<Comparison.Merged> ops = c.merge(RunProfile::operators);
        out.table(groups(c, "operators", "Operators (device time of the kernels each launches)", "Operator", ops, true));
        if (c.bothHaveShapes()) {
            out.table(groups(c, "operator_shapes", "Operators by input shapes and types", "Operator and shapes",
                    c.merge(RunProfile::operatorShapes), true));
        }
        List<Comparison.Merged> kernels = c.merge(RunProfile::kernels);
        out.table(groups(c, "kernels", "Kernels (normalised names)", "Kernel", kernels, false));
        out.table(hostEvents(c));
        List<Comparison.Part> parts = c.explanation();
        out.table(explain(c, parts));
        DiffFindings.add(out, c, parts, ops, kernels, ka, kb, la, lb);
        return out.build();
    }

    /** A count per step: a whole number as a Long, a mean over steps or ranks as a Double. */
    static Number count(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Number) (long) v : (Number) v;
    }

    static Double pct(double delta, double base) {
        return base == 0 ? null : 100.0 * delta / base;
    }

    private static double mean(Comparison c, boolean a, ToDoubleFunction<RunProfile> sum,
                               ToDoubleFunction<RunProfile> n) {
        double s = 0;
        double k = 0;
        for (Comparison.RankPair p : c.pairs()) {
            RunProfile r = a ? p.a() : p.b();
            s += sum.applyAsDouble(r);
            k += n.applyAsDouble(r);
        }
        return k == 0 ? Double.NaN : s / k;
    }

    private static long max(Comparison c, boolean a) {
        long m = 0;
        for (Comparison.RankPair p : c.pairs()) {
            m = Math.max(m, (a ? p.a() : p.b()).queueDepthMax);
        }
        return m;
    }

    private static Table breakdown(Comparison c) {
        Table.Builder t = new Table.Builder("breakdown", "Time per step, side by side")
                .column("quantity", "Quantity");
        Comparison.sideBySide(t, "time_us", "Time", Unit.US)
                .column("delta_us", "Delta (B − A)", Unit.US)
                .column("delta_pct", "Delta", Unit.PERCENT);
        Object[][] rows = {
                {"step time", (ToDoubleFunction<RunProfile>) RunProfile::time},
                {"GPU busy", (ToDoubleFunction<RunProfile>) RunProfile::busy},
                {"GPU idle", (ToDoubleFunction<RunProfile>) RunProfile::idle},
                {"compute", (ToDoubleFunction<RunProfile>) r -> r.compute},
                {"communication", (ToDoubleFunction<RunProfile>) r -> r.communication},
                {"memory", (ToDoubleFunction<RunProfile>) r -> r.memory},
                {"non-compute (busy, not computing)", (ToDoubleFunction<RunProfile>) r -> r.busy - r.compute},
                {"idle: host wait", (ToDoubleFunction<RunProfile>) r -> r.idleHostWait},
                {"idle: kernel wait", (ToDoubleFunction<RunProfile>) r -> r.idleKernelWait},
                {"idle: other", (ToDoubleFunction<RunProfile>) r -> r.idleOther},
                {"idle: end of step", (ToDoubleFunction<RunProfile>) r -> r.idleTail},
                {"host time in launch calls", (ToDoubleFunction<RunProfile>) r -> r.launchHostTime},
        };
        for (Object[] row : rows) {
            @SuppressWarnings("unchecked")
            ToDoubleFunction<RunProfile> f = (ToDoubleFunction<RunProfile>) row[1];
            double a = c.perStep(true, f);
            double b = c.perStep(false, f);
            t.newRow(null).set("quantity", row[0]).set("time_us_a", a / 1000).set("time_us_b", b / 1000)
                    .set("delta_us", (b - a) / 1000).set("delta_pct", pct(b - a, a)).add();
        }
        return t.build();
    }

    private static Table ranks(Comparison c) {
        Table.Builder t = timeColumns(new Table.Builder("ranks", "Step time per rank pair")
                .column("rank_a", "Rank A", Unit.NONE).column("rank_b", "Rank B", Unit.NONE)
                .column("steps", "Steps", Unit.COUNT));
        for (Comparison.RankPair p : c.pairs()) {
            int n = Math.max(1, p.a().windows().size());
            times(t.newRow(c.locationA(p)).set("rank_a", p.a().rank()).set("rank_b", p.b().rank()).set("steps", n),
                    p.a().time() / (double) n, p.b().time() / (double) n, p.a().busy() / (double) n,
                    p.b().busy() / (double) n).add();
        }
        return t.build();
    }

    private static Table steps(Comparison c) {
        Table.Builder t = timeColumns(new Table.Builder("steps", "Paired steps")
                .column("rank_a", "Rank A", Unit.NONE).column("step_a", "Step A", Unit.NONE)
                .column("step_b", "Step B", Unit.NONE));
        for (Comparison.RankPair p : c.pairs()) {
            List<RunProfile.Window> wa = p.a().windows();
            List<RunProfile.Window> wb = p.b().windows();
            for (int i = 0; i < Math.min(wa.size(), wb.size()); i++) {
                RunProfile.Window x = wa.get(i);
                RunProfile.Window y = wb.get(i);
                times(t.newRow(Location.range(p.a().rank(), x.start(), x.end())).set("rank_a", p.a().rank())
                                .set("step_a", x.label()).set("step_b", y.label()), x.length(), y.length(),
                        p.a().rankProfile().busy().lengthWithin(x.start(), x.end()),
                        p.b().rankProfile().busy().lengthWithin(y.start(), y.end())).add();
            }
        }
        return t.build();
    }

    /** Adds the time, GPU busy and delta columns of the rank and step tables. */
    private static Table.Builder timeColumns(Table.Builder t) {
        Comparison.sideBySide(t, "time_us", "Time", Unit.US);
        Comparison.sideBySide(t, "busy_us", "GPU busy", Unit.US);
        return t.column("delta_us", "Delta (B − A)", Unit.US).column("delta_pct", "Delta", Unit.PERCENT);
    }

    /** Sets the columns of {@link #timeColumns} from nanoseconds. */
    private static Table.RowBuilder times(Table.RowBuilder r, double a, double b, double busyA, double busyB) {
        return r.set("time_us_a", a / 1000).set("time_us_b", b / 1000).set("busy_us_a", busyA / 1000)
                .set("busy_us_b", busyB / 1000).set("delta_us", (b - a) / 1000).set("delta_pct", pct(b - a, a));
    }

    private static Table groups(Comparison c, String id, String title, String label, List<Comparison.Merged> list,
                                boolean operators) {
        Table.Builder t = new Table.Builder(id, title).column("name", label, Unit.NONE);
        if (!operators) {
            t.column("kind", "Type", Unit.NONE);
        }
        Comparison.sideBySide(t, "count", "Count", Unit.COUNT);
        if (operators) {
            Comparison.sideBySide(t, "kernels", "Kernels", Unit.COUNT);
        }
        Comparison.sideBySide(t, "total_us", "Total", Unit.US);
        Comparison.sideBySide(t, "mean_us", "Mean", Unit.US);
        t.column("delta_us", "Delta (B − A)", Unit.US).column("delta_pct", "Delta", Unit.PERCENT)
                .column("only_in", "Only in", Unit.NONE).column("raw_names", "Raw names", Unit.COUNT);
        double s = c.scale();
        for (Comparison.Merged m : list) {
            if (m.countA() == 0 && m.countB() == 0 && m.exclusiveA() == 0 && m.exclusiveB() == 0) {
                continue;
            }
            Table.RowBuilder r = t.newRow(null).set("name", m.key())
                    .set("count_a", count(m.countA() * s)).set("count_b", count(m.countB() * s))
                    .set("total_us_a", m.totalA() * s / 1000).set("total_us_b", m.totalB() * s / 1000)
                    .set("mean_us_a", m.countA() == 0 ? null : m.totalA() / 1000.0 / m.countA())
                    .set("mean_us_b", m.countB() == 0 ? null : m.totalB() / 1000.0 / m.countB())
                    .set("delta_us", (m.totalB() - m.totalA()) * s / 1000)
                    .set("delta_pct", pct(m.totalB() - m.totalA(), m.totalA()))
                    .set("only_in", m.onlyIn()).set("raw_names", m.rawNames().size());
            if (operators) {
                r.set("kernels_a", count(m.kernelsA() * s)).set("kernels_b", count(m.kernelsB() * s));
            } else {
                r.set("kind", m.kind());
            }
            r.add();
        }
        return t.build();
    }

    private static Table hostEvents(Comparison c) {
        Table.Builder t = new Table.Builder("host_events", "Host events per name (as HTA's TraceDiff)")
                .column("name", "Name", Unit.NONE);
        Comparison.sideBySide(t, "count", "Count", Unit.COUNT);
        Comparison.sideBySide(t, "total_us", "Total", Unit.US);
        t.column("delta_count", "Count delta", Unit.COUNT).column("delta_us", "Delta (B − A)", Unit.US)
                .column("change", "Change", Unit.NONE);
        double s = c.scale();
        List<Comparison.Merged> list = new ArrayList<>(c.merge(RunProfile::hostEvents));
        list.sort(java.util.Comparator.comparing(Comparison.Merged::key));
        for (Comparison.Merged m : list) {
            long d = m.countB() - m.countA();
            t.newRow(null).set("name", m.key()).set("count_a", count(m.countA() * s)).set("count_b", count(m.countB() * s))
                    .set("total_us_a", m.totalA() * s / 1000).set("total_us_b", m.totalB() * s / 1000)
                    .set("delta_count", count(d * s)).set("delta_us", (m.totalB() - m.totalA()) * s / 1000)
                    .set("change", d > 0 ? "+" : d < 0 ? "-" : "=").add();
        }
        return t.build();
    }

    private static Table explain(Comparison c, List<Comparison.Part> parts) {
        Table.Builder t = new Table.Builder("explain", "What explains the difference (parts sum to the step-time delta)")
                .column("part", "Part", Unit.NONE).column("kind", "Kind", Unit.NONE);
        Comparison.sideBySide(t, "time_us", "Time", Unit.US);
        t.column("delta_us", "Delta (B − A)", Unit.US).column("share_pct", "Share of the delta", Unit.PERCENT);
        double total = c.stepTimeB() - c.stepTimeA();
        for (Comparison.Part p : parts) {
            t.newRow(null).set("part", p.name()).set("kind", p.kind()).set("time_us_a", p.a() / 1000)
                    .set("time_us_b", p.b() / 1000).set("delta_us", p.delta() / 1000)
                    .set("share_pct", pct(p.delta(), total)).add();
        }
        return t.build();
    }

    static <T> List<T> top(List<T> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }

    static String ms(double ns) {
        return dev.parallax.analysis.UnitFormat.duration(ns);
    }

    static double explainShare() {
        return EXPLAIN_SHARE;
    }
}
