package dev.parallax.nsight;

import dev.parallax.trace.FlowStep;
import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.DiagnosticCode;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.util.Progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the event tables of one Nsight Systems export into one trace (every process) or one trace per
 * rank. Each table is read once, streaming, and each row is routed to the trace of its process.
 *
 * <p>Mapping (chosen to match Kineto so the same analyses run): kernels ({@code CUPTI_ACTIVITY_KIND_KERNEL},
 * category {@code kernel}), copies ({@code ..._MEMCPY}, {@code gpu_memcpy}) and sets ({@code ..._MEMSET},
 * {@code gpu_memset}) on GPU stream tracks (process = device, thread = stream); CUDA runtime calls
 * ({@code ..._RUNTIME}, {@code cuda_runtime}) on their CPU thread, linked to the GPU work they launched by
 * {@code ac2g} flows keyed by correlation id; NVTX push/pop ranges and marks on their thread and start/end
 * ranges on a per-process lane (category {@code user_annotation}); GPU metrics as counters. Times are
 * nanoseconds since the session start; when {@code TARGET_INFO_SESSION_START_TIME} gives the session's UTC
 * start, it is added so that every time is nanoseconds since the Unix epoch, like Kineto's.
 *
 * <p>Ranks: {@code MPI_RANKS} (globalTid → rank) when present; otherwise each process that did CUDA work is
 * its own rank, in process-id order (the rank is then not declared in the metadata). Events of processes
 * that belong to no rank (launchers, CPU-only helpers) are left out of per-rank traces and counted in the
 * diagnostics; the whole-file trace keeps them.
 */
final class NsightReader {
    private static final String KERNEL = "CUPTI_ACTIVITY_KIND_KERNEL";
    private static final String MEMCPY = "CUPTI_ACTIVITY_KIND_MEMCPY";
    private static final String MEMSET = "CUPTI_ACTIVITY_KIND_MEMSET";
    private static final String RUNTIME = "CUPTI_ACTIVITY_KIND_RUNTIME";
    private static final String NVTX = "NVTX_EVENTS";
    private static final String GPU_METRICS = "GPU_METRICS";
    private static final String GPU_METRICS_INFO = "TARGET_INFO_GPU_METRICS";
    private static final String MPI_RANKS = "MPI_RANKS";
    private static final int PROGRESS_EVERY = 1 << 15;

    /** Expected tables and what their absence means for the user. */
    private static final Map<String, String> EXPECTED = expectedTables();

    private static Map<String, String> expectedTables() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("StringIds", "names shown as ids");
        m.put(KERNEL, "no kernels");
        m.put(MEMCPY, "no memory copies");
        m.put(MEMSET, "no memory sets");
        m.put(RUNTIME, "no CUDA runtime calls, no launch-to-kernel flows");
        m.put(NVTX, "no NVTX ranges");
        m.put(GPU_METRICS, "no GPU metrics counters");
        m.put("TARGET_INFO_GPU", "device properties incomplete");
        m.put(MPI_RANKS, "ranks taken from processes");
        m.put("PROCESSES", "processes shown by id");
        m.put("ThreadNames", "threads shown by id");
        m.put("TARGET_INFO_SESSION_START_TIME", "times relative to the session start, not UTC");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Event tables of other Nsight sources that this importer does not read (reported when not empty). */
    private static final List<String> OTHER_EVENT_TABLES = List.of("OSRT_API", "CUDNN_EVENTS", "CUBLAS_EVENTS",
            "SCHED_EVENTS", "COMPOSITE_EVENTS", "OPENACC_DATA", "OPENACC_LAUNCH", "OPENACC_OTHER", "OPENMP_EVENTS",
            "CUDA_GPU_MEMORY_USAGE_EVENTS", "NCCL_EVENTS", "UCX_EVENTS", "MPI_P2P_EVENTS", "MPI_COLLECTIVES_EVENTS",
            "MPI_START_WAIT_EVENTS", "MPI_OTHER_EVENTS", "NVVIDEO_ENCODER_API", "NVVIDEO_DECODER_API",
            "VULKAN_API", "OPENGL_API", "DX12_API");

    private final NsightDatabase db;
    private final Progress progress;
    private final NsightContext context;
    private final List<String> absentColumns = new ArrayList<>();
    private final List<TableQuery> queries = new ArrayList<>();
    private long rowsDone;
    private long rowsTotal;
    /** Per table: rows dropped for a bad time or value, and the first such row's values. */
    private final Map<String, Dropped> dropped = new LinkedHashMap<>();

    /** Rows of one table dropped for a bad time or value. */
    private static final class Dropped {
        long rows;
        String first;
    }
    private long excludedRows;
    private final TreeMap<Long, Long> excludedByPid = new TreeMap<>();

    NsightReader(NsightDatabase db, Progress progress) throws SQLException {
        this.db = db;
        this.progress = progress;
        this.context = NsightContext.read(db);
    }

    List<Trace> read(boolean splitRanks, long fileBytes, long startNanos) throws SQLException {
        for (String t : List.of(KERNEL, MEMCPY, MEMSET, RUNTIME, NVTX, GPU_METRICS)) {
            if (db.hasTable(t)) {
                rowsTotal += db.count(t);
            }
        }
        boolean gpuHasPid = gpuTablesHavePid();
        Map<Long, Integer> rankByPid = readRanks();
        List<RankSink> sinks = new ArrayList<>();
        Map<Long, RankSink> byPid = new HashMap<>();
        RankSink all = null;
        String source = db.file().toString();
        if (splitRanks && !rankByPid.isEmpty()) {
            Map<Integer, RankSink> byRank = new TreeMap<>();
            for (Map.Entry<Long, Integer> e : rankByPid.entrySet()) {
                RankSink s = byRank.computeIfAbsent(e.getValue(),
                        r -> new RankSink(new TraceBuilder(source + " [rank " + r + "]"), r, context));
                s.pids.add(e.getKey());
                byPid.put(e.getKey(), s);
            }
            sinks.addAll(byRank.values());
        } else if (splitRanks && gpuHasPid) {
            TreeSet<Long> cudaPids = cudaProcesses();
            if (cudaPids.size() > 1) {
                for (long pid : cudaPids) {
                    RankSink s = new RankSink(new TraceBuilder(source + " [process " + pid + "]"), null, context);
                    s.pids.add(pid);
                    byPid.put(pid, s);
                    sinks.add(s);
                }
            }
        }
        if (sinks.isEmpty()) {
            Integer rank = rankByPid.isEmpty() ? null : rankByPid.values().iterator().next();
            boolean oneRank = rankByPid.values().stream().distinct().count() == 1;
            all = new RankSink(new TraceBuilder(source), oneRank ? rank : null, context);
            sinks.add(all);
        }
        Long offset = clockOffset();
        for (RankSink s : sinks) {
            if (offset != null) {
                s.builder.setTimeOffset(offset);
            }
        }
        Router router = new Router(all, byPid);

        // Flow points chain in arrival order, so the launches (flow starts) are read before the GPU work.
        readRuntime(router, gpuHasPid);
        readKernels(router, gpuHasPid);
        readMemcpy(router, gpuHasPid);
        readMemset(router, gpuHasPid);
        readNvtx(router);
        readGpuMetrics(sinks);

        String skipped = notImported();
        List<Trace> traces = new ArrayList<>(sinks.size());
        int distinctRanks = (int) rankByPid.values().stream().distinct().count();
        for (RankSink s : sinks) {
            report(s.builder, offset);
            if (!skipped.isEmpty()) {
                s.builder.diagnostics().report(DiagnosticCode.NSIGHT_NOT_IMPORTED,
                        "event tables present in this export but not imported: " + skipped, -1);
            }
            s.builder.setMetadata(metadata(s, distinctRanks, offset));
            traces.add(s.builder.build(fileBytes, fileBytes, System.nanoTime() - startNanos));
        }
        return traces;
    }

    // ---- routing ----------------------------------------------------------------------------

    /** Sends a row of process {@code pid} to its trace, or counts it as belonging to no rank. */
    private final class Router {
        final RankSink all;
        final Map<Long, RankSink> byPid;

        Router(RankSink all, Map<Long, RankSink> byPid) {
            this.all = all;
            this.byPid = byPid;
        }

        RankSink sink(long pid) {
            if (all != null) {
                return all;
            }
            RankSink s = byPid.get(pid);
            if (s == null) {
                excludedRows++;
                excludedByPid.merge(pid, 1L, Long::sum);
            }
            return s;
        }
    }

    private boolean gpuTablesHavePid() {
        boolean any = false;
        for (String t : List.of(KERNEL, MEMCPY, MEMSET)) {
            if (db.hasTable(t)) {
                any = true;
                if (!db.hasColumn(t, "globalPid")) {
                    return false;
                }
            }
        }
        return any;
    }

    private Map<Long, Integer> readRanks() throws SQLException {
        Map<Long, Integer> ranks = new TreeMap<>();
        if (!db.hasTable(MPI_RANKS)) {
            return ranks;
        }
        TableQuery q = query(MPI_RANKS, "globalTid", "rank");
        if (!q.has("globalTid") || !q.has("rank")) {
            return ranks;
        }
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
            while (rs.next()) {
                ranks.put(NsightNames.pidOf(q.getLong(rs, "globalTid", 0)), (int) q.getLong(rs, "rank", 0));
            }
        }
        return ranks;
    }

    /** Processes that ran GPU work, in pid order. */
    private TreeSet<Long> cudaProcesses() throws SQLException {
        TreeSet<Long> pids = new TreeSet<>();
        for (String t : List.of(KERNEL, MEMCPY, MEMSET)) {
            if (db.hasTable(t)) {
                try (Statement st = db.connection().createStatement();
                     ResultSet rs = st.executeQuery("SELECT DISTINCT globalPid FROM " + NsightDatabase.quote(t))) {
                    while (rs.next()) {
                        pids.add(NsightNames.pidOf(rs.getLong(1)));
                    }
                }
            }
        }
        return pids;
    }

    /** UTC of the session start (Nsight times count from it), or null when the export does not say. */
    private Long clockOffset() throws SQLException {
        String t = "TARGET_INFO_SESSION_START_TIME";
        if (!db.hasTable(t) || !db.hasColumn(t, "utcEpochNs")) {
            return null;
        }
        if ("true".equalsIgnoreCase(context.exportInfo().get("EXPORT_PARAM_TIME_NORMALIZE"))) {
            return null;
        }
        try (Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT utcEpochNs FROM " + NsightDatabase.quote(t))) {
            if (rs.next()) {
                long v = rs.getLong(1);
                return rs.wasNull() || v <= 0 ? null : v;
            }
        }
        return null;
    }

    /** Non-empty event tables this importer does not read, with their row counts. */
    private String notImported() throws SQLException {
        Set<String> read = Set.of(KERNEL, MEMCPY, MEMSET, RUNTIME);
        List<String> out = new ArrayList<>();
        for (String t : db.tables()) {
            boolean cupti = t.toUpperCase(java.util.Locale.ROOT).startsWith("CUPTI_ACTIVITY_KIND_")
                    && read.stream().noneMatch(r -> r.equalsIgnoreCase(t));
            if (cupti || OTHER_EVENT_TABLES.stream().anyMatch(o -> o.equalsIgnoreCase(t))) {
                long n = db.count(t);
                if (n > 0) {
                    out.add(t + " (" + n + " rows)");
                }
            }
        }
        return String.join(", ", out);
    }

    private static String orMissing(long v) {
        return v == Long.MIN_VALUE ? "missing" : Long.toString(v);
    }

    private void dropped(TableQuery q, String firstValues) {
        Dropped d = dropped.computeIfAbsent(q.table(), t -> new Dropped());
        if (d.rows++ == 0) {
            d.first = firstValues;
        }
    }

    private TableQuery query(String table, String... columns) {
        progress.update(rowsDone, rowsTotal, "reading " + table + " of " + db.file().getFileName());
        progress.checkCancelled();
        TableQuery q = new TableQuery(db, table, columns);
        queries.add(q);
        for (String c : q.absent()) {
            absentColumns.add(table + "." + c);
        }
        return q;
    }

    private void step() {
        rowsDone++;
        if ((rowsDone & (PROGRESS_EVERY - 1)) == 0) {
            progress.update(rowsDone, rowsTotal, "reading " + db.file().getFileName());
            progress.checkCancelled();
        }
    }

    private static long flowKey(boolean withPid, long pid, long correlation) {
        return withPid ? pid << 32 | (correlation & 0xFFFFFFFFL) : correlation;
    }

    // ---- GPU activity ---------------------------------------------------------------------------

    /**
     * What one GPU-activity table adds to the columns every such table shares (start, end, device, context,
     * stream, correlation, process): it writes its own arguments after the common ones and names the slice.
     */
    @FunctionalInterface
    private interface GpuActivityRow {
        /** Writes the row's own arguments into the open record and returns the slice name's string id. */
        int write(RankSink s, TableQuery q, ResultSet rs, long start, long end) throws SQLException;
    }

    /**
     * Reads a CUPTI activity table (kernels, copies, sets) into GPU-stream slices of each row's rank, with the
     * common arguments, the table's own ones, and the flow end that links the slice to its launch.
     */
    private void readGpuActivity(Router router, boolean withPid, String table, ToIntFunction<RankSink> category,
                                 GpuActivityRow row, String... ownColumns) throws SQLException {
        if (!db.hasTable(table)) {
            return;
        }
        String[] columns = new String[7 + ownColumns.length];
        System.arraycopy(new String[] {"start", "end", "deviceId", "contextId", "streamId", "correlationId",
            "globalPid"}, 0, columns, 0, 7);
        System.arraycopy(ownColumns, 0, columns, 7, ownColumns.length);
        TableQuery q = query(table, columns);
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
            while (rs.next()) {
                step();
                long pid = NsightNames.pidOf(q.getLong(rs, "globalPid", 0));
                RankSink s = router.sink(pid);
                if (s == null) {
                    continue;
                }
                long start = q.getLong(rs, "start", Long.MIN_VALUE);
                long end = q.getLong(rs, "end", Long.MIN_VALUE);
                if (start == Long.MIN_VALUE || end < start) {
                    dropped(q, "start " + orMissing(start) + ", end " + orMissing(end));
                    continue;
                }
                long device = q.getLong(rs, "deviceId", 0);
                long stream = q.getLong(rs, "streamId", 0);
                long corr = q.getLong(rs, "correlationId", -1);
                int track = s.gpuTrack(device, stream);
                TraceBuilder b = s.builder;
                b.args().begin();
                b.args().putLong(s.keyDevice, device);
                putIfPresent(s, "context", q.getLong(rs, "contextId", Long.MIN_VALUE));
                b.args().putLong(s.keyStream, stream);
                putIfPresent(s, KinetoArgs.CORRELATION, corr);
                int name = row.write(s, q, rs, start, end);
                int args = b.args().end();
                b.addSlice(track, start, end - start, name, category.applyAsInt(s), args);
                s.slices++;
                linkGpu(s, withPid, pid, corr, track, start);
            }
        }
    }

    private void readKernels(Router router, boolean withPid) throws SQLException {
        readGpuActivity(router, withPid, KERNEL, s -> s.catKernel, (s, q, rs, start, end) -> {
            putIfPresent(s, "registers per thread", q.getLong(rs, "registersPerThread", Long.MIN_VALUE));
            if (q.has("staticSharedMemory") || q.has("dynamicSharedMemory")) {
                long shared = q.getLong(rs, "staticSharedMemory", 0) + q.getLong(rs, "dynamicSharedMemory", 0);
                s.builder.args().putLong(s.intern("shared memory"), shared);
            }
            putDims(s, q, rs, "grid", "gridX", "gridY", "gridZ");
            putDims(s, q, rs, "block", "blockX", "blockY", "blockZ");
            putIfPresent(s, "graph id", q.getLong(rs, "graphId", Long.MIN_VALUE));
            long nameId = q.getLong(rs, "demangledName", -1);
            if (nameId < 0 || context.string(nameId) == null) {
                nameId = q.getLong(rs, "shortName", -1);
            }
            if (nameId < 0 || context.string(nameId) == null) {
                nameId = q.getLong(rs, "mangledName", -1);
            }
            return s.string(nameId, "kernel");
        }, "demangledName", "shortName", "mangledName", "gridX", "gridY", "gridZ", "blockX", "blockY", "blockZ",
                "registersPerThread", "staticSharedMemory", "dynamicSharedMemory", "graphId");
    }

    private void readMemcpy(Router router, boolean withPid) throws SQLException {
        readGpuActivity(router, withPid, MEMCPY, s -> s.catMemcpy, (s, q, rs, start, end) -> {
            putBytes(s, q.getLong(rs, "bytes", -1), start, end);
            putIfPresent(s, "src device", q.getLong(rs, "srcDeviceId", Long.MIN_VALUE));
            putIfPresent(s, "dst device", q.getLong(rs, "dstDeviceId", Long.MIN_VALUE));
            return s.intern(NsightNames.memcpyName(q.getLong(rs, "copyKind", 0), q.getLong(rs, "srcKind", -1),
                    q.getLong(rs, "dstKind", -1)));
        }, "bytes", "copyKind", "srcKind", "dstKind", "srcDeviceId", "dstDeviceId");
    }

    private void readMemset(Router router, boolean withPid) throws SQLException {
        readGpuActivity(router, withPid, MEMSET, s -> s.catMemset, (s, q, rs, start, end) -> {
            putBytes(s, q.getLong(rs, "bytes", -1), start, end);
            putIfPresent(s, "value", q.getLong(rs, "value", Long.MIN_VALUE));
            return s.intern(NsightNames.memsetName(q.getLong(rs, "memKind", -1)));
        }, "bytes", "value", "memKind");
    }

    /** The transfer size and, for a slice with a length, its bandwidth (bytes per ns = GB/s). */
    private static void putBytes(RankSink s, long bytes, long start, long end) {
        if (bytes < 0) {
            return;
        }
        s.builder.args().putLong(s.keyBytes, bytes);
        if (end > start) {
            s.builder.args().putDouble(s.intern("memory bandwidth (GB/s)"), bytes / (double) (end - start));
        }
    }

    private static void linkGpu(RankSink s, boolean withPid, long pid, long corr, int track, long start) {
        if (corr < 0) {
            return;
        }
        long key = flowKey(withPid, pid, corr);
        s.builder.flowPoint(key, s.catFlow, FlowStep.END, track, start, true);
    }

    private static void putIfPresent(RankSink s, String key, long value) {
        if (value == Long.MIN_VALUE) {
            return;
        }
        if (key.equals(KinetoArgs.CORRELATION)) {
            if (value >= 0) {
                s.builder.args().putLong(s.keyCorrelation, value);
            }
            return;
        }
        s.builder.args().putLong(s.intern(key), value);
    }

    private static void putDims(RankSink s, TableQuery q, ResultSet rs, String key, String x, String y, String z)
            throws SQLException {
        if (!q.has(x)) {
            return;
        }
        String json = "[" + q.getLong(rs, x, 1) + ", " + q.getLong(rs, y, 1) + ", " + q.getLong(rs, z, 1) + "]";
        s.builder.args().putJson(s.intern(key), s.intern(json));
    }

    // ---- CPU side -------------------------------------------------------------------------------

    private void readRuntime(Router router, boolean withPid) throws SQLException {
        if (!db.hasTable(RUNTIME)) {
            return;
        }
        TableQuery q = query(RUNTIME, "start", "end", "globalTid", "correlationId", "nameId", "returnValue");
        Map<Long, String> cleaned = new HashMap<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
            while (rs.next()) {
                step();
                long gtid = q.getLong(rs, "globalTid", 0);
                long pid = NsightNames.pidOf(gtid);
                RankSink s = router.sink(pid);
                if (s == null) {
                    continue;
                }
                long start = q.getLong(rs, "start", Long.MIN_VALUE);
                long end = q.getLong(rs, "end", Long.MIN_VALUE);
                if (start == Long.MIN_VALUE || end < start) {
                    dropped(q, "start " + orMissing(start) + ", end " + orMissing(end));
                    continue;
                }
                long corr = q.getLong(rs, "correlationId", -1);
                long nameId = q.getLong(rs, "nameId", -1);
                String name = cleaned.computeIfAbsent(nameId, id -> NsightNames.runtimeName(context.string(id)));
                int track = s.threadTrack(gtid);
                TraceBuilder b = s.builder;
                b.args().begin();
                putIfPresent(s, KinetoArgs.CORRELATION, corr);
                long ret = q.getLong(rs, "returnValue", 0);
                if (ret != 0) {
                    b.args().putLong(s.intern("return value"), ret);
                }
                int args = b.args().end();
                b.addSlice(track, start, end - start, s.intern(name), s.catRuntime, args);
                s.slices++;
                if (corr >= 0) {
                    b.flowPoint(flowKey(withPid, pid, corr), s.catFlow, FlowStep.BEGIN, track, start, true);
                }
            }
        }
    }

    private void readNvtx(Router router) throws SQLException {
        if (!db.hasTable(NVTX)) {
            return;
        }
        TableQuery q = query(NVTX, "start", "end", "eventType", "text", "textId", "globalTid", "domainId");
        Map<Long, String> domains = new HashMap<>();
        if (q.has("eventType") && q.has("domainId") && q.has("text")) {
            try (Statement st = db.connection().createStatement();
                 ResultSet rs = st.executeQuery("SELECT domainId, text FROM " + NVTX + " WHERE eventType = 75")) {
                while (rs.next()) {
                    domains.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        long unnamedOther = 0;
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
            while (rs.next()) {
                step();
                long type = q.getLong(rs, "eventType", 59);
                boolean pushPop = type == 59 || type == 70;
                boolean startEnd = type == 60 || type == 71;
                boolean mark = type == 34 || type == 65;
                if (!pushPop && !startEnd && !mark) {
                    unnamedOther++;
                    continue;
                }
                long gtid = q.getLong(rs, "globalTid", 0);
                long pid = NsightNames.pidOf(gtid);
                RankSink s = router.sink(pid);
                if (s == null) {
                    continue;
                }
                long start = q.getLong(rs, "start", Long.MIN_VALUE);
                long end = q.getLong(rs, "end", Long.MIN_VALUE);
                if (start == Long.MIN_VALUE || (end != Long.MIN_VALUE && end < start)) {
                    dropped(q, "start " + orMissing(start) + ", end " + orMissing(end));
                    continue;
                }
                String text = q.getString(rs, "text");
                int name = text != null ? s.intern(text)
                        : s.string(q.getLong(rs, "textId", -1), "(unnamed NVTX range)");
                TraceBuilder b = s.builder;
                long domainId = q.getLong(rs, "domainId", 0);
                b.args().begin();
                if (domainId != 0) {
                    String domain = domains.get(domainId);
                    b.args().putString(s.intern("domain"), s.intern(domain != null ? domain : "domain " + domainId));
                }
                int args = b.args().end();
                int track = startEnd ? s.asyncTrack(pid) : s.threadTrack(gtid);
                int cat = s.catNvtx;
                if (mark) {
                    b.addSlice(track, start, 0, name, cat, args);
                } else if (end == Long.MIN_VALUE) {
                    b.begin(track, start, name, cat, args); // never closed: the builder closes it at the track end
                } else {
                    b.addSlice(track, start, end - start, name, cat, args);
                }
                s.slices++;
            }
        }
        if (unnamedOther > 0) {
            for (RankSink s : router.all != null ? List.of(router.all) : new ArrayList<>(router.byPid.values())) {
                s.builder.diagnostics().reportMany(DiagnosticCode.NSIGHT_NVTX_OTHER,
                        "NVTX events other than ranges and marks (domain/category/name registrations) not shown",
                        -1, unnamedOther);
            }
        }
    }

    /** GPU metrics are per device, not per process: every output trace gets them. */
    private void readGpuMetrics(List<RankSink> sinks) throws SQLException {
        if (!db.hasTable(GPU_METRICS)) {
            return;
        }
        Map<Long, String> metricNames = new HashMap<>();
        Map<Long, String> typeNames = new HashMap<>();
        if (db.hasTable(GPU_METRICS_INFO)) {
            TableQuery info = query(GPU_METRICS_INFO, "typeId", "metricId", "metricName", "typeName");
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(info.sql(null))) {
                while (rs.next()) {
                    long type = info.getLong(rs, "typeId", 0);
                    long metric = info.getLong(rs, "metricId", -1);
                    String name = info.getString(rs, "metricName");
                    if (metric >= 0 && name != null) {
                        metricNames.put(type << 32 | metric, name);
                    }
                    String typeName = info.getString(rs, "typeName");
                    if (typeName != null) {
                        typeNames.put(type, typeName);
                    }
                }
            }
        }
        TableQuery q = query(GPU_METRICS, "timestamp", "typeId", "metricId", "value");
        if (!q.has("timestamp") || !q.has("value")) {
            return;
        }
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
            while (rs.next()) {
                step();
                long type = q.getLong(rs, "typeId", 0);
                long metric = q.getLong(rs, "metricId", 0);
                long ts = q.getLong(rs, "timestamp", Long.MIN_VALUE);
                double value = q.getDouble(rs, "value", Double.NaN);
                if (ts == Long.MIN_VALUE || Double.isNaN(value)) {
                    dropped(q, "timestamp " + orMissing(ts) + ", value " + value);
                    continue;
                }
                String metricName = metricNames.getOrDefault(type << 32 | metric, "metric " + metric);
                String typeName = typeNames.getOrDefault(type, "GPU metrics (type " + type + ")");
                for (RankSink s : sinks) {
                    s.builder.addCounter(s.counterTrack("gpu-metrics-" + type, typeName, metricName), ts, value);
                }
            }
        }
    }

    // ---- metadata and diagnostics ----------------------------------------------------------------

    private void report(TraceBuilder b, Long offset) {
        List<String> absent = new ArrayList<>();
        for (Map.Entry<String, String> e : EXPECTED.entrySet()) {
            boolean missing = e.getKey().equals("TARGET_INFO_GPU")
                    ? !db.hasTable("TARGET_INFO_GPU") && !db.hasTable("TARGET_INFO_CUDA_DEVICE")
                    : !db.hasTable(e.getKey());
            if (missing) {
                absent.add(e.getKey() + " (" + e.getValue() + ")");
            }
        }
        if (!absent.isEmpty()) {
            b.diagnostics().report(DiagnosticCode.NSIGHT_TABLES_ABSENT,
                    "tables absent from this export: " + String.join(", ", absent), -1);
        }
        if (!absentColumns.isEmpty()) {
            b.diagnostics().report(DiagnosticCode.NSIGHT_COLUMNS_ABSENT,
                    "columns absent from this export (read as unknown): " + String.join(", ", absentColumns), -1);
        }
        List<String> implausible = new ArrayList<>();
        long implausibleCount = 0;
        for (TableQuery q : queries) {
            implausible.addAll(q.implausible());
            implausibleCount += q.implausibleCount();
        }
        if (implausibleCount > 0) {
            b.diagnostics().reportMany(DiagnosticCode.NSIGHT_BAD_VALUE, "values that are not integers (text, or "
                    + "numbers past the 64-bit range) read as unknown: " + String.join("; ", implausible), -1,
                    implausibleCount);
        }
        if (!dropped.isEmpty()) {
            StringBuilder where = new StringBuilder();
            long rows = 0;
            for (Map.Entry<String, Dropped> e : dropped.entrySet()) {
                Dropped d = e.getValue();
                rows += d.rows;
                where.append(where.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(d.rows)
                        .append(d.rows == 1 ? " row (" : " rows (first: ").append(d.first).append(')');
            }
            b.diagnostics().reportMany(DiagnosticCode.NSIGHT_BAD_TIME, "rows without a start time, ending "
                    + "before they start or without a value: dropped (" + where + ")", -1, rows);
        }
        if (excludedRows > 0) {
            StringBuilder who = new StringBuilder();
            for (Map.Entry<Long, Long> e : excludedByPid.entrySet()) {
                String name = context.processName(e.getKey());
                who.append(who.length() == 0 ? "" : ", ").append(name == null ? "process" : name).append(' ')
                        .append(e.getKey()).append(" (").append(e.getValue()).append(" rows)");
                if (who.length() > 300) {
                    who.append(", ...");
                    break;
                }
            }
            b.diagnostics().reportMany(DiagnosticCode.NSIGHT_NOT_IN_RANK,
                    "events of processes that belong to no rank, left out of the per-rank traces (open the file as"
                            + " one trace to see them): " + who, -1, excludedRows);
        }
        if (offset == null && db.hasTable("TARGET_INFO_SESSION_START_TIME")) {
            b.diagnostics().report(DiagnosticCode.NSIGHT_RELATIVE_TIME,
                    "times kept relative to the session start (export was time-normalized or gave no UTC start)", -1);
        }
    }

    private TraceMetadata metadata(RankSink s, int distinctRanks, Long offset) {
        Map<String, String> other = new LinkedHashMap<>();
        Map<String, String> info = context.exportInfo();
        for (String k : List.of("EXPORT_PRODUCT_NAME", "EXPORT_PRODUCT_VERSION", "EXPORT_SCHEMA_VERSION",
                "EXPORT_HOST", "EXPORT_PARAM_INPUT_FILE", "EXPORT_TIME_UTC")) {
            String v = info.get(k);
            if (v != null) {
                other.put(k.toLowerCase(java.util.Locale.ROOT), v);
            }
        }
        if (!s.pids.isEmpty()) {
            StringBuilder pids = new StringBuilder();
            for (long p : s.pids) {
                pids.append(pids.length() == 0 ? "" : ",").append(p);
            }
            other.put("pids", pids.toString());
        }
        if (offset != null) {
            other.put("clock", "utc (session start + nanoseconds from the export)");
        }
        return new TraceMetadata("nsight-sqlite", s.rank, distinctRanks > 0 ? distinctRanks : -1, null, List.of(),
                context.devices(), offset, other);
    }
}
