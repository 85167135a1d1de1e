package dev.parallax.analysis.breakdown;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
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

/**
 * Temporal breakdown of device time per rank and per profiler step, as Holistic Trace Analysis's
 * {@code get_temporal_breakdown} defines it: span (first device start to last device end), idle time
 * (span minus the union of all device work), compute time (union of compute kernels) and non-compute time
 * (the rest: communication and memory not hidden under compute), absolute and as a share of the span.
 */
public final class TemporalBreakdownAnalysis extends GpuAnalysis {
    public static final Parameter<Double> IDLE_WARNING_PCT = Parameter.ofDouble("idle_warning_pct",
            "report a rank whose device is idle more than this share of its span (%)", 50.0);
    public static final Parameter<Double> STRAGGLER_Z = Parameter.ofDouble("straggler_z",
            "robust z-score above which a rank's idle share stands out (with 3+ ranks)", 3.5);
    public static final Parameter<Double> STRAGGLER_PCT = Parameter.ofDouble("straggler_pct",
            "minimum excess over the median idle share for a straggler (%)", 20.0);

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
        return List.of(IDLE_WARNING_PCT, STRAGGLER_Z, STRAGGLER_PCT);
    }

    @Override
    protected Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues params, Progress progress) {
        Result.Builder out = Result.builder(id(), title());
        Table.Builder ranks = new Table.Builder("ranks", "Breakdown per rank")
                .column("rank", "Rank")
                .column("span_us", "Span", "us")
                .column("idle_us", "Idle", "us")
                .column("compute_us", "Compute", "us")
                .column("non_compute_us", "Non-compute", "us")
                .column("idle_pct", "Idle", "%")
                .column("compute_pct", "Compute", "%")
                .column("non_compute_pct", "Non-compute", "%")
                .column("communication_us", "Communication (union)", "us")
                .column("memory_us", "Memory (union)", "us")
                .column("device_events", "Device events");
        Table.Builder steps = new Table.Builder("steps", "Breakdown per profiler step")
                .column("rank", "Rank")
                .column("step", "Step")
                .column("span_us", "Span", "us")
                .column("idle_us", "Idle", "us")
                .column("compute_us", "Compute", "us")
                .column("non_compute_us", "Non-compute", "us")
                .column("idle_pct", "Idle", "%")
                .column("compute_pct", "Compute", "%")
                .column("non_compute_pct", "Non-compute", "%")
                .column("device_events", "Device events");
        List<String> categories = new ArrayList<>();
        List<Double> idleS = new ArrayList<>();
        List<Double> compS = new ArrayList<>();
        List<Double> nonS = new ArrayList<>();
        List<Overlay.Lane> lanes = new ArrayList<>();
        List<Integer> withGpu = new ArrayList<>();
        List<Double> idlePcts = new ArrayList<>();
        double idleWarn = params.get(IDLE_WARNING_PCT);
        for (RankProfile p : profiles) {
            progress.checkCancelled();
            TimeBreakdown b = TimeBreakdown.of(p.busy(), p.compute());
            int rank = p.rank();
            if (b == null) {
                ranks.row(Location.rank(rank), rank, null, null, null, null, null, null, null, null, null, 0L);
                out.finding(Finding.of(Severity.WARNING, "Rank " + rank + ": no GPU events",
                        "No device kernel, memory copy or communication event was found in " + p.trace().source()
                                + ", so there is no device time to break down (metrics are null).",
                        "Check that the profiler recorded CUDA/ROCm activity (e.g. ProfilerActivity.CUDA).")
                        .at(Location.rank(rank)));
                continue;
            }
            Location where = Location.range(rank, b.start(), b.end());
            ranks.row(where, rank, Units.us(b.span()), Units.us(b.idle()), Units.us(b.compute()),
                    Units.us(b.nonCompute()), b.idlePct(), b.computePct(), b.nonComputePct(),
                    Units.us(p.communication().length()), Units.us(p.memory().length()), p.deviceEvents());
            categories.add("rank " + rank);
            idleS.add(b.idlePct());
            compS.add(b.computePct());
            nonS.add(b.nonComputePct());
            withGpu.add(rank);
            idlePcts.add(b.idlePct());
            Intervals idle = p.busy().complementWithin(b.start(), b.end());
            lanes.add(Lanes.of(rank, "GPU idle", "#b0b0b0", idle));
            if (b.idlePct() > idleWarn) {
                out.finding(Finding.of(Severity.WARNING, String.format("Rank %d: GPU idle %.1f%% of its span",
                                rank, b.idlePct()),
                        String.format("Between its first and last device event the GPU of rank %d ran nothing for "
                                + "%.0f µs of %.0f µs.", rank, Units.us(b.idle()), Units.us(b.span())),
                        "See the idle analysis: host-bound gaps (host wait) call for fewer, larger kernels, CUDA "
                                + "graphs or less Python overhead; other gaps often are synchronisation.")
                        .at(where));
            }
            for (RankProfile.StepUnions su : p.stepUnions()) {
                TimeBreakdown sb = TimeBreakdown.of(su.busy(), su.compute());
                if (sb == null) {
                    steps.row(Location.range(rank, su.step().start(), su.step().end()), rank, su.step().name(),
                            null, null, null, null, null, null, null, 0L);
                } else {
                    steps.row(Location.range(rank, sb.start(), sb.end()), rank, su.step().name(),
                            Units.us(sb.span()), Units.us(sb.idle()), Units.us(sb.compute()),
                            Units.us(sb.nonCompute()), sb.idlePct(), sb.computePct(), sb.nonComputePct(), su.events());
                }
            }
        }
        out.table(ranks.build());
        out.table(steps.build());
        out.metric("ranks", profiles.size());
        out.metric("ranks_with_gpu", withGpu.size());
        if (!idlePcts.isEmpty()) {
            double[] v = idlePcts.stream().mapToDouble(Double::doubleValue).toArray();
            out.metric("median_idle_pct", Outliers.median(v));
            int worst = 0;
            for (int i = 1; i < v.length; i++) {
                if (v[i] > v[worst]) {
                    worst = i;
                }
            }
            out.metric("max_idle_pct", v[worst]);
            out.metric("max_idle_rank", withGpu.get(worst));
            for (int i : Outliers.high(v, params.get(STRAGGLER_Z), params.get(STRAGGLER_PCT))) {
                int rank = withGpu.get(i);
                out.finding(Finding.of(Severity.WARNING, String.format(
                                "Rank %d is a straggler: idle %.1f%% vs median %.1f%%", rank, v[i], Outliers.median(v)),
                        "Its device waits much more than the other ranks' (robust z-score over ranks), so the others "
                                + "likely wait for it at the next collective.",
                        "Compare its idle breakdown and host activity with a typical rank (data loading, CPU "
                                + "contention, a slower GPU or link).").at(Location.rank(rank)));
            }
        } else {
            out.metric("median_idle_pct", null);
            out.metric("max_idle_pct", null);
            out.metric("max_idle_rank", null);
        }
        out.chart(Chart.bars("breakdown_per_rank", "Time breakdown per rank", Chart.Kind.STACKED_BAR, "Rank",
                "Share of span (%)", categories, List.of(
                        new Chart.Series("idle", new double[0], Lanes.doubles(idleS)),
                        new Chart.Series("compute", new double[0], Lanes.doubles(compS)),
                        new Chart.Series("non-compute", new double[0], Lanes.doubles(nonS)))));
        out.overlay(new Overlay("gpu_idle", "GPU idle time", lanes));
        PresetNotes.findings(profiles).forEach(out::finding);
        return out.build();
    }
}
