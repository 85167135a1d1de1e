package dev.parallax.analysis.overlap;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.RankedFindings;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.analysis.Overlay;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.classify.CollectiveType;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.Lanes;
import dev.parallax.analysis.gpu.Outliers;
import dev.parallax.analysis.gpu.PresetNotes;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.analysis.gpu.Units;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.query.Intervals;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Communication/computation overlap per rank, per collective type and per profiler step: the share of
 * communication time hidden under compute, |union(comm) ∩ union(compute)| / |union(comm)| (Holistic Trace
 * Analysis's {@code get_comm_comp_overlap}), and the exposed communication time, |union(comm) − union(compute)|,
 * that the step actually waits for. Finds ranks with low overlap and ranks whose exposed communication
 * stands out (stragglers' partners wait in collectives).
 */
public final class CommComputeOverlapAnalysis extends GpuAnalysis {
    public static final Parameter<Double> LOW_OVERLAP_PCT = Parameter.ofDouble("low_overlap_pct",
            "report a rank hiding less than this share of its communication under compute (%)", 50.0);
    public static final Parameter<Double> MIN_EXPOSED_PCT = Parameter.ofDouble("min_exposed_pct",
            "only report low overlap when exposed communication exceeds this share of the span (%)", 5.0);
    /** Code of the finding: a rank ran no communication kernel. */
    public static final String NO_COMMUNICATION = "no-communication";
    /** Code of the finding: little of a rank's communication is hidden under compute. */
    public static final String LOW_OVERLAP = "low-overlap";
    /** Code of the finding: a rank's exposed communication stands out from the other ranks'. */
    public static final String EXPOSED_STRAGGLER = "exposed-communication-straggler";

    @Override
    public String id() {
        return "overlap";
    }

    @Override
    public String title() {
        return "Communication/computation overlap";
    }

    @Override
    public String description() {
        return "Per rank, collective type and profiler step: how much communication is hidden under compute "
                + "and how much is exposed.";
    }

    @Override
    protected List<Parameter<?>> ownParameters() {
        return List.of(LOW_OVERLAP_PCT, MIN_EXPOSED_PCT);
    }

    @Override
    protected boolean usesStragglers() {
        return true;
    }

    @Override
    protected Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues params, Progress progress) {
        Result.Builder out = Result.builder(id(), title());
        Table.Builder ranks = new Table.Builder("ranks", "Overlap per rank")
                .column("rank", "Rank")
                .column("communication_us", "Communication", Unit.US)
                .column("hidden_us", "Hidden under compute", Unit.US)
                .column("exposed_us", "Exposed", Unit.US)
                .column("overlap_pct", "Overlap", Unit.PERCENT)
                .column("exposed_pct_of_span", "Exposed / span", Unit.PERCENT)
                .column("communication_events", "Communication events", Unit.COUNT)
                .column("compute_us", "Compute", Unit.US)
                .column("span_us", "Span", Unit.US);
        Table.Builder coll = new Table.Builder("collectives", "Overlap per collective type")
                .column("rank", "Rank")
                .column("collective", "Collective")
                .column("events", "Events", Unit.COUNT)
                .column("communication_us", "Communication", Unit.US)
                .column("hidden_us", "Hidden", Unit.US)
                .column("exposed_us", "Exposed", Unit.US)
                .column("overlap_pct", "Overlap", Unit.PERCENT);
        Table.Builder steps = new Table.Builder("steps", "Overlap per profiler step")
                .column("rank", "Rank")
                .column("step", "Step")
                .column("communication_us", "Communication", Unit.US)
                .column("hidden_us", "Hidden", Unit.US)
                .column("exposed_us", "Exposed", Unit.US)
                .column("overlap_pct", "Overlap", Unit.PERCENT);
        List<String> cats = new ArrayList<>();
        List<Double> hiddenS = new ArrayList<>();
        List<Double> exposedS = new ArrayList<>();
        List<Double> overlapS = new ArrayList<>();
        List<Overlay.Lane> lanes = new ArrayList<>();
        List<Integer> commRanks = new ArrayList<>();
        List<Double> exposedValues = new ArrayList<>();
        long totalComm = 0;
        RankedFindings found = new RankedFindings();
        long totalHidden = 0;
        for (RankProfile p : profiles) {
            progress.checkCancelled();
            int rank = p.rank();
            Intervals comm = p.communication();
            Intervals comp = p.compute();
            long span = p.busy().isEmpty() ? 0 : p.busy().last() - p.busy().first();
            if (comm.isEmpty()) {
                ranks.newRow(Location.rank(rank))
                        .set("rank", rank)
                        .set("communication_events", 0L)
                        .set("compute_us", p.busy().isEmpty() ? null : Units.us(comp.length()))
                        .set("span_us", p.busy().isEmpty() ? null : Units.us(span))
                        .add();
                found.add(rank, 0, Finding.of(NO_COMMUNICATION, Severity.INFO,
                        "Rank " + rank + ": no communication kernels",
                        (p.hasDeviceWork() ? "The device ran work but no event matched the communication rules ('"
                                + p.rules().name() + "')" : "The trace holds no device events")
                                + ", so there is no overlap to measure (metrics are null).",
                        "If the job communicates, check the rules (--rules FILE) for its communication library.")
                        .at(Location.rank(rank)), (who, worst) -> who + ": no communication kernels");
                continue;
            }
            Intervals hiddenIv = comm.intersect(comp);
            Intervals exposedIv = comm.subtract(comp);
            long c = comm.length();
            long h = hiddenIv.length();
            long e = c - h;
            totalComm += c;
            totalHidden += h;
            Location where = Location.range(rank, comm.first(), comm.last());
            Double overlap = Units.pct(h, c);
            ranks.newRow(where)
                    .set("rank", rank)
                    .set("communication_us", Units.us(c))
                    .set("hidden_us", Units.us(h))
                    .set("exposed_us", Units.us(e))
                    .set("overlap_pct", overlap)
                    .set("exposed_pct_of_span", Units.pct(e, span))
                    .set("communication_events", p.events(dev.parallax.analysis.classify.KernelClass.COMMUNICATION))
                    .set("compute_us", Units.us(comp.length()))
                    .set("span_us", Units.us(span))
                    .add();
            cats.add("rank " + rank);
            hiddenS.add(Units.us(h));
            exposedS.add(Units.us(e));
            overlapS.add(overlap);
            commRanks.add(rank);
            exposedValues.add((double) e);
            lanes.add(Lanes.of(rank, "compute", "#4c9f38", comp));
            lanes.add(Lanes.of(rank, "communication", "#1f77b4", comm));
            lanes.add(Lanes.of(rank, "exposed communication", "#d62728", exposedIv));
            for (CollectiveType t : CollectiveType.values()) {
                Intervals ci = p.communication(t);
                if (ci.isEmpty()) {
                    continue;
                }
                long cc = ci.length();
                long ch = ci.intersect(comp).length();
                coll.newRow(Location.range(rank, ci.first(), ci.last()))
                        .set("rank", rank)
                        .set("collective", t.id())
                        .set("events", p.events(t))
                        .set("communication_us", Units.us(cc))
                        .set("hidden_us", Units.us(ch))
                        .set("exposed_us", Units.us(cc - ch))
                        .set("overlap_pct", Units.pct(ch, cc))
                        .add();
            }
            for (RankProfile.StepUnions su : p.stepUnions()) {
                long sc = su.communication().length();
                long sh = su.communication().intersect(su.compute()).length();
                steps.newRow(su.busy().isEmpty() ? Location.range(rank, su.step().start(), su.step().end())
                                : Location.range(rank, su.busy().first(), su.busy().last()))
                        .set("rank", rank)
                        .set("step", su.step().name())
                        .set("communication_us", Units.us(sc))
                        .set("hidden_us", Units.us(sh))
                        .set("exposed_us", Units.us(sc - sh))
                        .set("overlap_pct", Units.pct(sh, sc))
                        .add();
            }
            if (overlap != null && overlap < params.get(LOW_OVERLAP_PCT)
                    && span > 0 && 100.0 * e / span > params.get(MIN_EXPOSED_PCT)) {
                double exposedPct = 100.0 * e / span;
                double minExposed = params.get(MIN_EXPOSED_PCT);
                found.add(rank, exposedPct, Finding.scored(LOW_OVERLAP, Finding.score(exposedPct, minExposed,
                                4 * minExposed), String.format(Locale.ROOT,
                                "Rank %d: only %.1f %% of communication hidden under compute", rank, overlap),
                        String.format(Locale.ROOT, "%s of communication (%.1f %% of the span) run while no compute "
                                + "kernel runs, so the step waits for them.", UnitFormat.duration(e), 100.0 * e / span),
                        "Overlap communication with compute: bucket gradients (DDP bucket_cap_mb), prefetch in "
                                + "FSDP (forward/backward prefetch), run collectives on a separate stream, or "
                                + "reorder so that independent compute follows each collective.").at(where)
                        .withGainNs(e), (who, worst) -> String.format(Locale.ROOT,
                        "%s: under %.0f %% of communication hidden under compute; worst rank %d, %.1f %% of its span "
                                + "exposed", who, params.get(LOW_OVERLAP_PCT), worst.rank(), worst.value()));
            }
        }
        out.table(ranks.build());
        out.table(coll.build());
        out.table(steps.build());
        out.metric("ranks", profiles.size(), Unit.COUNT);
        out.metric("ranks_with_communication", commRanks.size(), Unit.COUNT);
        out.metric("communication_us", commRanks.isEmpty() ? null : Units.us(totalComm), Unit.US);
        out.metric("exposed_us", commRanks.isEmpty() ? null : Units.us(totalComm - totalHidden), Unit.US);
        out.metric("overlap_pct", Units.pct(totalHidden, totalComm), Unit.PERCENT);
        if (!exposedValues.isEmpty()) {
            double[] v = Lanes.doubles(exposedValues);
            double med = Outliers.median(v);
            for (int i : stragglers(v, params)) {
                int rank = commRanks.get(i);
                found.add(rank, v[i], Finding.of(EXPOSED_STRAGGLER, Severity.WARNING, String.format(Locale.ROOT,
                                "Rank %d: exposed communication %s vs median %s", rank, UnitFormat.duration(v[i]),
                                UnitFormat.duration(med)),
                        "This rank waits in collectives much longer than the others: usually it is not the slow one "
                                + "but waits for a straggler, or its link is slower.",
                        "Look for the rank with the least exposed communication and the most compute or idle time; "
                                + "check the network links of this rank.").at(Location.rank(rank))
                        .withGainNs((long) (v[i] - med)), (who, worst) -> String.format(Locale.ROOT,
                        "%s: exposed communication well above the median %s; worst rank %d at %s", who,
                        UnitFormat.duration(med), worst.rank(), UnitFormat.duration(worst.value())));
            }
        }
        out.chart(Chart.bars("overlap_per_rank", "Communication hidden vs exposed per rank", Chart.Kind.STACKED_BAR,
                "Rank", "Time (µs)", cats, List.of(new Chart.Series("hidden", new double[0], Lanes.doubles(hiddenS)),
                        new Chart.Series("exposed", new double[0], Lanes.doubles(exposedS)))));
        out.chart(Chart.bars("overlap_pct_per_rank", "Overlap per rank", Chart.Kind.BAR, "Rank", "Overlap (%)",
                cats, List.of(new Chart.Series("overlap", new double[0], Lanes.doubles(overlapS)))));
        out.overlay(new Overlay("comm_compute", "Compute, communication and exposed communication", lanes));
        found.addTo(out);
        PresetNotes.findings(profiles).forEach(out::finding);
        return out.build();
    }
}
