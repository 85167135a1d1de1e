package dev.parallax.serving.io;

import dev.parallax.trace.DiagnosticCode;
import dev.parallax.serving.ServingSeries;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a vLLM server log (plain or gzip) into counter tracks, one process per engine: running, waiting and
 * swapped requests, GPU and CPU KV-cache usage (0–1), prefix-cache hit rate, prompt and generation
 * throughput, and cumulative preemptions (from preemption warnings). Start-up capacity lines go into the
 * trace metadata ({@link ServingSeries#META_GPU_BLOCKS} and friends). Years are assigned by
 * {@link LogYearRule} from the file's modification time. Lines that cannot be read are reported with their
 * line number and skipped.
 */
public final class VllmLogImporter implements TraceImporter {

    @Override
    public String id() {
        return "vllm-log";
    }

    @Override
    public String description() {
        return "vLLM server log (stat lines: running/waiting requests, KV-cache usage, throughput)";
    }

    @Override
    public int sniff(Path file, byte[] head) {
        String text = TextInput.head(head);
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            return 0;
        }
        int headers = 0;
        boolean vllm = false;
        for (String line : text.split("\n", 200)) {
            VllmLogLine.Parsed p = VllmLogLine.parse(line);
            if (p.kind() != VllmLogLine.Kind.NO_HEADER) {
                headers++;
                vllm |= p.kind() == VllmLogLine.Kind.STATS || p.kind() == VllmLogLine.Kind.CAPACITY;
            }
        }
        vllm |= text.toLowerCase(java.util.Locale.ROOT).contains("vllm");
        if (headers == 0) {
            return 0;
        }
        return vllm ? 85 : 30;
    }

    @Override
    public Trace load(Path file, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        long size = Files.size(file);
        ZonedDateTime modified = Files.getLastModifiedTime(file).toInstant().atZone(ZoneOffset.UTC);
        LogYearRule.Counter counter = new LogYearRule.Counter();
        try (TextLines r = TextInput.open(file)) {
            String line;
            while ((line = r.next()) != null) {
                VllmLogLine.Parsed p = VllmLogLine.parse(line);
                if (p.kind() != VllmLogLine.Kind.NO_HEADER) {
                    counter.add(p.month(), p.day());
                }
            }
        }
        LogYearRule years = LogYearRule.forFile(modified, counter.rollovers(), counter.lastMonth(), counter.lastDay());
        return read(file, years, size, progress, t0);
    }

    /** Loads with a known first year instead of the modification-time rule. */
    public Trace load(Path file, int firstYear, Progress progress) throws IOException {
        return read(file, LogYearRule.startingAt(firstYear), Files.size(file), progress, System.nanoTime());
    }

    private Trace read(Path file, LogYearRule years, long size, Progress progress, long t0) throws IOException {
        TraceBuilder b = new TraceBuilder(file.toString());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("vllm.first_year", Integer.toString(years.firstYear()));
        meta.put("vllm.year_rule", "file modification time; month going down = new year; UTC");
        Map<Integer, Double> preemptions = new LinkedHashMap<>();
        long offset = 0;
        long lineNo = 0;
        long decoded = 0;
        long statLines = 0;
        try (TextLines r = TextInput.open(file)) {
            String line;
            while ((line = r.next()) != null) {
                lineNo++;
                long lineOffset = offset;
                offset += r.lastBytes();
                decoded += r.lastBytes();
                if (r.lastWasCut()) {
                    b.diagnostics().report(DiagnosticCode.LINE_TOO_LONG, "line " + lineNo + ": longer than "
                            + TextLines.MAX_LINE_CHARS + " characters (" + r.lastBytes() + " bytes): only its start "
                            + "read", lineOffset);
                }
                if ((lineNo & 0x3FFF) == 0) {
                    progress.checkCancelled();
                    progress.update(Math.min(offset, size), size, "reading " + file.getFileName());
                }
                VllmLogLine.Parsed p;
                try {
                    p = VllmLogLine.parse(line);
                } catch (RuntimeException e) {
                    b.diagnostics().report(DiagnosticCode.BAD_LINE,
                            "line " + lineNo + ": cannot read (" + e.getMessage() + "): skipped", lineOffset);
                    continue;
                }
                if (p.kind() == VllmLogLine.Kind.NO_HEADER) {
                    if (line.contains("Avg prompt throughput") || line.contains("KV cache usage")) {
                        b.diagnostics().report(DiagnosticCode.STAT_LINE_WITHOUT_TIME,
                                "line " + lineNo + ": stat line without a readable time stamp: skipped", lineOffset);
                    }
                    continue;
                }
                long t;
                try {
                    t = years.toEpochNanos(p.month(), p.day(), p.hour(), p.minute(), p.second(), p.nanos());
                } catch (DateTimeException e) {
                    b.diagnostics().report(DiagnosticCode.BAD_TIME,
                            "line " + lineNo + ": no such date " + String.format("%02d-%02d", p.month(), p.day())
                                    + ": line skipped",
                            lineOffset);
                    continue;
                }
                String pid = enginePid(p);
                switch (p.kind()) {
                    case STATS -> {
                        statLines++;
                        b.setProcessName(pid, "vLLM engine " + p.engine());
                        writeStats(b, pid, t, plausible(b, p.values(), lineNo, lineOffset));
                        if (!p.values().containsKey("running") || !(p.values().containsKey("gpu_kv_usage"))) {
                            b.diagnostics().report(DiagnosticCode.INCOMPLETE_STAT_LINE,
                                    "line " + lineNo + ": stat line without running requests or KV usage: kept "
                                            + p.values().keySet(), lineOffset);
                        }
                    }
                    case CAPACITY -> {
                        for (Map.Entry<String, Double> e : p.values().entrySet()) {
                            String problem = ServingPlausibility.capacityProblem(e.getKey(), e.getValue());
                            if (problem != null) {
                                b.diagnostics().report(DiagnosticCode.IMPLAUSIBLE_VALUE,
                                        "line " + lineNo + ": " + problem + ": dropped", lineOffset);
                            } else {
                                meta.put("vllm." + e.getKey(), format(e.getValue()));
                            }
                        }
                    }
                    case PREEMPTION -> {
                        double n = p.values().getOrDefault("cumulative_preemptions",
                                preemptions.getOrDefault(p.engine(), 0.0) + 1);
                        String problem = ServingPlausibility.problem(ServingSeries.PREEMPTIONS, n);
                        if (problem != null) {
                            b.diagnostics().report(DiagnosticCode.IMPLAUSIBLE_VALUE,
                                    "line " + lineNo + ": preemptions: " + problem + ": dropped", lineOffset);
                            continue;
                        }
                        preemptions.put(p.engine(), n);
                        b.setProcessName(pid, "vLLM engine " + p.engine());
                        b.addCounter(b.counterTrack(pid, ServingSeries.PREEMPTIONS), t, n);
                    }
                    default -> {
                    }
                }
            }
        }
        if (statLines == 0) {
            b.diagnostics().report(DiagnosticCode.NO_STAT_LINES,
                    "no vLLM stat lines found (is the stat logger disabled with --disable-log-stats?)", -1);
        }
        if (meta.containsKey(ServingSeries.META_GPU_BLOCKS) && meta.containsKey(ServingSeries.META_KV_CACHE_TOKENS)) {
            double blocks = Double.parseDouble(meta.get(ServingSeries.META_GPU_BLOCKS));
            double tokens = Double.parseDouble(meta.get(ServingSeries.META_KV_CACHE_TOKENS));
            if (blocks > 0) {
                meta.put("vllm.block_size", format(Math.round(tokens / blocks)));
            }
        }
        b.setMetadata(new TraceMetadata("vllm-log", null, -1, null, List.of(), List.of(), null, meta));
        progress.update(size, size, "read " + file.getFileName());
        return b.build(size, decoded, System.nanoTime() - t0);
    }

    /** The stat values that are plausible; each other one is reported with the line and dropped. */
    private static Map<String, Double> plausible(TraceBuilder b, Map<String, Double> values, long lineNo, long offset) {
        Map<String, Double> kept = new LinkedHashMap<>();
        values.forEach((key, v) -> {
            String series = series(key);
            String problem = series == null ? null : ServingPlausibility.problem(series, v);
            if (problem != null) {
                b.diagnostics().report(DiagnosticCode.IMPLAUSIBLE_VALUE,
                        "line " + lineNo + ": " + key + ": " + problem + ": dropped", offset);
            } else {
                kept.put(key, v);
            }
        });
        return kept;
    }

    private static String enginePid(VllmLogLine.Parsed p) {
        return "vllm-engine-" + p.engine();
    }

    /** The counter series of a stat key, or null for keys not kept. */
    private static String series(String key) {
        return switch (key) {
            case "running" -> ServingSeries.RUNNING;
            case "waiting" -> ServingSeries.WAITING;
            case "swapped" -> ServingSeries.SWAPPED;
            case "gpu_kv_usage" -> ServingSeries.KV_USAGE;
            case "cpu_kv_usage" -> ServingSeries.CPU_KV_USAGE;
            case "prefix_cache_hit_rate" -> ServingSeries.PREFIX_CACHE_HIT_RATE;
            case "prompt_throughput" -> ServingSeries.PROMPT_THROUGHPUT;
            case "generation_throughput" -> ServingSeries.GENERATION_THROUGHPUT;
            default -> null;
        };
    }

    private static void writeStats(TraceBuilder b, String pid, long t, Map<String, Double> v) {
        v.forEach((key, value) -> {
            String series = series(key);
            if (series != null) {
                b.addCounter(b.counterTrack(pid, series), t, value);
            }
        });
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
