package dev.parallax.cluster;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.AnalysisRunner;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Metric;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.bubbles.StageMap;
import dev.parallax.analysis.classify.CollectiveType;
import dev.parallax.analysis.classify.KernelClass;
import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.analysis.classify.TraceClasses;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.ProfileCache;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.RankFromFileName;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Analyses one rank's trace into a {@link RankRecord}: the same {@link Analysis} classes as the desktop, run on
 * a trace set holding that rank alone, their per-rank table rows kept as metrics ({@code analysis.column}),
 * the breakdown's profiler steps, and the rank's collective kernels for the cross-rank skew. A file that
 * cannot be read, or an analysis that fails, becomes an error in the record, never an exception.
 */
public final class RankAnalyzer {
    private static final String HOST_KEY = "hostname";

    private final JobOptions options;
    private final List<Analysis> analyses;
    private final List<ParameterValues> values;
    private final TraceLoader loader;
    private final RuleSet collectiveRules;

    /**
     * Resolves the options' analysis ids in {@code registry} and parses their parameters.
     *
     * @throws IllegalArgumentException for an unknown id, an undeclared parameter or a bad value
     */
    public RankAnalyzer(JobOptions options, Analyses registry, TraceLoader loader) {
        this.options = options;
        this.loader = loader;
        List<Analysis> found = new ArrayList<>();
        for (String id : options.analyses()) {
            found.add(registry.byId(id).orElseThrow(() -> new IllegalArgumentException("unknown analysis '" + id
                    + "' (known: " + String.join(", ", registry.ids()) + ")")));
        }
        AnalysisRunner.checkKeys(found, options.parameters());
        this.analyses = List.copyOf(found);
        List<ParameterValues> parsed = new ArrayList<>();
        for (Analysis a : found) {
            parsed.add(ParameterValues.parse(a.parameters(), AnalysisRunner.parametersFor(a, options.parameters())));
        }
        this.values = List.copyOf(parsed);
        this.collectiveRules = RuleSet.preset(options.parameters().getOrDefault("preset", "parallax"));
    }

    /** With every analysis and importer on this class's class path. */
    public static RankAnalyzer withDefaults(JobOptions options) {
        return new RankAnalyzer(options, Analyses.discover(), TraceLoader.discover());
    }

    public List<Analysis> analyses() {
        return analyses;
    }

    /**
     * Loads and analyses one rank file.
     *
     * @param file the file on the local disk
     * @param displayPath the path or URI the user gave (kept in the record, used for the rank from the name)
     * @param fileIndex the file's position in the job's sorted file list (the rank when nothing else names it)
     */
    public RankRecord analyzeFile(Path file, String displayPath, int fileIndex) {
        return analyzeFile(file, displayPath, fileIndex, false);
    }

    /**
     * Loads and analyses one rank file; with {@code fromFolder}, a file that no importer reads or that holds
     * no trace events is {@linkplain RankRecord#skipped skipped} rather than a failed rank (as the desktop
     * skips a folder's other files).
     */
    public RankRecord analyzeFile(Path file, String displayPath, int fileIndex, boolean fromFolder) {
        String name = displayPath.substring(displayPath.lastIndexOf('/') + 1);
        OptionalInt fromName = RankFromFileName.rank(Path.of(name.isEmpty() ? "x" : name));
        int guessRank = fromName.orElse(fileIndex);
        String guessSource = fromName.isPresent() ? label(RankSource.FILE_NAME) : label(RankSource.LOAD_ORDER);
        long bytes = 0;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            // reported by the load below
        }
        if (fromFolder) {
            try {
                loader.choose(file);
            } catch (IOException e) {
                return RankRecord.skipped(displayPath, bytes, "no importer reads it");
            }
        }
        long t0 = System.nanoTime();
        Trace trace;
        try {
            trace = loader.load(file, Progress.none());
        } catch (IOException | RuntimeException e) {
            String m = e.getMessage() == null ? e.toString() : e.getMessage();
            return RankRecord.failed(guessRank, guessSource, displayPath, nodeOf(guessRank, null), bytes,
                    m.replace(file.toString(), displayPath));
        } catch (OutOfMemoryError e) {
            return RankRecord.failed(guessRank, guessSource, displayPath, nodeOf(guessRank, null), bytes,
                    displayPath + ": not enough memory to load it (" + bytes + " bytes; give the executors more)");
        }
        long loadNanos = System.nanoTime() - t0;
        if (fromFolder && trace.sliceCount() == 0 && trace.counterSampleCount() == 0
                && (trace.diagnostics().count("no-events") > 0 || trace.diagnostics().count("not-a-trace") > 0)) {
            return RankRecord.skipped(displayPath, bytes, "JSON without trace events");
        }
        Integer declared = trace.metadata().rank();
        int rank = declared != null ? declared : guessRank;
        String source = declared != null ? label(RankSource.DISTRIBUTED_INFO) : guessSource;
        return analyze(trace, rank, source, displayPath, bytes, loadNanos);
    }

    /** Analyses an already loaded trace of rank {@code rank}. */
    public RankRecord analyze(Trace trace, int rank, String rankSource, String path, long fileBytes, long loadNanos) {
        long t0 = System.nanoTime();
        String node = nodeOf(rank, trace);
        RankSource src = RankSource.valueOf(rankSource.toUpperCase(Locale.ROOT).replace("FILE_ORDER", "LOAD_ORDER"));
        TraceSet set = new TraceSet(path, List.of(new TraceSet.Member(trace, rank, src)));
        Map<String, Double> metrics = new TreeMap<>();
        Map<String, String> notApplicable = new TreeMap<>();
        List<StepFigures> steps = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        ProfileCache cache = new ProfileCache();
        for (int i = 0; i < analyses.size(); i++) {
            Analysis a = analyses.get(i);
            Result r;
            try {
                r = a instanceof GpuAnalysis g ? g.run(set, values.get(i), Progress.none(), cache)
                        : a.run(set, values.get(i), Progress.none());
            } catch (CancelledException e) {
                throw e;
            } catch (RuntimeException e) {
                r = AnalysisRunner.failed(a, e);
            }
            if (!r.applies()) {
                notApplicable.put(a.id(), r.applicability().reason());
                continue;
            }
            collect(r, rank, metrics, steps);
            for (Finding f : r.findingsBySeverity()) {
                findings.add(f.severity().name().toLowerCase(Locale.ROOT) + " " + f.code() + ": " + f.summary());
            }
        }
        if (!steps.isEmpty()) {
            metrics.put("steps.count", (double) steps.size());
            metrics.put("steps.median_us", median(steps.stream().mapToDouble(StepFigures::spanUs).toArray()));
        }
        List<CollectiveArrival> arrivals = collectives(trace);
        metrics.put("collectives.count", (double) arrivals.size());
        List<String> diagnostics = new ArrayList<>();
        for (Diagnostic d : trace.diagnostics().items()) {
            diagnostics.add(d.format(path));
        }
        return new RankRecord(rank, rankSource, path, node, stageOf(set, rank), fileBytes, loadNanos,
                System.nanoTime() - t0, null, diagnostics, metrics, steps, arrivals, notApplicable, findings);
    }

    private static String label(RankSource s) {
        return s == RankSource.LOAD_ORDER ? "file_order" : s.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Keeps the rank's rows of every table that has a {@code rank} column: the single row of a per-rank
     * table becomes metrics {@code analysis.column} (table {@code ranks}) or {@code analysis.table.column};
     * the breakdown's {@code steps} table gives the steps. An analysis without per-rank tables gives its
     * scalar metrics as {@code analysis.key}.
     */
    private static void collect(Result r, int rank, Map<String, Double> metrics, List<StepFigures> steps) {
        boolean perRankTable = false;
        for (Table t : r.tables()) {
            int rc = t.columnIndex("rank");
            if (rc < 0) {
                continue;
            }
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < t.rows().size(); i++) {
                if (t.rows().get(i).get(rc) instanceof Number n && n.intValue() == rank) {
                    rows.add(i);
                }
            }
            if (r.analysisId().equals("breakdown") && t.id().equals("steps")) {
                for (int i : rows) {
                    steps.add(new StepFigures(String.valueOf(t.value(i, "step")), number(t.value(i, "span_us")),
                            number(t.value(i, "idle_pct"))));
                }
                continue;
            }
            if (rows.size() != 1 || t.columnIndex("step") >= 0) {
                continue;
            }
            perRankTable = true;
            String prefix = r.analysisId() + "." + (t.id().equals("ranks") ? "" : t.id() + ".");
            List<Object> row = t.rows().get(rows.get(0));
            for (int c = 0; c < t.columns().size(); c++) {
                if (c != rc && row.get(c) instanceof Number n && Double.isFinite(n.doubleValue())) {
                    metrics.put(prefix + t.columns().get(c).key(), n.doubleValue());
                }
            }
        }
        if (!perRankTable) {
            for (Metric m : r.metricList()) {
                if (m.value() instanceof Number && Double.isFinite(m.number())) {
                    metrics.put(r.analysisId() + "." + m.key(), m.number());
                }
            }
        }
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The node of {@code rank}: the node map, else the trace's {@code hostname}, else ranks per node. */
    String nodeOf(int rank, Trace trace) {
        String mapped = options.nodeMap().get(rank);
        if (mapped != null) {
            return mapped;
        }
        if (trace != null) {
            for (Map.Entry<String, String> e : trace.metadata().other().entrySet()) {
                String k = e.getKey().toLowerCase(Locale.ROOT);
                if ((k.equals(HOST_KEY) || k.endsWith("." + HOST_KEY) || k.equals("host")) && !e.getValue().isBlank()) {
                    return e.getValue();
                }
            }
        }
        if (options.ranksPerNode() > 0) {
            return "node-" + rank / options.ranksPerNode();
        }
        return "unknown";
    }

    /** The rank's pipeline stage: the bubbles' {@code stage_map} parameter, else its pipeline process group. */
    private int stageOf(TraceSet set, int rank) {
        Optional<StageMap> map;
        String user = options.parameters().get("stage_map");
        if (user == null) {
            user = options.parameters().get("bubbles.stage_map");
        }
        map = user != null ? Optional.of(StageMap.parseUser(user)) : StageMap.fromProcessGroups(set);
        if (map.isEmpty()) {
            return -1;
        }
        for (List<Integer> pipeline : map.get().pipelines()) {
            int i = pipeline.indexOf(rank);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The rank's collective kernels (all types but point-to-point), in start order, each keyed by process
     * group ({@code Process Group Name}), type and sequence number ({@code Seq} when recorded, else order).
     */
    List<CollectiveArrival> collectives(Trace trace) {
        TraceClasses classes = TraceClasses.classify(trace, collectiveRules);
        StringPool pool = trace.strings();
        int pgKey = pool.find("Process Group Name");
        int seqKey = pool.find("Seq");
        if (seqKey < 0) {
            seqKey = pool.find("seq");
        }
        record Raw(String group, CollectiveType type, long seq, long start, long duration) {
        }
        List<Raw> raw = new ArrayList<>();
        for (SliceTrack t : trace.sliceTracks()) {
            int[] codes = classes.codes(t.id());
            for (int r = 0; r < t.size(); r++) {
                int code = codes[r];
                if (!TraceClasses.isDeviceWork(code) || TraceClasses.kernelClass(code) != KernelClass.COMMUNICATION) {
                    continue;
                }
                CollectiveType type = TraceClasses.collective(code);
                if (type == CollectiveType.SEND_RECV || type == CollectiveType.NONE) {
                    continue;
                }
                int args = t.args(r);
                String group = null;
                long seq = -1;
                if (args >= 0) {
                    if (pgKey >= 0) {
                        group = trace.args().getString(args, pgKey, pool);
                    }
                    if (seqKey >= 0) {
                        seq = trace.args().getLong(args, seqKey, pool, -1);
                    }
                }
                raw.add(new Raw(group == null ? "default" : group, type, seq, t.start(r), t.duration(r)));
            }
        }
        raw.sort((a, b) -> Long.compare(a.start(), b.start()));
        Map<String, Long> order = new HashMap<>();
        List<CollectiveArrival> out = new ArrayList<>(raw.size());
        for (Raw x : raw) {
            String key = x.group() + "\u0000" + x.type();
            long n = order.merge(key, 1L, Long::sum) - 1;
            out.add(new CollectiveArrival(x.group(), x.type().id(), x.seq() >= 0 ? x.seq() : n, x.start(),
                    x.duration()));
        }
        return out;
    }
}
