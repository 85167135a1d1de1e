package dev.parallax.analysis.kernels;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.RankedFindings;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.classify.KernelClass;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.Lanes;
import dev.parallax.analysis.gpu.PresetNotes;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.analysis.gpu.Units;
import dev.parallax.trace.Severity;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.query.Sweep;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel breakdown per rank (Holistic Trace Analysis's {@code get_gpu_kernel_breakdown}, extended): time
 * per kernel type (summed and as a union), time per overlap combination of compute, communication and
 * memory (a sweep over the three unions), and per kernel name the count, sum, mean, min, max and standard
 * deviation over individual launches.
 */
public final class KernelBreakdownAnalysis extends GpuAnalysis {
    public static final Parameter<Integer> TOP_N = Parameter.ofInt("top_n",
            "kernel names listed per rank (the rest are summed into '(others)'; 0: all)", 30);
    public static final Parameter<Integer> CHART_KERNELS = Parameter.ofInt("chart_kernels",
            "kernel names shown in the top-kernels chart", 10);

    private static final KernelClass[] SWEPT = {KernelClass.COMPUTE, KernelClass.COMMUNICATION, KernelClass.MEMORY};

    @Override
    public String id() {
        return "kernels";
    }

    @Override
    public String title() {
        return "Kernel breakdown";
    }

    @Override
    public String description() {
        return "Per rank: time per kernel type and per overlap combination, and per kernel name the count, sum, "
                + "mean, min, max and standard deviation of launches.";
    }

    @Override
    protected List<Parameter<?>> ownParameters() {
        return List.of(TOP_N, CHART_KERNELS);
    }

    /** Label of an overlap combination mask over compute (bit 0), communication (bit 1), memory (bit 2). */
    public static String combination(int mask) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < SWEPT.length; i++) {
            if ((mask >>> i & 1) != 0) {
                parts.add(SWEPT[i].id());
            }
        }
        return String.join(" + ", parts);
    }

    @Override
    protected Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues params, Progress progress) {
        Result.Builder out = Result.builder(id(), title());
        Table.Builder types = new Table.Builder("kernel_types", "Time per kernel type")
                .column("rank", "Rank")
                .column("kernel_type", "Type")
                .column("events", "Events", Unit.COUNT)
                .column("sum_us", "Sum of durations", Unit.US)
                .column("union_us", "Union", Unit.US)
                .column("share_pct", "Share of summed time", Unit.PERCENT);
        Table.Builder combos = new Table.Builder("overlap_combinations", "Time per overlap combination")
                .column("rank", "Rank")
                .column("combination", "Running")
                .column("time_us", "Time", Unit.US)
                .column("share_pct", "Share of busy time", Unit.PERCENT);
        Table.Builder kernels = new Table.Builder("kernels", "Kernels by total time")
                .column("rank", "Rank")
                .column("name", "Kernel")
                .column("kernel_type", "Type")
                .column("count", "Count", Unit.COUNT)
                .column("sum_us", "Sum", Unit.US)
                .column("mean_us", "Mean", Unit.US)
                .column("min_us", "Min", Unit.US)
                .column("max_us", "Max", Unit.US)
                .column("std_us", "Std", Unit.US)
                .column("share_pct", "Share", Unit.PERCENT);
        int topN = params.get(TOP_N);
        Map<String, double[]> chartTotals = new LinkedHashMap<>();
        List<String> rankLabels = new ArrayList<>();
        int rankCount = profiles.size();
        boolean perRankSeries = rankCount <= 8;
        List<String> typeCats = new ArrayList<>();
        List<List<Double>> typeSeries = new ArrayList<>();
        for (int i = 0; i < SWEPT.length; i++) {
            typeSeries.add(new ArrayList<>());
        }
        List<KernelStats> stats = profiles.parallelStream().map(KernelStats::of).toList();
        RankedFindings found = new RankedFindings();
        for (int pi = 0; pi < profiles.size(); pi++) {
            RankProfile p = profiles.get(pi);
            progress.checkCancelled();
            int rank = p.rank();
            rankLabels.add("rank " + rank);
            if (!p.hasDeviceWork()) {
                noGpuEvents(found, p, ".");
                continue;
            }
            long summed = 0;
            for (KernelClass k : SWEPT) {
                summed += p.summedDuration(k);
            }
            typeCats.add("rank " + rank);
            for (int i = 0; i < SWEPT.length; i++) {
                KernelClass k = SWEPT[i];
                types.newRow(Location.rank(rank))
                        .set("rank", rank)
                        .set("kernel_type", k.id())
                        .set("events", p.events(k))
                        .set("sum_us", Units.us(p.summedDuration(k)))
                        .set("union_us", Units.us(p.union(k).length()))
                        .set("share_pct", Units.pct(p.summedDuration(k), summed))
                        .add();
                typeSeries.get(i).add(Units.us(p.union(k).length()));
            }
            long[] perMask = Sweep.timePerCombination(List.of(p.compute(), p.communication(), p.memory()));
            long busy = p.busy().length();
            for (int mask = 1; mask < perMask.length; mask++) {
                if (perMask[mask] > 0) {
                    combos.newRow(Location.rank(rank))
                            .set("rank", rank)
                            .set("combination", combination(mask))
                            .set("time_us", Units.us(perMask[mask]))
                            .set("share_pct", Units.pct(perMask[mask], busy))
                            .add();
                }
            }
            KernelStats s = stats.get(pi);
            StringPool pool = p.trace().strings();
            Integer[] order = s.byTotal();
            int shown = topN <= 0 ? order.length : Math.min(topN, order.length);
            for (int i = 0; i < shown; i++) {
                int nm = order[i];
                kernels.newRow(Location.slice(rank, s.maxTrack[nm], s.maxRow[nm], s.maxStart[nm], s.maxStart[nm] + s.max[nm]))
                        .set("rank", rank)
                        .set("name", pool.get(nm))
                        .set("kernel_type", KernelClass.values()[s.kind[nm]].id())
                        .set("count", s.count[nm])
                        .set("sum_us", Units.us(s.sum[nm]))
                        .set("mean_us", s.mean[nm] / 1000.0)
                        .set("min_us", Units.us(s.min[nm]))
                        .set("max_us", Units.us(s.max[nm]))
                        .set("std_us", s.std(nm) / 1000.0)
                        .set("share_pct", Units.pct(s.sum[nm], s.grandTotal))
                        .add();
            }
            if (shown < order.length) {
                long cnt = 0;
                long sum = 0;
                long mn = Long.MAX_VALUE;
                long mx = Long.MIN_VALUE;
                double mean = 0;
                double m2 = 0;
                for (int i = shown; i < order.length; i++) {
                    int nm = order[i];
                    long n2 = s.count[nm];
                    double delta = s.mean[nm] - mean;
                    long n = cnt + n2;
                    m2 += s.m2[nm] + delta * delta * cnt * n2 / n;
                    mean += delta * n2 / n;
                    cnt = n;
                    sum += s.sum[nm];
                    mn = Math.min(mn, s.min[nm]);
                    mx = Math.max(mx, s.max[nm]);
                }
                kernels.newRow(Location.rank(rank))
                        .set("rank", rank)
                        .set("name", "(others: " + (order.length - shown) + " names)")
                        .set("kernel_type", "mixed")
                        .set("count", cnt)
                        .set("sum_us", Units.us(sum))
                        .set("mean_us", mean / 1000.0)
                        .set("min_us", Units.us(mn))
                        .set("max_us", Units.us(mx))
                        .set("std_us", cnt < 2 ? 0.0 : Math.sqrt(m2 / (cnt - 1)) / 1000.0)
                        .set("share_pct", Units.pct(sum, s.grandTotal))
                        .add();
            }
            for (int i = 0; i < order.length; i++) {
                int nm = order[i];
                double[] row = chartTotals.computeIfAbsent(pool.get(nm), k -> new double[rankCount]);
                row[pi] += Units.us(s.sum[nm]);
            }
        }
        out.table(types.build());
        out.table(combos.build());
        out.table(kernels.build());
        out.metric("ranks", profiles.size(), Unit.COUNT);
        out.metric("kernel_names", chartTotals.size(), Unit.COUNT);
        List<Map.Entry<String, double[]>> top = new ArrayList<>(chartTotals.entrySet());
        top.sort((a, b) -> Double.compare(sum(b.getValue()), sum(a.getValue())));
        top = top.subList(0, Math.min(params.get(CHART_KERNELS), top.size()));
        List<String> cats = new ArrayList<>();
        for (Map.Entry<String, double[]> e : top) {
            cats.add(shorten(e.getKey()));
        }
        List<Chart.Series> series = new ArrayList<>();
        if (perRankSeries) {
            for (int r = 0; r < rankCount; r++) {
                double[] y = new double[top.size()];
                for (int i = 0; i < top.size(); i++) {
                    y[i] = top.get(i).getValue()[r];
                }
                series.add(new Chart.Series(rankLabels.get(r), new double[0], y));
            }
        } else {
            double[] y = new double[top.size()];
            for (int i = 0; i < top.size(); i++) {
                y[i] = sum(top.get(i).getValue());
            }
            series.add(new Chart.Series("all ranks", new double[0], y));
        }
        out.chart(Chart.bars("top_kernels", "Top kernels by total time", perRankSeries ? Chart.Kind.STACKED_BAR
                : Chart.Kind.BAR, "Kernel", "Time (µs)", cats, series));
        List<Chart.Series> typeS = new ArrayList<>();
        for (int i = 0; i < SWEPT.length; i++) {
            typeS.add(new Chart.Series(SWEPT[i].id(), new double[0], Lanes.doubles(typeSeries.get(i))));
        }
        out.chart(Chart.bars("kernel_types_per_rank", "Union time per kernel type", Chart.Kind.BAR, "Rank",
                "Time (µs)", typeCats, typeS));
        found.addTo(out);
        PresetNotes.findings(profiles).forEach(out::finding);
        return out.build();
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    /** A kernel name short enough for a chart axis: template and argument lists dropped, at most 48 chars. */
    public static String shorten(String name) {
        String s = withoutBrackets(name).trim();
        if (s.startsWith("void ")) {
            s = s.substring(5);
        }
        if (s.isEmpty()) {
            s = name;
        }
        return s.length() > 48 ? s.substring(0, 45) + "..." : s;
    }

    /** {@code name} without its template ({@code <...>}) and argument ({@code (...)}) lists, nested or not. */
    public static String withoutBrackets(String name) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '<' || ch == '(') {
                depth++;
            } else if (ch == '>' || ch == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

}
