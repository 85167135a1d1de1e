package dev.parallax.analysis.breakdown;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.analysis.RankedFindings;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.Lanes;
import dev.parallax.analysis.gpu.Outliers;
import dev.parallax.analysis.gpu.PresetNotes;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.analysis.gpu.TimeBreakdown;
import dev.parallax.analysis.gpu.Units;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.query.Intervals;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Temporal breakdown of device time per rank and per profiler step, as Holistic Trace Analysis's
 * {@code get_temporal_breakdown} defines it: span (first device start to last device end), idle time
 * (span minus the union of all device work), compute time (union of compute kernels) and non-compute time
 * (the rest: communication and memory not hidden under compute), absolute and as a share of the span.
 */
public final class TemporalBreakdownAnalysis extends GpuAnalysis {
    public static final Parameter<Double> IDLE_WARNING_PCT = Parameter.ofDouble("idle_warning_pct",
            "report a rank whose device is idle more than this share of its span (%)", 50.0);
    /** Code of the finding: the device of a rank is idle for much of its span. */
    public static final String GPU_IDLE = "gpu-idle";
    /** Code of the finding: a rank's idle share stands out from the other ranks'. */
    public static final String IDLE_STRAGGLER = "idle-straggler";

    @Override
    public String id() {
        return "breakdown";
    }

    @Override
    public String title() {
        return "GPU time breakdown";
    }

    @Override
    public String description() {
        return "Per rank and per profiler step: how much of the device's span is idle, computing, or only "
                + "communicating / copying memory.";
    }

    @Override
    protected List<Parameter<?>> ownParameters() {
        return List.of(IDLE_WARNING_PCT);
    }

    @Override
    protected boolean usesStragglers() {
        return true;
    }

    @Override
    protected Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues params, Progress progress) {
        Result.Builder out = Result.builder(id(), title());
        Table.Builder ranks = spanColumns(new Table.Builder("ranks", "Breakdown per rank")
                .column("rank", "Rank"))
                .column("communication_us", "Communication (union)", Unit.US)
                .column("memory_us", "Memory (union)", Unit.US)
                .column("device_events", "Device events");
        Table.Builder steps = spanColumns(new Table.Builder("steps", "Breakdown per profiler step")
                .column("rank", "Rank")
                .column("step", "Step"))
                .column("device_events", "Device events");
        List<String> categories = new ArrayList<>();
        List<Double> idleS = new ArrayList<>();
        List<Double> compS = new ArrayList<>();
        List<Double> nonS = new ArrayList<>();
        List<Overlay.Lane> lanes = new ArrayList<>();
        List<Integer> withGpu = new ArrayList<>();
        List<Double> idlePcts = new ArrayList<>();
        double idleWarn = params.get(IDLE_WARNING_PCT);
        List<Long> spans = new ArrayList<>();
        RankedFindings found = new RankedFindings();
        profiles.parallelStream().forEach(RankProfile::stepUnions);
        for (RankProfile p : profiles) {
            progress.checkCancelled();
            TimeBreakdown b = TimeBreakdown.of(p.busy(), p.compute());
            int rank = p.rank();
            if (b == null) {
                ranks.newRow(Location.rank(rank))
                        .set("rank", rank)
                        .set("device_events", 0L)
                        .add();
                noGpuEvents(found, p, ", so there is no device time to break down (metrics are null).");
                continue;
            }
            Location where = Location.range(rank, b.start(), b.end());
            ranks.newRow(where)
                    .set("rank", rank)
                    .set("span_us", Units.us(b.span()))
                    .set("idle_us", Units.us(b.idle()))
                    .set("compute_us", Units.us(b.compute()))
                    .set("non_compute_us", Units.us(b.nonCompute()))
                    .set("idle_pct", b.idlePct())
                    .set("compute_pct", b.computePct())
                    .set("non_compute_pct", b.nonComputePct())
                    .set("communication_us", Units.us(p.communication().length()))
                    .set("memory_us", Units.us(p.memory().length()))
                    .set("device_events", p.deviceEvents())
                    .add();
            categories.add("rank " + rank);
            idleS.add(b.idlePct());
            compS.add(b.computePct());
            nonS.add(b.nonComputePct());
            withGpu.add(rank);
            idlePcts.add(b.idlePct());
            spans.add(b.span());
            Intervals idle = p.busy().complementWithin(b.start(), b.end());
            lanes.add(Lanes.of(rank, "GPU idle", "#b0b0b0", idle));
            if (b.idlePct() > idleWarn) {
                found.add(rank, b.idlePct(), Finding.scored(GPU_IDLE,
                        Finding.score(b.idlePct(), idleWarn, (idleWarn + 100) / 2),
                        String.format(Locale.ROOT, "Rank %d: GPU idle %.1f %% of its span", rank, b.idlePct()),
                        String.format(Locale.ROOT, "Between its first and last device event the GPU of rank %d ran "
                                + "nothing for %s of %s.", rank, UnitFormat.duration(b.idle()),
                                UnitFormat.duration(b.span())),
                        "See the idle analysis: host-bound gaps (host wait) call for fewer, larger kernels, CUDA "
                                + "graphs or less Python overhead; other gaps often are synchronisation.")
                        .at(where).withGainNs(b.idle()), (who, top) -> String.format(Locale.ROOT,
                        "%s: GPU idle more than %.0f %% of the span; worst rank %d at %.1f %%", who, idleWarn,
                        top.rank(), top.value()));
            }
            for (RankProfile.StepUnions su : p.stepUnions()) {
                TimeBreakdown sb = TimeBreakdown.of(su.busy(), su.compute());
                if (sb == null) {
                    steps.newRow(Location.range(rank, su.step().start(), su.step().end()))
                            .set("rank", rank)
                            .set("step", su.step().name())
                            .set("device_events", 0L)
                            .add();
                } else {
                    steps.newRow(Location.range(rank, sb.start(), sb.end()))
                            .set("rank", rank)
                            .set("step", su.step().name())
                            .set("span_us", Units.us(sb.span()))
                            .set("idle_us", Units.us(sb.idle()))
                            .set("compute_us", Units.us(sb.compute()))
                            .set("non_compute_us", Units.us(sb.nonCompute()))
                            .set("idle_pct", sb.idlePct())
                            .set("compute_pct", sb.computePct())
                            .set("non_compute_pct", sb.nonComputePct())
                            .set("device_events", su.events())
                            .add();
                }
            }
        }
        out.table(ranks.build());
        out.table(steps.build());
        out.metric("ranks", profiles.size(), Unit.COUNT);
        out.metric("ranks_with_gpu", withGpu.size(), Unit.COUNT);
        if (!idlePcts.isEmpty()) {
            double[] v = idlePcts.stream().mapToDouble(Double::doubleValue).toArray();
            out.metric("median_idle_pct", Outliers.median(v), Unit.PERCENT);
            int worst = 0;
            for (int i = 1; i < v.length; i++) {
                if (v[i] > v[worst]) {
                    worst = i;
                }
            }
            out.metric("max_idle_pct", v[worst], Unit.PERCENT);
            out.metric("max_idle_rank", withGpu.get(worst), Unit.NONE);
            double med = Outliers.median(v);
            for (int i : stragglers(v, params)) {
                int rank = withGpu.get(i);
                found.add(rank, v[i], Finding.of(IDLE_STRAGGLER, Severity.WARNING, String.format(Locale.ROOT,
                                "Rank %d is a straggler: idle %.1f %% vs median %.1f %%", rank, v[i], med),
                        "Its device waits much more than the other ranks' (robust z-score over ranks), so the others "
                                + "likely wait for it at the next collective.",
                        "Compare its idle breakdown and host activity with a typical rank (data loading, CPU "
                                + "contention, a slower GPU or link).").at(Location.rank(rank))
                        .withGainNs((long) ((v[i] - med) / 100 * spans.get(i))), (who, top) -> String.format(
                        Locale.ROOT, "%s are stragglers: idle well above the median %.1f %%; worst rank %d at %.1f %%",
                        who, med, top.rank(), top.value()));
            }
        } else {
            out.metric("median_idle_pct", null, Unit.PERCENT);
            out.metric("max_idle_pct", null, Unit.PERCENT);
            out.metric("max_idle_rank", null, Unit.NONE);
        }
        found.addTo(out);
        out.chart(Chart.bars("breakdown_per_rank", "Time breakdown per rank", Chart.Kind.STACKED_BAR, "Rank",
                "Share of span (%)", categories, List.of(
                        new Chart.Series("idle", new double[0], Lanes.doubles(idleS)),
                        new Chart.Series("compute", new double[0], Lanes.doubles(compS)),
                        new Chart.Series("non-compute", new double[0], Lanes.doubles(nonS)))));
        out.overlay(new Overlay("gpu_idle", "GPU idle time", lanes));
        PresetNotes.findings(profiles).forEach(out::finding);
        return out.build();
    }

    /** The span and its split, in µs and in % of the span, shared by the per-rank and per-step tables. */
    private static Table.Builder spanColumns(Table.Builder t) {
        return t.column("span_us", "Span", Unit.US)
                .column("idle_us", "Idle", Unit.US)
                .column("compute_us", "Compute", Unit.US)
                .column("non_compute_us", "Non-compute", Unit.US)
                .column("idle_pct", "Idle", Unit.PERCENT)
                .column("compute_pct", "Compute", Unit.PERCENT)
                .column("non_compute_pct", "Non-compute", Unit.PERCENT);
    }
}
