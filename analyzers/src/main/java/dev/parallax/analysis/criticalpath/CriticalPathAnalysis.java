package dev.parallax.analysis.criticalpath;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
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
import dev.parallax.analysis.gpu.Units;
import dev.parallax.trace.Severity;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Critical path of one iteration per rank, after Holistic Trace Analysis's critical-path analysis: the
 * dependency graph of CPU operators, launches, kernels and synchronisation ({@link GraphBuilder}), its
 * longest path, the path split by what bounds it (CPU, GPU compute, launch overhead, kernel-kernel gaps),
 * the operators that make it up, and what-ifs that recompute it with some operators or kernels made faster.
 */
public final class CriticalPathAnalysis implements Analysis {
    public static final String ID = "critical-path";
    public static final Parameter<String> ANNOTATION = Parameter.ofString("annotation",
            "region: CPU slices whose name contains this (ProfilerStep, or any user annotation); empty = whole "
                    + "trace", "ProfilerStep");
    public static final Parameter<Integer> INSTANCE = Parameter.ofInt("instance",
            "which instance of the annotation, counting from 0", 0);
    public static final Parameter<Integer> INSTANCE_END = Parameter.ofInt("instance_end",
            "last instance of a range (e.g. steps 1..3); -1 = only 'instance'", -1);
    public static final Parameter<Integer> RANK = Parameter.ofInt("rank", "rank to analyse; -1 = every rank", -1);
    public static final Parameter<String> SHRINK = Parameter.ofString("shrink",
            "what-if: REGEX:FACTOR makes matching operators/kernels FACTOR× faster; several separated by ';'", "");
    public static final Parameter<Integer> TOP = Parameter.ofInt("top", "operators listed in the top table", 20);
    public static final Parameter<Integer> MAX_PATH_ROWS = Parameter.ofInt("max_path_rows",
            "edges listed in the path table per rank", 5000);

    /** Finding codes. */
    public static final String CPU_BOUND = "critical-path-cpu-bound";
    public static final String GPU_BOUND = "critical-path-gpu-bound";
    public static final String LAUNCH_OVERHEAD = "critical-path-launch-overhead";
    public static final String KERNEL_GAPS = "critical-path-kernel-gaps";
    public static final String TOP_OPERATOR = "critical-path-top-operator";
    public static final String WHAT_IF = "critical-path-what-if";
    public static final String REGION_MISSING = "critical-path-region-missing";
    public static final String GRAPH_CYCLE = "critical-path-graph-cycle";
    public static final String EMPTY_REGION = "critical-path-empty-region";
    public static final String NO_SYNC_EVENTS = "critical-path-no-sync-events";

    private static final double DOMINANT_PCT = 50.0;
    private static final double OVERHEAD_PCT = 10.0;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Critical path";
    }

    @Override
    public String description() {
        return "The longest chain of dependent CPU operators, launches, kernels and synchronisations in one "
                + "iteration (HTA's critical path), what bounds it, and how much faster the iteration gets when "
                + "chosen operators or kernels get faster.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(ANNOTATION, INSTANCE, INSTANCE_END, RANK, SHRINK, TOP, MAX_PATH_ROWS);
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.GPU_KERNELS, Requirement.CPU_OPS);
    }

    @Override
    public Applicability applicability(TraceSet traces) {
        for (TraceSet.Member m : traces.members()) {
            if (hasCpuOps(m.trace())) {
                return Applicability.APPLIES;
            }
        }
        return Applicability.notApplicable("no CPU operators or runtime calls (cpu_op, cuda_runtime) in these "
                + "traces: record with the PyTorch profiler's CPU activity enabled");
    }

    private static boolean hasCpuOps(Trace t) {
        int op = t.strings().find("cpu_op");
        int rt = t.strings().find("cuda_runtime");
        for (SliceTrack track : t.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < track.size(); r++) {
                int c = track.category(r);
                if (c == op || c == rt) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Parameters for "what if the slices named {@code name} ran {@code factor}× faster", over the
     * {@code ProfilerStep} holding {@code time} on {@code rank} (the whole trace when no step holds it).
     */
    public static Map<String, String> whatIfParameters(Trace trace, int rank, long time, String name, double factor) {
        Map<String, String> p = new java.util.LinkedHashMap<>();
        int step = Region.instanceAt(trace, "ProfilerStep", time);
        p.put(ANNOTATION.id(), step < 0 ? "" : "ProfilerStep");
        p.put(INSTANCE.id(), String.valueOf(Math.max(0, step)));
        p.put(RANK.id(), String.valueOf(rank));
        p.put(SHRINK.id(), "^" + java.util.regex.Pattern.quote(name) + "$:" + factor);
        return p;
    }

    /** The graph of one rank's region, or null when the region is not in the trace. */
    public static CriticalPathGraph graph(Trace trace, Region region) {
        return GraphBuilder.build(trace, region.start(), region.end());
    }

    @Override
    public Result run(TraceSet traces, ParameterValues parameters, Progress progress) {
        Applicability a = applicability(traces);
        if (!a.applies()) {
            return Result.notApplicable(this, a.reason());
        }
        String annotation = parameters.get(ANNOTATION);
        int first = parameters.get(INSTANCE);
        int last = parameters.get(INSTANCE_END);
        int onlyRank = parameters.get(RANK);
        List<Shrink> shrinks = Shrink.parseList(parameters.get(SHRINK));
        boolean annotationSet = parameters.isSet(ANNOTATION);

        Result.Builder out = Result.builder(ID, title());
        Table.Builder summary = new Table.Builder("summary", "Critical path per rank")
                .column("rank", "Rank", Unit.NONE).column("region", "Region", Unit.NONE)
                .column("region_us", "Region", Unit.US).column("path_us", "Critical path", Unit.US);
        for (Bound b : reported()) {
            summary.column(b.key() + "_pct", b.label(), Unit.PERCENT);
        }
        summary.column("path_events", "Events on path", Unit.COUNT).column("graph_nodes", "Graph nodes", Unit.COUNT)
                .column("graph_edges", "Graph edges", Unit.COUNT);
        if (!shrinks.isEmpty()) {
            summary.column("what_if_us", "Path after what-if", Unit.US).column("what_if_gain_us", "What-if gain",
                    Unit.US);
        }
        Table.Builder breakdown = new Table.Builder("breakdown", "Critical path by bound")
                .column("rank", "Rank", Unit.NONE).column("bound", "Bound by", Unit.NONE)
                .column("time_us", "Time", Unit.US).column("pct", "Share", Unit.PERCENT);
        Table.Builder top = new Table.Builder("top_ops", "Operators and kernels on the critical path")
                .column("rank", "Rank", Unit.NONE).column("name", "Name", Unit.NONE).column("kind", "Kind", Unit.NONE)
                .column("time_us", "Time on path", Unit.US).column("pct", "Share of path", Unit.PERCENT)
                .column("count", "Instances", Unit.COUNT);
        Table.Builder path = new Table.Builder("path", "Critical path, edge by edge")
                .column("rank", "Rank", Unit.NONE).column("step", "#", Unit.COUNT).column("type", "Edge", Unit.NONE)
                .column("bound", "Bound by", Unit.NONE).column("name", "Event", Unit.NONE)
                .column("start_us", "Start (from region)", Unit.US).column("weight_us", "Weight", Unit.US);
        Table.Builder whatIf = new Table.Builder("what_if", "What-if: operators or kernels made faster")
                .column("rank", "Rank", Unit.NONE).column("what_if", "What if", Unit.NONE)
                .column("matched", "Events matched", Unit.COUNT).column("path_us", "Critical path", Unit.US)
                .column("new_path_us", "New critical path", Unit.US).column("gain_us", "Gain", Unit.US)
                .column("gain_pct", "Gain", Unit.PERCENT);
        List<Overlay.Lane> lanes = new ArrayList<>();
        List<Overlay.Mark> marks = new ArrayList<>();
        List<Overlay.Link> links = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int analysed = 0;
        long totalPath = 0;
        long totalWhatIf = 0;
        int done = 0;
        for (TraceSet.Member m : traces.members()) {
            progress.update(done++, traces.size(), "critical path of rank " + m.rank());
            if (progress.isCancelled()) {
                throw new dev.parallax.util.CancelledException();
            }
            if (onlyRank >= 0 && m.rank() != onlyRank) {
                continue;
            }
            Trace trace = m.trace();
            Region region = Region.find(trace, annotation, first, last);
            if (region == null && !annotationSet && Region.instances(trace, annotation) == 0) {
                region = Region.find(trace, "", 0, 0);
            }
            if (region == null) {
                missing.add("rank " + m.rank() + ": " + Region.instances(trace, annotation) + " instance(s) of '"
                        + annotation + "'");
                continue;
            }
            CriticalPathGraph g = graph(trace, region);
            CriticalPath cp = g.longestPath();
            if (cp == null) {
                Location where = Location.range(m.rank(), region.start(), region.end());
                out.finding(g.acyclic()
                        ? Finding.of(EMPTY_REGION, Severity.WARNING, "Rank " + m.rank() + ": no CPU operators or "
                                + "kernels start in " + region.label(), "The region holds nothing to build a graph "
                                + "from.", "Choose another annotation or instance.").at(where)
                        : Finding.of(GRAPH_CYCLE, Severity.WARNING, "Rank " + m.rank() + ": no critical path (the "
                                + "dependency graph has a cycle)", "Timestamps that contradict nesting or launch "
                                + "order make the graph cyclic.", "Check the trace's clock and nesting, or choose "
                                + "another region.").at(where));
                continue;
            }
            analysed++;
            totalPath += cp.length();
            long[] bounds = cp.boundTotals();
            Table.RowBuilder row = summary.newRow(Location.range(m.rank(), region.start(), region.end()))
                    .set("rank", m.rank()).set("region", region.label())
                    .set("region_us", Units.us(region.end() - region.start())).set("path_us", Units.us(cp.length()));
            for (Bound b : reported()) {
                row.set(b.key() + "_pct", Units.pct(bounds[b.ordinal()], cp.length()));
            }
            row.set("path_events", cp.events().length).set("graph_nodes", g.nodeCount())
                    .set("graph_edges", g.edgeCount());
            for (Bound b : reported()) {
                breakdown.newRow(Location.rank(m.rank())).set("rank", m.rank()).set("bound", b.key())
                        .set("time_us", Units.us(bounds[b.ordinal()])).set("pct", Units.pct(bounds[b.ordinal()],
                                cp.length())).add();
                if (traces.size() == 1 || onlyRank >= 0) {
                    out.metric(b.key() + "_us", b.label(), Units.us(bounds[b.ordinal()]), Unit.US);
                    out.metric(b.key() + "_pct", b.label() + " share", Units.pct(bounds[b.ordinal()], cp.length()),
                            Unit.PERCENT);
                }
            }
            List<OpTime> ops = topOperators(cp);
            int topN = parameters.get(TOP);
            for (int i = 0; i < Math.min(topN, ops.size()); i++) {
                OpTime o = ops.get(i);
                top.newRow(slice(m.rank(), g, o.example)).set("rank", m.rank()).set("name", o.name)
                        .set("kind", o.gpu ? "GPU" : "CPU").set("time_us", Units.us(o.ns))
                        .set("pct", Units.pct(o.ns, cp.length())).set("count", o.count).add();
            }
            addPathRows(path, m.rank(), g, cp, region, parameters.get(MAX_PATH_ROWS));
            lanes.addAll(lanes(m.rank(), g, cp));
            marksAndLinks(m.rank(), g, cp, marks, links);
            if (!shrinks.isEmpty()) {
                WhatIf w = WhatIf.apply(g, shrinks);
                long after = w.path() == null ? cp.length() : w.path().length();
                totalWhatIf += after;
                row.set("what_if_us", Units.us(after)).set("what_if_gain_us", Units.us(cp.length() - after));
                String label = String.join("; ", shrinks.stream().map(Shrink::label).toList());
                whatIf.newRow(Location.range(m.rank(), region.start(), region.end())).set("rank", m.rank())
                        .set("what_if", label).set("matched", w.matched()).set("path_us", Units.us(cp.length()))
                        .set("new_path_us", Units.us(after)).set("gain_us", Units.us(cp.length() - after))
                        .set("gain_pct", Units.pct(cp.length() - after, cp.length())).add();
                out.finding(Finding.of(WHAT_IF, Severity.INFO, String.format("Rank %d: with %s the critical path "
                                        + "goes from %s to %s (%s)", m.rank(), label, UnitFormat.duration(cp.length()),
                                UnitFormat.duration(after), pct(cp.length() - after, cp.length()) + " shorter"),
                        w.matched() + " events matched; the path was recomputed on the dependency graph, so only "
                                + "time that stays critical counts.", w.matched() == 0
                                ? "No event matched: check the regular expression against the top_ops table." : "")
                        .at(Location.range(m.rank(), region.start(), region.end()))
                        .withGainNs(Math.max(0, cp.length() - after)));
            }
            row.add();
            findings(out, m.rank(), g, cp, bounds, ops, region);
            if (trace.strings().find("cuda_sync") < 0) {
                out.finding(Finding.of(NO_SYNC_EVENTS, Severity.INFO, "Rank " + m.rank()
                                + ": the trace has no cuda_sync events, so waits on the GPU are not linked",
                        "Without synchronisation events (PyTorch ≥ 2.1 records them) a CPU call that waits for "
                                + "the GPU counts as CPU time on the path.",
                        "Profile with PyTorch 2.1 or newer (experimental_config enable_cuda_sync_events=True)."));
            }
        }
        progress.update(traces.size(), traces.size(), "critical path done");
        if (analysed == 0 && missing.isEmpty()) {
            return out.notApplicable("no CPU operators or kernels in the chosen region").build();
        }
        if (analysed == 0) {
            String reason = missing.isEmpty() ? "no rank could be analysed" : "annotation '" + annotation
                    + "' instance " + first + (last > first ? ".." + last : "") + " not found (" + String.join("; ",
                    missing) + ")";
            return Result.builder(ID, title()).notApplicable(reason).finding(Finding.of(REGION_MISSING,
                    Severity.WARNING, "Critical path: " + reason, "There is no region to build the graph of.",
                    "Choose an annotation and instance the trace has (e.g. --param annotation=ProfilerStep "
                            + "--param instance=0), or an empty annotation for the whole trace.")).build();
        }
        for (String line : missing) {
            out.finding(Finding.of(REGION_MISSING, Severity.WARNING, "Region not found on " + line,
                    "That rank was left out.", "Check --param annotation and instance."));
        }
        out.metric("path_us", "Critical path", Units.us(totalPath), Unit.US);
        out.metric("ranks", "Ranks analysed", analysed, Unit.COUNT);
        if (!shrinks.isEmpty()) {
            out.metric("what_if_path_us", "Critical path after what-if", Units.us(totalWhatIf), Unit.US);
            out.metric("what_if_gain_us", "What-if gain", Units.us(totalPath - totalWhatIf), Unit.US);
        }
        out.table(summary.build()).table(breakdown.build()).table(top.build());
        if (!shrinks.isEmpty()) {
            out.table(whatIf.build());
        }
        out.table(path.build());
        out.overlay(new Overlay("critical-path", "Critical path", lanes, marks, links));
        return out.build();
    }

    /** Bounds shown in tables (communication only when a path has it would be nicer; HTA lists all). */
    private static List<Bound> reported() {
        return List.of(Bound.CPU, Bound.GPU_COMPUTE, Bound.GPU_COMMUNICATION, Bound.LAUNCH, Bound.KERNEL_KERNEL);
    }

    private static String pct(long part, long whole) {
        Double p = Units.pct(part, whole);
        return p == null ? "0 %" : String.format("%.1f %%", p);
    }

    private static Location slice(int rank, CriticalPathGraph g, int e) {
        SliceTrack t = g.eventTrack(e);
        int r = g.eventRow(e);
        return Location.slice(rank, t.id(), r, t.start(r), t.end(r));
    }

    /** Time on the path per operator or kernel name. */
    private record OpTime(String name, boolean gpu, long ns, int count, int example) {
    }

    private static List<OpTime> topOperators(CriticalPath cp) {
        CriticalPathGraph g = cp.graph();
        long[] byEvent = cp.timeByEvent();
        Map<String, long[]> byName = new HashMap<>();
        Map<String, Integer> example = new HashMap<>();
        for (int e = 0; e < byEvent.length; e++) {
            if (byEvent[e] <= 0) {
                continue;
            }
            String key = (g.isGpu(e) ? "G" : "C") + g.eventName(e);
            long[] v = byName.computeIfAbsent(key, k -> new long[2]);
            v[0] += byEvent[e];
            v[1]++;
            example.merge(key, e, (a, b) -> byEvent[a] >= byEvent[b] ? a : b);
        }
        List<OpTime> out = new ArrayList<>();
        for (Map.Entry<String, long[]> en : byName.entrySet()) {
            String k = en.getKey();
            out.add(new OpTime(k.substring(1), k.charAt(0) == 'G', en.getValue()[0], (int) en.getValue()[1],
                    example.get(k)));
        }
        out.sort((a, b) -> a.ns != b.ns ? Long.compare(b.ns, a.ns) : a.name.compareTo(b.name));
        return out;
    }

    private static void addPathRows(Table.Builder path, int rank, CriticalPathGraph g, CriticalPath cp, Region region,
                                    int max) {
        int[] edges = cp.edges();
        for (int i = 0; i < Math.min(max, edges.length); i++) {
            int edge = edges[i];
            int e = g.edgeEvent(edge) >= 0 ? g.edgeEvent(edge) : g.nodeEvent(g.edgeTarget(edge));
            path.newRow(slice(rank, g, e)).set("rank", rank).set("step", i).set("type", g.edgeType(edge).key())
                    .set("bound", g.bound(edge).key()).set("name", g.eventName(e))
                    .set("start_us", Units.us(g.nodeTime(g.edgeSource(edge)) - region.start()))
                    .set("weight_us", Units.us(cp.weights()[edge])).add();
        }
    }

    /** Most slices outlined and arrows drawn per rank. */
    static final int MAX_MARKS = 20_000;

    /** The path's slices to outline, and an arrow for each edge between two slices (launch, gap, sync). */
    private static void marksAndLinks(int rank, CriticalPathGraph g, CriticalPath cp, List<Overlay.Mark> marks,
                                      List<Overlay.Link> links) {
        int[] events = cp.events();
        for (int i = 0; i < Math.min(MAX_MARKS, events.length); i++) {
            marks.add(new Overlay.Mark(rank, g.eventTrack(events[i]).id(), g.eventRow(events[i])));
        }
        int n = 0;
        for (int edge : cp.edges()) {
            EdgeType type = g.edgeType(edge);
            if (n >= MAX_MARKS || type == EdgeType.OPERATOR || type == EdgeType.DEPENDENCY) {
                continue;
            }
            int from = g.nodeEvent(g.edgeSource(edge));
            int to = g.nodeEvent(g.edgeTarget(edge));
            links.add(new Overlay.Link(rank, g.eventTrack(from).id(), g.eventRow(from), g.nodeTime(g.edgeSource(edge)),
                    g.eventTrack(to).id(), g.eventRow(to), g.nodeTime(g.edgeTarget(edge)), type.key()));
            n++;
        }
    }

    /** Timeline lanes: the stretches of the path, one lane per kind of bound. */
    private static List<Overlay.Lane> lanes(int rank, CriticalPathGraph g, CriticalPath cp) {
        Bound[] kinds = {Bound.CPU, Bound.GPU_COMPUTE, Bound.LAUNCH, Bound.KERNEL_KERNEL};
        String[] labels = {"critical path: CPU", "critical path: GPU", "critical path: launch",
                "critical path: kernel gaps"};
        String[] colours = {"#d62728", "#9467bd", "#ff7f0e", "#8c564b"};
        List<Overlay.Lane> out = new ArrayList<>();
        for (int k = 0; k < kinds.length; k++) {
            long[] s = new long[cp.edges().length];
            long[] e = new long[cp.edges().length];
            int n = 0;
            for (int edge : cp.edges()) {
                Bound b = g.bound(edge);
                boolean match = b == kinds[k] || (kinds[k] == Bound.GPU_COMPUTE && b == Bound.GPU_COMMUNICATION);
                long from = g.nodeTime(g.edgeSource(edge));
                long to = g.nodeTime(g.edgeTarget(edge));
                if (!match || to <= from) {
                    continue;
                }
                if (n > 0 && e[n - 1] >= from) {
                    e[n - 1] = Math.max(e[n - 1], to);
                } else {
                    s[n] = from;
                    e[n] = to;
                    n++;
                }
            }
            if (n > 0) {
                out.add(new Overlay.Lane(rank, labels[k], colours[k], java.util.Arrays.copyOf(s, n),
                        java.util.Arrays.copyOf(e, n)));
            }
        }
        return out;
    }

    private static void findings(Result.Builder out, int rank, CriticalPathGraph g, CriticalPath cp, long[] bounds,
                                 List<OpTime> ops, Region region) {
        long len = cp.length();
        if (len <= 0) {
            return;
        }
        Location where = Location.range(rank, region.start(), region.end());
        long cpu = bounds[Bound.CPU.ordinal()];
        long gpu = bounds[Bound.GPU_COMPUTE.ordinal()] + bounds[Bound.GPU_COMMUNICATION.ordinal()];
        WhatIf gpuFaster = WhatIf.apply(g, g::isGpu, 2.0);
        WhatIf cpuFaster = WhatIf.apply(g, e -> !g.isGpu(e), 2.0);
        long gpuGain = len - gpuFaster.path().length();
        long cpuGain = len - cpuFaster.path().length();
        double cpuPct = 100.0 * cpu / len;
        double gpuPct = 100.0 * gpu / len;
        if (cpuPct >= DOMINANT_PCT) {
            out.finding(Finding.of(CPU_BOUND, cpuPct >= 70 ? Severity.WARNING : Severity.INFO,
                            String.format("Rank %d: %s is CPU-bound: %.0f %% of its critical path is on the CPU; "
                                            + "2× faster GPU work would shorten it by only %s (%s)", rank,
                                    region.label(), cpuPct, UnitFormat.duration(gpuGain), pct(gpuGain, len)),
                            String.format("The longest chain of dependent work (%s) runs mostly through CPU "
                                            + "operators; kernels wait for their launches. 2× faster CPU operators would "
                                            + "shorten it by %s (%s).", UnitFormat.duration(len), UnitFormat.duration(cpuGain),
                                    pct(cpuGain, len)),
                            "Cut host overhead: CUDA graphs (torch.compile mode=\"reduce-overhead\"), fewer and larger "
                                    + "kernels (fusion), moving Python work off the step.")
                    .at(where).withGainNs(cpuGain));
        } else if (gpuPct >= DOMINANT_PCT) {
            out.finding(Finding.of(GPU_BOUND, Severity.INFO,
                            String.format("Rank %d: %s is GPU-bound: %.0f %% of its critical path is kernel time; "
                                            + "2× faster kernels would shorten it by %s (%s)", rank, region.label(),
                                    gpuPct, UnitFormat.duration(gpuGain), pct(gpuGain, len)),
                            String.format("The host keeps the GPU fed; faster CPU code would gain only %s (%s).",
                                    UnitFormat.duration(cpuGain), pct(cpuGain, len)),
                            "Speed up the kernels at the top of the table (roofline analysis, precision, fusion).")
                    .at(where).withGainNs(gpuGain));
        }
        long launch = bounds[Bound.LAUNCH.ordinal()];
        if (100.0 * launch / len >= OVERHEAD_PCT) {
            out.finding(Finding.of(LAUNCH_OVERHEAD, Severity.WARNING, String.format("Rank %d: kernel launch delays "
                                    + "are %s of the critical path (%s)", rank, pct(launch, len), UnitFormat.duration(launch)),
                            "Kernels on the path start long after their launch call: the GPU was idle waiting for the "
                                    + "host.", "Batch launches with CUDA graphs; avoid synchronising calls that drain "
                                    + "the queue.")
                    .at(where).withGainNs(launch));
        }
        long gaps = bounds[Bound.KERNEL_KERNEL.ordinal()];
        if (100.0 * gaps / len >= OVERHEAD_PCT) {
            out.finding(Finding.of(KERNEL_GAPS, Severity.INFO, String.format("Rank %d: gaps between kernels are %s "
                                    + "of the critical path (%s)", rank, pct(gaps, len), UnitFormat.duration(gaps)),
                            "Back-to-back kernels on the path leave the stream idle between them.",
                            "Fuse small kernels; check for implicit synchronisation between them.")
                    .at(where).withGainNs(gaps));
        }
        if (!ops.isEmpty()) {
            OpTime o = ops.get(0);
            double share = 100.0 * o.ns / len;
            if (share >= 20) {
                WhatIf half = WhatIf.apply(g, e -> g.eventName(e).equals(o.name) && g.isGpu(e) == o.gpu, 2.0);
                long gain = len - half.path().length();
                out.finding(Finding.of(TOP_OPERATOR, Severity.INFO, String.format("Rank %d: %s '%s' is %.0f %% of "
                                        + "the critical path; 2× faster would shorten it by %s", rank,
                                o.gpu ? "kernel" : "operator", o.name, share, UnitFormat.duration(gain)),
                        o.count + " instance(s) on the path, " + String.format("%s", UnitFormat.duration(o.ns)) + ".",
                        "Try other what-ifs: the shrink parameter, or right-click a slice > What if 2× faster?")
                        .at(slice(rank, g, o.example)).withGainNs(gain));
            }
        }
    }
}
