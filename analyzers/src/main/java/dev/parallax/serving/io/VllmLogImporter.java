package dev.parallax.serving.io;

import dev.parallax.trace.DiagnosticCode;
import dev.parallax.serving.ServingSeries;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;

import java.io.BufferedReader;
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
        try (BufferedReader r = TextInput.open(file)) {
            String line;
            while ((line = r.readLine()) != null) {
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
        try (BufferedReader r = TextInput.open(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                long lineOffset = offset;
                offset += TextInput.utf8Length(line);
                decoded += line.length() + 1;
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
                        writeStats(b, pid, t, p.values());
                        if (!p.values().containsKey("running") || !(p.values().containsKey("gpu_kv_usage"))) {
                            b.diagnostics().report(DiagnosticCode.INCOMPLETE_STAT_LINE,
                                    "line " + lineNo + ": stat line without running requests or KV usage: kept "
                                            + p.values().keySet(), lineOffset);
                        }
                    }
                    case CAPACITY -> p.values().forEach((k, v) -> meta.put("vllm." + k, format(v)));
                    case PREEMPTION -> {
                        double n = p.values().getOrDefault("cumulative_preemptions",
                                preemptions.getOrDefault(p.engine(), 0.0) + 1);
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

    private static String enginePid(VllmLogLine.Parsed p) {
        return "vllm-engine-" + p.engine();
    }

    private static void writeStats(TraceBuilder b, String pid, long t, Map<String, Double> v) {
        v.forEach((key, value) -> {
            String series = switch (key) {
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
            if (series != null) {
                b.addCounter(b.counterTrack(pid, series), t, value);
            }
        });
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
