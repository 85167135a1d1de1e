package dev.parallax.cluster;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link JobResult} as ordinary {@link Result}s, one per reduction, so that the report, the command line and
 * the workbench's result views render a job like any analysis: the overview (with findings for stragglers,
 * late arrivers and unreadable ranks), distributions, stragglers, steps across ranks, collective skew, nodes,
 * pipeline stages and unreadable ranks.
 */
public final class JobSections {
    private JobSections() {
    }

    public static List<Result> of(JobResult job) {
        List<Result> out = new ArrayList<>();
        out.add(overview(job));
        out.add(distributions(job));
        out.add(stragglers(job));
        out.add(steps(job));
        out.add(skew(job));
        out.add(groups("job-nodes", "Ranks by node", "node", job.byNode()));
        out.add(groups("job-stages", "Ranks by pipeline stage", "stage", job.byStage()));
        out.add(unreadable(job));
        return out;
    }

    static Result overview(JobResult job) {
        Result.Builder b = Result.builder("job-overview", "Job overview")
                .metric("ranks", job.ranks().size(), Unit.COUNT)
                .metric("unreadable_ranks", job.failedRanks().size(), Unit.COUNT)
                .metric("engine", job.engine())
                .metric("analyses", String.join(", ", job.analyses()))
                .metric("wall_s", job.wallNanos() / 1e9, Unit.S)
                .metric("stragglers", job.stragglers().stream().map(Straggler::rank).distinct().count(), Unit.COUNT);
        Distribution step = job.distribution("steps.median_us");
        if (step != null) {
            b.metric("step_p50_us", "Step time p50", step.p50(), Unit.US)
                    .metric("step_max_us", "Step time max", step.max(), Unit.US);
        }
        Map<Integer, List<Straggler>> byRank = new LinkedHashMap<>();
        job.stragglers().forEach(s -> byRank.computeIfAbsent(s.rank(), k -> new ArrayList<>()).add(s));
        for (Map.Entry<Integer, List<Straggler>> e : byRank.entrySet()) {
            Straggler s = e.getValue().get(0);
            String what = String.join(", ", e.getValue().stream().map(x -> String.format(Locale.ROOT,
                    "%s %.1f (median %.1f)", x.metric(), x.value(), x.median())).toList());
            b.finding(Finding.of("job-straggler", Severity.WARNING, "Rank " + s.rank() + " stands out: " + what,
                    "Its value lies more than " + JobReducer.Z_THRESHOLD + " robust z-scores above the median of all "
                            + "ranks (Iglewicz and Hoaglin's modified z-score). In a synchronous job every other rank "
                            + "waits for it at the next collective.",
                    "Open rank " + s.rank() + "'s trace (" + s.path() + ") on " + s.node()
                            + " and compare it with a typical rank; check that node's GPUs, clocks and input pipeline.")
                    .at(Location.rank(s.rank())));
        }
        for (CollectiveSkew c : job.collectiveSkew()) {
            if (c.lastArrivers().isEmpty() || c.instances() < 4) {
                continue;
            }
            CollectiveSkew.RankCount top = c.lastArrivers().get(0);
            if (top.count() * 2 >= c.instances() && c.p50SpreadUs() > 0) {
                b.finding(Finding.of("job-late-arriver", Severity.WARNING, String.format(Locale.ROOT,
                                "Rank %d arrives last at %d of %d %s in group %s (median spread %s)", top.rank(),
                                top.count(), c.instances(), c.type(), c.group(),
                                dev.parallax.analysis.UnitFormat.duration(c.p50SpreadUs() * 1e3)),
                        "The other ranks of the group start the collective earlier and wait inside it for this rank.",
                        "Look at what rank " + top.rank() + " does before the collective (compute, data loading, "
                                + "host stalls).").at(Location.rank(top.rank())));
            }
        }
        if (!job.failedRanks().isEmpty()) {
            b.finding(Finding.of("job-unreadable-ranks", Severity.ERROR, job.failedRanks().size()
                            + " rank files could not be read",
                    "Their ranks are left out of every distribution and reduction.",
                    "See the unreadable ranks section for each file and why."));
        }
        return b.build();
    }

    static Result distributions(JobResult job) {
        Table.Builder t = new Table.Builder("distributions", "Per-rank metrics across ranks")
                .column("metric", "Metric").column("ranks", "Ranks").column("min", "Min").column("p50", "p50")
                .column("p90", "p90").column("p99", "p99").column("max", "Max").column("max_rank", "Max at rank");
        for (Distribution d : job.distributions()) {
            t.row(d.metric(), d.count(), d.min(), d.p50(), d.p90(), d.p99(), d.max(), d.maxRank());
        }
        Result.Builder b = Result.builder("job-distributions", "Distributions across ranks").table(t.build());
        List<RankRecord> ok = job.ranks().stream().filter(r -> r.ok() && r.metrics().containsKey("steps.median_us"))
                .toList();
        if (!ok.isEmpty()) {
            double[] x = ok.stream().mapToDouble(RankRecord::rank).toArray();
            double[] y = ok.stream().mapToDouble(r -> r.metric("steps.median_us") / 1000.0).toArray();
            b.chart(Chart.xy("step_time_by_rank", "Median step time per rank", Chart.Kind.SCATTER, "rank",
                    "step time (ms)", List.of(new Chart.Series("median step", x, y))));
        }
        return b.build();
    }

    static Result stragglers(JobResult job) {
        Table.Builder t = new Table.Builder("stragglers", "Stragglers (robust z-score)")
                .column("rank", "Rank").column("metric", "Metric").column("value", "Value")
                .column("median", "Median").column("robust_z", "Robust z").column("node", "Node")
                .column("stage", "Stage").column("path", "Trace");
        for (Straggler s : job.stragglers()) {
            t.row(Location.rank(s.rank()), s.rank(), s.metric(), s.value(), s.median(),
                    Double.isFinite(s.robustZ()) ? s.robustZ() : null, s.node(), s.stage(), s.path());
        }
        Result.Builder b = Result.builder("job-stragglers", "Stragglers").table(t.build());
        if (job.stragglers().isEmpty()) {
            b.metric("stragglers", 0, Unit.COUNT);
        }
        return b.build();
    }

    /** The heatmap summarised per step (a PDF page cannot hold 16,384 rows): spread of step time and idle. */
    static Result steps(JobResult job) {
        Heatmap h = job.heatmap();
        Table.Builder t = new Table.Builder("steps", "Profiler steps across ranks")
                .column("step", "Step").column("ranks", "Ranks").column("p50_us", "Step p50", Unit.US)
                .column("max_us", "Step max", Unit.US).column("slowest_rank", "Slowest rank")
                .column("idle_p50_pct", "Idle p50", Unit.PERCENT).column("idle_max_pct", "Idle max", Unit.PERCENT);
        double[] p50s = new double[h.steps().size()];
        double[] maxs = new double[h.steps().size()];
        for (int s = 0; s < h.steps().size(); s++) {
            List<Double> times = new ArrayList<>();
            List<Double> idles = new ArrayList<>();
            int slowest = -1;
            double worst = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < h.ranks().size(); r++) {
                Double v = h.stepTimeUs().get(r).get(s);
                if (v != null) {
                    times.add(v);
                    if (v > worst) {
                        worst = v;
                        slowest = h.ranks().get(r);
                    }
                }
                Double i = h.idlePct().get(r).get(s);
                if (i != null) {
                    idles.add(i);
                }
            }
            double[] tv = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] iv = idles.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            p50s[s] = Distribution.quantile(tv, 0.5);
            maxs[s] = tv.length == 0 ? Double.NaN : tv[tv.length - 1];
            t.row(h.steps().get(s), tv.length, p50s[s], maxs[s], slowest, Distribution.quantile(iv, 0.5),
                    iv.length == 0 ? null : iv[iv.length - 1]);
        }
        Result.Builder b = Result.builder("job-steps", "Steps across ranks (heatmap)").table(t.build());
        if (h.steps().isEmpty()) {
            return b.notApplicable("no rank has profiler steps measured by the breakdown analysis").build();
        }
        b.chart(Chart.bars("step_spread", "Step time across ranks", Chart.Kind.BAR, "step", "µs", h.steps(),
                List.of(new Chart.Series("p50", new double[0], p50s), new Chart.Series("max", new double[0], maxs))));
        return b.build();
    }

    static Result skew(JobResult job) {
        Table.Builder t = new Table.Builder("collectives", "Arrival skew per collective")
                .column("type", "Collective").column("group", "Process group").column("instances", "Instances")
                .column("ranks", "Ranks").column("p50_spread_us", "Spread p50", Unit.US)
                .column("p90_spread_us", "Spread p90", Unit.US).column("max_spread_us", "Spread max", Unit.US)
                .column("last_rank", "Last most often").column("last_count", "Times last");
        for (CollectiveSkew c : job.collectiveSkew()) {
            CollectiveSkew.RankCount top = c.lastArrivers().isEmpty() ? null : c.lastArrivers().get(0);
            t.row(c.type(), c.group(), c.instances(), c.ranks(), c.p50SpreadUs(), c.p90SpreadUs(), c.maxSpreadUs(),
                    top == null ? null : top.rank(), top == null ? null : top.count());
        }
        Result.Builder b = Result.builder("job-collective-skew", "Collective arrival skew").table(t.build());
        if (job.collectiveSkew().isEmpty()) {
            b.notApplicable("no collective was matched across two or more ranks");
        }
        return b.build();
    }

    static Result groups(String id, String title, String keyLabel, List<GroupSummary> groups) {
        Table.Builder t = new Table.Builder(id.substring(4), title).column(keyLabel, keyLabel.substring(0, 1)
                        .toUpperCase(Locale.ROOT) + keyLabel.substring(1)).column("ranks", "Ranks")
                .column("step_p50_us", "Step p50", Unit.US).column("step_max_us", "Step max", Unit.US)
                .column("idle_p50_pct", "Idle p50", Unit.PERCENT).column("idle_max_pct", "Idle max", Unit.PERCENT)
                .column("slowest_rank", "Slowest rank").column("stragglers", "Stragglers");
        for (GroupSummary g : groups) {
            t.row(g.key(), g.ranks(), g.stepP50Us(), g.stepMaxUs(), g.idlePctP50(), g.idlePctMax(), g.slowestRank(),
                    g.stragglers());
        }
        Result.Builder b = Result.builder(id, title).table(t.build());
        if (groups.isEmpty() || groups.size() == 1 && groups.get(0).key().equals("unknown")) {
            b.notApplicable(id.equals("job-nodes") ? "the traces name no host: give --node-map or --ranks-per-node"
                    : "the job has no pipeline process groups (or stage_map)");
        }
        return b.build();
    }

    static Result unreadable(JobResult job) {
        Table.Builder t = new Table.Builder("ranks", "Unreadable ranks").column("rank", "Rank").column("path", "Trace")
                .column("error", "Why");
        for (RankRecord r : job.failedRanks()) {
            t.row(r.rank(), r.path(), r.error());
        }
        Result.Builder b = Result.builder("job-unreadable", "Unreadable ranks").table(t.build());
        if (job.failedRanks().isEmpty()) {
            b.notApplicable("every rank file was read");
        }
        return b.build();
    }
}
