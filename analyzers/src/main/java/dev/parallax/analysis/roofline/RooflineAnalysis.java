package dev.parallax.analysis.roofline;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Requirement;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.roofline.Bound;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Per-operator roofline of a PyTorch profiler trace recorded with {@code record_shapes=True}: each operator's
 * FLOPs and bytes from its input shapes ({@link WorkModel}), the GPU time of the kernels it launched
 * ({@link OpKernelLinks}), its achieved FLOP/s and bytes/s against the device's roofs ({@link Ceilings}), grouped by
 * operator, shapes and types ({@link OpGroup}) as in TraceLens's per-category tables. MB in tables are MiB
 * (2^20 bytes) as TraceLens writes them; TFLOP/s and TB/s are decimal (10^12).
 */
public final class RooflineAnalysis implements Analysis {
    /** Analysis id. */
    public static final String ID = "roofline";
    public static final Parameter<String> HARDWARE = Parameter.ofString("hardware",
            "hardware id from the catalog (e.g. h100-sxm, mi300x); empty: from the trace's deviceProperties", "");
    public static final Parameter<Double> TARGET = Parameter.ofDouble("target_fraction",
            "fraction of its roofline each group is assumed able to reach when computing headroom", 0.8);
    public static final Parameter<Double> LOW = Parameter.ofDouble("low_fraction",
            "GEMM and attention groups below this fraction of their roofline are reported", 0.5);
    public static final Parameter<Integer> TOP_N = Parameter.ofInt("top_n",
            "operator groups listed (0: all)", 100);
    public static final Parameter<String> CAPTURE = Parameter.ofString("capture_trace",
            "a trace recorded while the CUDA graphs were captured: maps replayed kernels to its operators; empty: none",
            "");

    /** Efficiency bands of the timeline overlay: lower bounds in percent, labels and colours. */
    static final double[] BAND_FLOOR = {80, 50, 25, 0};
    static final String[] BAND_LABEL = {"≥ 80 % of roofline", "50–80 % of roofline", "25–50 % of roofline",
            "< 25 % of roofline"};
    static final String[] BAND_COLOR = {"#2e7d32", "#9e9d24", "#ef6c00", "#c62828"};
    private static final String NO_MODEL_LABEL = "no model";

    private final Supplier<Catalog> catalog;

    /** The analysis with the built-in hardware catalog. */
    public RooflineAnalysis() {
        this(Catalog::builtIn);
    }

    /** The analysis with a given catalog (user entries, extra files). */
    public RooflineAnalysis(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Operator roofline";
    }

    @Override
    public String description() {
        return "Each PyTorch operator's FLOPs and bytes from its recorded shapes against the GPU time of its kernels: "
                + "achieved TFLOP/s and TB/s, percent of the device's roofline, grouped by operator and shapes.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(HARDWARE, TARGET, LOW, TOP_N, CAPTURE);
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.SHAPES, Requirement.GPU_KERNELS);
    }

    @Override
    public Applicability applicability(TraceSet traces) {
        for (Trace t : traces.traces()) {
            if (t.strings().find(KinetoArgs.INPUT_DIMS) >= 0) {
                return Applicability.APPLIES;
            }
        }
        return Applicability.notApplicable("no operator shapes: record with record_shapes=True");
    }

    @Override
    public Result run(TraceSet traces, ParameterValues p, Progress progress) {
        Applicability a = applicability(traces);
        if (!a.applies()) {
            return Result.notApplicable(this, a.reason());
        }
        Result.Builder out = Result.builder(ID, title());
        WorkModel model = new WorkModel();
        List<OpInstance> calls = new ArrayList<>();
        long kernelNs = 0;
        long unlinkedNs = 0;
        long graphNs = 0;
        Hardware hw = null;
        String hwSource = "";
        String hwParam = p.get(HARDWARE).trim();
        Catalog cat = catalog.get();
        if (!hwParam.isEmpty()) {
            hw = cat.hardware(hwParam);
            hwSource = "--param hardware";
        }
        for (TraceSet.Member m : traces.members()) {
            progress.checkCancelled();
            OpKernelLinks.Links links = OpKernelLinks.of(m.trace(), m.rank(), model);
            calls.addAll(links.instances());
            kernelNs += links.kernelNs();
            unlinkedNs += links.unlinkedNs();
            graphNs += links.graphReplayNs();
            if (hw == null) {
                hw = HardwareMatch.find(cat, m.trace().metadata().devices());
                if (hw != null) {
                    hwSource = "deviceProperties \"" + m.trace().metadata().devices().stream()
                            .map(d -> d.name()).filter(n -> n != null && !n.isBlank()).findFirst().orElse("(no name)")
                            + "\"";
                }
            }
        }
        long graphMappedNs = 0;
        String capturePath = p.get(CAPTURE).trim();
        if (!capturePath.isEmpty() && graphNs > 0) {
            Trace capture = loadCapture(capturePath, out);
            if (capture != null) {
                int replays = 0;
                int launches = 0;
                for (TraceSet.Member m : traces.members()) {
                    GraphCaptureMap.Mapped mapped = GraphCaptureMap.map(m.trace(), m.rank(), capture, model);
                    calls.addAll(mapped.instances());
                    graphMappedNs += mapped.mappedNs();
                    replays += mapped.replays();
                    launches = mapped.captureLaunches();
                }
                graphNs -= graphMappedNs;
                if (replays == 0) {
                    out.finding(Finding.of("graph-capture-unmatched", Severity.WARNING,
                            "No graph replay matches the capture trace",
                            "The capture trace has " + launches + " kernel launches in its capture window; no "
                                    + "cudaGraphLaunch of this trace replayed that many kernels.",
                            "Give the capture trace of the same graph (batch size) as the replay."));
                }
            }
        }
        if (kernelNs == 0) {
            return out.notApplicable("no GPU kernels linked to operators (the trace has no kernels with a correlation id)")
                    .build();
        }
        Ceilings ceil = hw == null ? null : new Ceilings(hw);
        if (hw == null) {
            String names = String.join(", ", traces.traces().stream().flatMap(t -> t.metadata().devices().stream())
                    .map(d -> "\"" + d.name() + "\"").distinct().toList());
            out.finding(Finding.of("unknown-hardware", Severity.WARNING,
                    "Unknown GPU: no roofline percentages",
                    "The trace names its device " + (names.isEmpty() ? "nowhere (no deviceProperties)" : names)
                            + ", which matches no entry of the hardware catalog. FLOPs, bytes and achieved rates are "
                            + "shown; the roofs are not.",
                    "Give the device: --param hardware=ID (parallax model list shows the ids), or add it to the catalog."));
        }
        List<OpGroup> groups = OpGroup.of(calls);
        long attributed = 0;
        long modelled = 0;
        double flops = 0;
        double bytes = 0;
        double rooflineS = 0;
        for (OpInstance c : calls) {
            attributed += c.kernelNs();
            if (c.work() != null) {
                modelled += c.kernelNs();
                flops += c.work().flops();
                bytes += c.work().bytes();
                if (ceil != null) {
                    rooflineS += ceil.seconds(c.work());
                }
            }
        }
        double target = p.get(TARGET);
        if (hw != null) {
            out.metric("hardware", "Hardware", hw.id(), Unit.NONE);
            out.metric("hardware_source", "Hardware from", hwSource, Unit.NONE);
        }
        out.metric("kernel_time_us", "Kernel time", kernelNs / 1e3, Unit.US);
        out.metric("operator_time_us", "Kernel time under operators", attributed / 1e3, Unit.US);
        out.metric("modelled_time_us", "Kernel time of modelled operators", modelled / 1e3, Unit.US);
        out.metric("modelled_pct", "Modelled share of kernel time", pct(modelled, kernelNs), Unit.PERCENT);
        out.metric("graph_replay_time_us", "Graph-replayed kernel time without operators", graphNs / 1e3, Unit.US);
        out.metric("graph_mapped_time_us", "Graph-replayed kernel time mapped to captured operators",
                graphMappedNs / 1e3, Unit.US);
        out.metric("operators", "Operator calls with kernels", (long) calls.size(), Unit.COUNT);
        out.metric("groups", "Operator groups", (long) groups.size(), Unit.COUNT);
        out.metric("flop", "Modelled work", flops, Unit.FLOP);
        out.metric("bytes", "Modelled data moved", bytes, Unit.BYTES);
        out.metric("achieved_flop_per_s", "Achieved FLOP/s (modelled operators)",
                modelled > 0 ? flops / (modelled * 1e-9) : 0, Unit.FLOP_PER_S);
        out.metric("achieved_bytes_per_s", "Achieved bytes/s (modelled operators)",
                modelled > 0 ? bytes / (modelled * 1e-9) : 0, Unit.BYTES_PER_S);
        long headroom = 0;
        if (ceil != null) {
            out.metric("roofline_time_us", "Roofline time of modelled operators", rooflineS * 1e6, Unit.US);
            out.metric("roofline_pct", "Percent of roofline (modelled operators)",
                    modelled > 0 ? rooflineS / (modelled * 1e-9) * 100 : 0, Unit.PERCENT);
            for (OpGroup g : groups) {
                headroom += g.gainNs(ceil, target);
            }
            out.metric("headroom_us", "Time recoverable at " + Math.round(target * 100) + " % of roofline",
                    headroom / 1e3, Unit.US);
        }
        groupTables(groups, ceil, p.get(TOP_N)).forEach(out::table);
        out.table(categoryTable(calls, ceil, modelled));
        out.table(noModelTable(groups, kernelNs, graphNs, unlinkedNs));
        if (ceil != null) {
            out.chart(chart(groups, ceil));
            out.overlay(efficiencyOverlay(traces, calls, ceil));
            findings(out, groups, calls, ceil, target, p.get(LOW), modelled, headroom);
        }
        if (graphNs > 0) {
            out.finding(Finding.of("graph-replay-without-shapes", Severity.INFO,
                    String.format(Locale.ROOT, "%.1f %% of kernel time replayed from CUDA graphs has no operator shapes",
                            pct(graphNs, kernelNs)),
                    "Kernels replayed from a CUDA/HIP graph are launched by one cudaGraphLaunch; the operators and "
                            + "shapes exist only in a trace taken while the graph was captured.",
                    "Profile once with the graphs disabled (e.g. vLLM --enforce-eager, SGLang --disable-cuda-graph) "
                            + "to see the roofline of the replayed decode steps."));
        }
        long noModelNs = attributed - modelled;
        if (noModelNs > 0 && pct(noModelNs, kernelNs) >= 5) {
            out.finding(Finding.of("no-model-ops", Severity.INFO,
                    String.format(Locale.ROOT, "%.1f %% of kernel time is in operators without a work model",
                            pct(noModelNs, kernelNs)),
                    "These operators are listed in the 'No model' table with their time; their FLOPs and bytes are "
                            + "unknown, so they have no roofline.",
                    "Custom operators (e.g. paged attention, fused MoE) need their shapes' meaning; see docs/roofline.md."));
        }
        return out.build();
    }

    private static List<Table> groupTables(List<OpGroup> groups, Ceilings ceil, int topN) {
        Table.Builder t = new Table.Builder("groups", "Operators by kernel time (grouped by name, shapes and types)")
                .column("op", "Operator", Unit.NONE)
                .column("category", "Category", Unit.NONE)
                .column("params", "Dimensions", Unit.NONE)
                .column("types", "Input types", Unit.NONE)
                .column("count", "Count", Unit.COUNT)
                .column("total_us", "Kernel time", Unit.US)
                .column("mean_us", "Mean", Unit.US)
                .column("gflop", "GFLOP per call (10^9)", Unit.NONE)
                .column("mib", "MiB moved per call (2^20 B, as TraceLens)", Unit.NONE)
                .column("intensity", "Intensity", Unit.FLOP_PER_BYTE)
                .column("flops_median", "FLOP/s median", Unit.FLOP_PER_S)
                .column("bytes_per_s_median", "Bytes/s median", Unit.BYTES_PER_S)
                .column("bound", "Bound", Unit.NONE)
                .column("roofline_pct", "Of roofline", Unit.PERCENT)
                .column("gain_us", "Gain at 80 %", Unit.US);
        Table.Builder rates = new Table.Builder("group_rates", "Achieved rates per call of each operator group")
                .column("op", "Operator", Unit.NONE)
                .column("params", "Dimensions", Unit.NONE)
                .column("dims", "Input dims", Unit.NONE)
                .column("flops_mean", "FLOP/s mean", Unit.FLOP_PER_S)
                .column("flops_min", "FLOP/s min", Unit.FLOP_PER_S)
                .column("flops_max", "FLOP/s max", Unit.FLOP_PER_S)
                .column("bytes_per_s_mean", "Bytes/s mean", Unit.BYTES_PER_S)
                .column("bytes_per_s_min", "Bytes/s min", Unit.BYTES_PER_S)
                .column("bytes_per_s_max", "Bytes/s max", Unit.BYTES_PER_S);
        int n = 0;
        for (OpGroup g : groups) {
            if (g.work() == null) {
                continue;
            }
            if (topN > 0 && n++ >= topN) {
                break;
            }
            OpInstance s = g.slowest();
            Location at = Location.slice(s.rank(), s.trackId(), s.row(), s.start(), s.end());
            OpWork w = g.work();
            double[] fr = g.flopRates();
            double[] br = g.byteRates();
            Table.RowBuilder r = t.newRow(at)
                    .set("op", g.key().name())
                    .set("category", w.category().id())
                    .set("params", w.params())
                    .set("types", g.key().types())
                    .set("count", (long) g.count())
                    .set("total_us", g.totalNs() / 1e3)
                    .set("mean_us", g.meanNs() / 1e3)
                    .set("gflop", w.flops() / 1e9)
                    .set("mib", w.bytes() / (1 << 20))
                    .set("intensity", w.intensity())
                    .set("flops_median", OpGroup.median(fr))
                    .set("bytes_per_s_median", OpGroup.median(br));
            if (ceil != null) {
                r.set("bound", ceil.limit(w).name().toLowerCase(Locale.ROOT))
                        .set("roofline_pct", g.percentOfRoofline(ceil))
                        .set("gain_us", g.gainNs(ceil, 0.8) / 1e3);
            }
            r.add();
            rates.newRow(at)
                    .set("op", g.key().name())
                    .set("params", w.params())
                    .set("dims", g.key().dims())
                    .set("flops_mean", OpGroup.mean(fr))
                    .set("flops_min", fr.length == 0 ? 0 : fr[0])
                    .set("flops_max", fr.length == 0 ? 0 : fr[fr.length - 1])
                    .set("bytes_per_s_mean", OpGroup.mean(br))
                    .set("bytes_per_s_min", br.length == 0 ? 0 : br[0])
                    .set("bytes_per_s_max", br.length == 0 ? 0 : br[br.length - 1])
                    .add();
        }
        return List.of(t.build(), rates.build());
    }

    private static Trace loadCapture(String path, Result.Builder out) {
        try {
            var outcome = dev.parallax.trace.io.TraceSetLoader.withDefaults()
                    .load(List.of(java.nio.file.Path.of(path)), Progress.none());
            return outcome.traceSet().member(0).trace();
        } catch (java.io.IOException | RuntimeException e) {
            out.finding(Finding.of("graph-capture-unreadable", Severity.WARNING,
                    "Capture trace not read: " + path,
                    "The capture trace given with capture_trace could not be read: " + e.getMessage(),
                    "Give the path of the trace recorded while the graphs were captured."));
            return null;
        }
    }

    private static Table categoryTable(List<OpInstance> calls, Ceilings ceil, long modelled) {
        Map<String, double[]> byCat = new LinkedHashMap<>();
        for (OpCategory c : OpCategory.values()) {
            byCat.put(c.id(), new double[5]);
        }
        for (OpInstance c : calls) {
            if (c.work() == null) {
                continue;
            }
            double[] a = byCat.get(c.work().category().id());
            a[0]++;
            a[1] += c.kernelNs();
            a[2] += c.work().flops();
            a[3] += c.work().bytes();
            a[4] += ceil == null ? 0 : ceil.seconds(c.work());
        }
        Table.Builder t = new Table.Builder("categories", "Time per operator category")
                .column("category", "Category", Unit.NONE)
                .column("calls", "Calls", Unit.COUNT)
                .column("time_us", "Kernel time", Unit.US)
                .column("share_pct", "Share of modelled time", Unit.PERCENT)
                .column("flop", "Work", Unit.FLOP)
                .column("bytes", "Data moved", Unit.BYTES)
                .column("roofline_pct", "Of roofline", Unit.PERCENT);
        byCat.entrySet().stream().filter(e -> e.getValue()[0] > 0)
                .sorted((x, y) -> Double.compare(y.getValue()[1], x.getValue()[1]))
                .forEach(e -> {
                    double[] a = e.getValue();
                    Table.RowBuilder r = t.newRow(null).set("category", e.getKey()).set("calls", (long) a[0])
                            .set("time_us", a[1] / 1e3).set("share_pct", pct((long) a[1], modelled))
                            .set("flop", a[2]).set("bytes", a[3]);
                    if (ceil != null) {
                        r.set("roofline_pct", a[1] > 0 ? a[4] / (a[1] * 1e-9) * 100 : 0);
                    }
                    r.add();
                });
        return t.build();
    }

    private static Table noModelTable(List<OpGroup> groups, long kernelNs, long graphNs, long unlinkedNs) {
        Map<String, long[]> byName = new LinkedHashMap<>();
        Map<String, OpInstance> first = new LinkedHashMap<>();
        for (OpGroup g : groups) {
            if (g.work() != null) {
                continue;
            }
            long[] a = byName.computeIfAbsent(g.key().name(), k -> new long[2]);
            a[0] += g.count();
            a[1] += g.totalNs();
            first.putIfAbsent(g.key().name(), g.slowest());
        }
        Table.Builder t = new Table.Builder("no_model", "Kernel time without a work model")
                .column("op", "Operator", Unit.NONE)
                .column("count", "Calls", Unit.COUNT)
                .column("time_us", "Kernel time", Unit.US)
                .column("share_pct", "Share of kernel time", Unit.PERCENT);
        byName.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).forEach(e -> {
            OpInstance s = first.get(e.getKey());
            t.newRow(Location.slice(s.rank(), s.trackId(), s.row(), s.start(), s.end()))
                    .set("op", e.getKey() + (s.shapes() == null ? " (no shapes)" : ""))
                    .set("count", e.getValue()[0]).set("time_us", e.getValue()[1] / 1e3)
                    .set("share_pct", pct(e.getValue()[1], kernelNs)).add();
        });
        if (graphNs > 0) {
            t.newRow(null).set("op", "(CUDA graph replay)").set("count", 0L).set("time_us", graphNs / 1e3)
                    .set("share_pct", pct(graphNs, kernelNs)).add();
        }
        if (unlinkedNs > 0) {
            t.newRow(null).set("op", "(no enclosing operator)").set("count", 0L).set("time_us", unlinkedNs / 1e3)
                    .set("share_pct", pct(unlinkedNs, kernelNs)).add();
        }
        return t.build();
    }

    /** Log-log roofline: the roofs as lines, one point per group at (intensity, achieved FLOP/s). */
    private static Chart chart(List<OpGroup> groups, Ceilings ceil) {
        List<Chart.Series> series = new ArrayList<>();
        double minI = 1e9;
        double maxI = 1e-9;
        Map<OpCategory, List<double[]>> points = new LinkedHashMap<>();
        Map<String, Double> roofs = new LinkedHashMap<>();
        for (OpGroup g : groups) {
            OpWork w = g.work();
            if (w == null || w.flops() <= 0 || w.bytes() <= 0 || g.totalNs() <= 0) {
                continue;
            }
            double i = w.intensity();
            minI = Math.min(minI, i);
            maxI = Math.max(maxI, i);
            double rate = w.flops() * g.count() / (g.totalNs() * 1e-9);
            points.computeIfAbsent(w.category(), k -> new ArrayList<>()).add(new double[] {i, rate});
            double peak = ceil.peak(w);
            if (peak > 0) {
                String label = (w.matrix() ? "matrix " : "vector ") + WorkModel.dtypeId(w.dtype());
                String same = roofs.entrySet().stream().filter(e -> e.getValue() == peak).map(Map.Entry::getKey)
                        .findFirst().orElse(null);
                if (same == null) {
                    roofs.put(label, peak);
                } else if (!same.contains(label)) {
                    roofs.remove(same);
                    roofs.put(same + ", " + label, peak);
                }
            }
        }
        if (points.isEmpty()) {
            minI = 0.1;
            maxI = 1000;
        }
        double lo = Math.min(minI / 2, 0.1);
        double hi = Math.max(maxI * 2, 1000);
        double bw = ceil.bandwidth();
        roofs.forEach((label, peak) -> {
            // sampled densely on the log axis so that a renderer drawing points still shows the roof as a line
            int samples = 48;
            double[] xs = new double[samples + 1];
            double[] ys = new double[samples + 1];
            for (int k = 0; k <= samples; k++) {
                xs[k] = lo * Math.pow(hi / lo, (double) k / samples);
                ys[k] = Math.min(peak, xs[k] * bw);
            }
            series.add(new Chart.Series("roof " + label + String.format(Locale.ROOT, " (%.0f TFLOP/s)", peak / 1e12),
                    xs, ys, true));
        });
        points.forEach((cat, pts) -> {
            double[] xs = new double[pts.size()];
            double[] ys = new double[pts.size()];
            for (int k = 0; k < pts.size(); k++) {
                xs[k] = pts.get(k)[0];
                ys[k] = pts.get(k)[1];
            }
            series.add(new Chart.Series(cat.id(), xs, ys));
        });
        return Chart.xy("roofline", "Roofline: achieved FLOP/s against arithmetic intensity", Chart.Kind.SCATTER,
                "FLOP/byte", "FLOP/s", series).withLogAxes(true, true);
    }

    /** Kernels of modelled operators painted by their percent of roofline, one lane per band and rank. */
    private static Overlay efficiencyOverlay(TraceSet traces, List<OpInstance> calls, Ceilings ceil) {
        Map<Integer, List<List<long[]>>> byRank = new LinkedHashMap<>();
        for (OpInstance c : calls) {
            if (c.work() == null || c.kernelNs() <= 0) {
                continue;
            }
            double pct = ceil.percentOfRoofline(c.work(), c.kernelNs());
            int band = band(pct);
            Trace t = traces.byRank(c.rank()).trace();
            List<List<long[]>> lanes = byRank.computeIfAbsent(c.rank(), k -> {
                List<List<long[]>> l = new ArrayList<>();
                for (int i = 0; i < BAND_FLOOR.length; i++) {
                    l.add(new ArrayList<>());
                }
                return l;
            });
            for (long k : c.kernels()) {
                var g = t.sliceTrack((int) (k >>> 32));
                int row = (int) k;
                lanes.get(band).add(new long[] {g.start(row), g.end(row)});
            }
        }
        List<Overlay.Lane> out = new ArrayList<>();
        byRank.forEach((rank, lanes) -> {
            for (int b = 0; b < lanes.size(); b++) {
                List<long[]> iv = lanes.get(b);
                if (iv.isEmpty()) {
                    continue;
                }
                iv.sort((x, y) -> Long.compare(x[0], y[0]));
                List<long[]> merged = new ArrayList<>();
                for (long[] x : iv) {
                    if (!merged.isEmpty() && x[0] <= merged.get(merged.size() - 1)[1]) {
                        long[] last = merged.get(merged.size() - 1);
                        last[1] = Math.max(last[1], x[1]);
                    } else {
                        merged.add(new long[] {x[0], x[1]});
                    }
                }
                long[] s = new long[merged.size()];
                long[] e = new long[merged.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = merged.get(i)[0];
                    e[i] = merged.get(i)[1];
                }
                out.add(new Overlay.Lane(rank, BAND_LABEL[b], BAND_COLOR[b], s, e));
            }
        });
        return new Overlay("efficiency", "Kernel efficiency (percent of roofline)", out);
    }

    /** Band index of a percent of roofline (0: ≥ 80 %, 3: < 25 %). */
    public static int band(double pct) {
        for (int i = 0; i < BAND_FLOOR.length; i++) {
            if (pct >= BAND_FLOOR[i]) {
                return i;
            }
        }
        return BAND_FLOOR.length - 1;
    }

    private static void findings(Result.Builder out, List<OpGroup> groups, List<OpInstance> calls, Ceilings ceil,
                                 double target, double low, long modelled, long headroom) {
        long total = 0;
        for (OpGroup g : groups) {
            total += g.totalNs();
        }
        int gemmFindings = 0;
        int attnFindings = 0;
        int misaligned = 0;
        for (OpGroup g : groups) {
            OpWork w = g.work();
            if (w == null) {
                continue;
            }
            double pct = g.percentOfRoofline(ceil);
            OpInstance s = g.slowest();
            Location at = Location.slice(s.rank(), s.trackId(), s.row(), s.start(), s.end());
            if (pct > 100.5) {
                out.finding(Finding.of("above-roofline", Severity.WARNING,
                        String.format(Locale.ROOT, "%s %s runs at %.0f %% of its roofline", g.key().name(), w.params(), pct),
                        "Measured faster than the device's peak allows for this work on " + ceil.hardware().id()
                                + ": the peak used (" + fmtRate(ceil.peak(w)) + " for " + (w.matrix() ? "matrix " : "vector ")
                                + WorkModel.dtypeId(w.dtype()) + ") or the device is wrong, the kernel does less work "
                                + "than the formula assumes (e.g. sparsity, skipped masked blocks), or FP32 ran on TF32 "
                                + "tensor cores.",
                        "Check the device (--param hardware=ID) and the dtype; with allow_tf32 an FP32 GEMM's peak is TF32's.")
                        .at(at));
            }
            double share = pct(g.totalNs(), total);
            long gain = g.gainNs(ceil, target);
            if (w.category() == OpCategory.GEMM && pct < low * 100 && share >= 2 && gemmFindings < 5) {
                gemmFindings++;
                List<String> details = new ArrayList<>();
                String tile = tileNote(w);
                if (!tile.isEmpty()) {
                    details.add(tile);
                }
                out.finding(Finding.of("gemm-below-roofline", share >= 10 ? Severity.WARNING : Severity.INFO,
                        String.format(Locale.ROOT, "GEMM %s (%s) at %.0f %% of its roofline, %.1f %% of operator time",
                                w.params(), g.key().types(), pct, share),
                        String.format(Locale.ROOT, "%d calls take %s of kernel time; at %.0f %% of the %s-bound "
                                        + "roofline they would take %s. Achieved %s against a bound of %s.",
                                g.count(), UnitFormat.duration(g.totalNs()), target * 100,
                                ceil.limit(w).name().toLowerCase(Locale.ROOT), UnitFormat.duration(g.totalNs() - gain),
                                fmtRate(OpGroup.median(g.flopRates())), fmtRate(ceil.bound(w))),
                        "Try another GEMM backend or tuning (cuBLASLt/hipBLASLt heuristics, TunableOp), pad dimensions "
                                + "to multiples of 64, or batch small GEMMs together.")
                        .at(at).withGainNs(gain).withDetails(details));
            } else if (w.category() == OpCategory.GEMM && pct < low * 100 && share >= 0.5 && misaligned < 3
                    && tileNote(w).contains("multiple of")) {
                misaligned++;
                out.finding(Finding.of("gemm-misaligned-shape", Severity.INFO,
                        String.format(Locale.ROOT, "GEMM %s (%s) at %.0f %% of its roofline: dimensions not aligned",
                                w.params(), g.key().types(), pct),
                        tileNote(w) + String.format(Locale.ROOT, "; %d calls take %s.", g.count(), UnitFormat.duration(g.totalNs())),
                        "Pad K and N to a multiple of 8 (16-bit) or 16 (8-bit) elements, e.g. the vocabulary or hidden size.")
                        .at(at).withGainNs(gain));
            } else if (w.category() == OpCategory.ATTENTION && pct < low * 100 && share >= 2 && attnFindings < 3) {
                attnFindings++;
                out.finding(Finding.of("attention-below-roofline", Severity.INFO,
                        String.format(Locale.ROOT, "Attention %s at %.0f %% of its roofline", w.params(), pct),
                        String.format(Locale.ROOT, "%d calls take %s; the %s-bound roofline allows %s at %.0f %%.",
                                g.count(), UnitFormat.duration(g.totalNs()), ceil.limit(w).name().toLowerCase(Locale.ROOT),
                                UnitFormat.duration(g.totalNs() - gain), target * 100),
                        "Check that a fused attention kernel runs (FlashAttention / CK / cuDNN backend, not the math "
                                + "path) and that the head dim and sequence lengths suit it.")
                        .at(at).withGainNs(gain));
            }
        }
        fusionFinding(out, calls, ceil, total);
        if (headroom > 0) {
            out.finding(Finding.of("roofline-headroom", Severity.INFO,
                    String.format(Locale.ROOT, "%s (%.1f %% of operator kernel time) recoverable at %.0f %% of roofline",
                            UnitFormat.duration(headroom), pct(headroom, total), target * 100),
                    "Summed over operator groups: measured kernel time minus the time the group would take at the target "
                            + "fraction of its roofline (groups already above it count 0).",
                    "Start with the groups with the largest gain in the operator table.")
                    .withGainNs(headroom));
        }
    }

    /** Tensor-core alignment and tile quantization of a GEMM (NVIDIA, "Matrix Multiplication Background User's Guide"). */
    static String tileNote(OpWork w) {
        Map<String, Long> d = new LinkedHashMap<>();
        for (String part : w.params().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    d.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // not a dimension
                }
            }
        }
        Long m = d.get("M");
        Long n = d.get("N");
        Long k = d.get("K");
        if (m == null || n == null || k == null) {
            return "";
        }
        int align = w.dtype() != null && w.dtype().bytes() <= 1 ? 16 : 8;
        List<String> notes = new ArrayList<>();
        if (k % align != 0 || n % align != 0) {
            notes.add("K or N is not a multiple of " + align + " elements, which keeps the library off its fastest "
                    + "tensor-core kernels");
        }
        double tiles = Math.ceil(m / 128.0) * Math.ceil(n / 128.0) * 128 * 128;
        double waste = 1 - (double) m * n / tiles;
        if (waste > 0.1) {
            notes.add(String.format(Locale.ROOT, "with 128×128 output tiles %.0f %% of the last tiles' work is padding "
                    + "(tile quantization)", waste * 100));
        }
        return String.join("; ", notes);
    }

    /**
     * Chains of three or more memory-bound non-GEMM operators whose kernels run back to back on one CPU thread's
     * launches: a fused kernel would read the inputs and write the outputs once, estimated as the chain costing
     * as much as its slowest member.
     */
    private static void fusionFinding(Result.Builder out, List<OpInstance> calls, Ceilings ceil, long total) {
        Map<String, long[]> bySequence = new LinkedHashMap<>();
        Map<String, OpInstance> firstAt = new LinkedHashMap<>();
        List<OpInstance> chain = new ArrayList<>();
        for (int i = 0; i <= calls.size(); i++) {
            OpInstance c = i < calls.size() ? calls.get(i) : null;
            boolean fusable = c != null && c.work() != null && c.work().category() != OpCategory.GEMM
                    && c.work().category() != OpCategory.ATTENTION && c.work().category() != OpCategory.CONV
                    && ceil.limit(c.work()) == Bound.MEMORY;
            boolean continues = fusable && !chain.isEmpty()
                    && chain.get(chain.size() - 1).trackId() == c.trackId() && chain.get(chain.size() - 1).rank() == c.rank();
            if (!continues) {
                if (chain.size() >= 3) {
                    long sum = 0;
                    long max = 0;
                    List<String> names = new ArrayList<>();
                    for (OpInstance x : chain) {
                        sum += x.kernelNs();
                        max = Math.max(max, x.kernelNs());
                        names.add(x.name().replace("aten::", ""));
                    }
                    String seq = String.join(" → ", names);
                    long[] a = bySequence.computeIfAbsent(seq, k -> new long[3]);
                    a[0]++;
                    a[1] += sum - max;
                    a[2] += sum;
                    firstAt.putIfAbsent(seq, chain.get(0));
                }
                chain.clear();
            }
            if (fusable) {
                chain.add(c);
            }
        }
        bySequence.entrySet().stream().filter(e -> pct(e.getValue()[1], total) >= 1)
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1])).limit(3).forEach(e -> {
                    OpInstance f = firstAt.get(e.getKey());
                    out.finding(Finding.of("fusable-memory-bound-chain", Severity.INFO,
                            String.format(Locale.ROOT, "Memory-bound chain %s (%d times, %s)", e.getKey(),
                                    e.getValue()[0], UnitFormat.duration(e.getValue()[2])),
                            "Consecutive memory-bound operators each read and write their tensors from device memory. "
                                    + "Fused into one kernel the chain would move its data about once; estimated as "
                                    + "costing its slowest member.",
                            "Fuse them (torch.compile, a fused kernel such as fused add+RMSNorm or SiLU-and-mul).")
                            .at(Location.slice(f.rank(), f.trackId(), f.row(), f.start(), f.end()))
                            .withGainNs(e.getValue()[1]));
                });
    }

    private static double pct(long part, long whole) {
        return whole <= 0 ? 0 : 100.0 * part / whole;
    }

    private static String fmtRate(double flops) {
        return String.format(Locale.ROOT, "%.1f TFLOP/s", flops / 1e12);
    }
}
