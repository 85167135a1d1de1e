package dev.parallax.serving.io;

import dev.parallax.trace.DiagnosticCode;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.trace.io.TraceImporter;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads vLLM's Prometheus {@code /metrics} text saved to files — one scrape, several scrapes in one file
 * (each after a {@code # scrape_time:} comment), or a folder of timed scrape files — into counter tracks,
 * one per series (name plus labels other than {@code model_name} and {@code engine}; one process per
 * {@code engine} label). Gauges keep their values; counters ({@code _total}) and histogram parts
 * ({@code _bucket{le=...}}, {@code _sum}, {@code _count}) keep their cumulative values, so an analysis takes
 * differences. Scrape times follow {@link ScrapeTime}. Bad lines are reported with their line number.
 */
public final class PrometheusScrapeImporter implements TraceImporter {

    @Override
    public String id() {
        return "prometheus-text";
    }

    @Override
    public String description() {
        return "Prometheus text scrapes of a serving engine's /metrics (one file or a folder of timed scrapes)";
    }

    @Override
    public int sniff(Path file, byte[] head) {
        String text = TextInput.head(head);
        if (text.contains("# TYPE vllm:") || text.contains("# HELP vllm:")) {
            return 90;
        }
        int samples = 0;
        int lines = 0;
        boolean declared = false;
        for (String line : text.split("\n", 100)) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            if (PrometheusText.typeDeclaration(line) != null) {
                declared = true;
                samples++;
                continue;
            }
            if (PrometheusText.isCommentOrBlank(line)) {
                samples++;
                continue;
            }
            try {
                PrometheusText.parseSample(line);
                samples++;
            } catch (PrometheusText.BadLine e) {
                // counted as a non-sample line
            }
        }
        if (lines < 2 || samples < lines - 1) {
            return 0;
        }
        return declared ? 70 : 30;
    }

    @Override
    public Trace load(Path path, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        TraceBuilder b = new TraceBuilder(path.toString());
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .forEach(files::add);
            }
            files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        } else {
            files.add(path);
        }
        long bytes = 0;
        long decoded = 0;
        Map<String, String> meta = new LinkedHashMap<>();
        int scrapes = 0;
        for (int f = 0; f < files.size(); f++) {
            progress.checkCancelled();
            progress.update(f, files.size(), "reading " + files.get(f).getFileName());
            Path file = files.get(f);
            bytes += Files.size(file);
            long[] counts = readFile(file, b, files.size() > 1);
            decoded += counts[0];
            scrapes += (int) counts[1];
        }
        meta.put("prometheus.files", Integer.toString(files.size()));
        meta.put("prometheus.scrapes", Integer.toString(scrapes));
        b.setMetadata(new TraceMetadata("prometheus-text", null, -1, null, List.of(), List.of(), null, meta));
        progress.update(files.size(), files.size(), "read " + path.getFileName());
        return b.build(bytes, decoded, System.nanoTime() - t0);
    }

    /** Reads one file into the builder; returns {decoded chars, scrapes}. */
    private static long[] readFile(Path file, TraceBuilder b, boolean inFolder) throws IOException {
        long fallback = ScrapeTime.fromFileName(file);
        if (fallback == Long.MIN_VALUE) {
            var mtime = Files.getLastModifiedTime(file).toInstant();
            fallback = mtime.getEpochSecond() * 1_000_000_000L + mtime.getNano();
        }
        long scrapeTime = fallback;
        long scrapes = 1;
        long lineNo = 0;
        long offset = 0;
        boolean sawSample = false;
        boolean sawTimeComment = false;
        String where = inFolder ? file.getFileName() + " " : "";
        try (TextLines r = TextInput.open(file)) {
            String line;
            while ((line = r.next()) != null) {
                lineNo++;
                long lineOffset = offset;
                offset += r.lastBytes();
                if (r.lastWasCut()) {
                    b.diagnostics().report(DiagnosticCode.LINE_TOO_LONG, where + "line " + lineNo + ": longer than "
                            + TextLines.MAX_LINE_CHARS + " characters (" + r.lastBytes() + " bytes): skipped",
                            inFolder ? -1 : lineOffset);
                    continue;
                }
                if (PrometheusText.isCommentOrBlank(line)) {
                    long t = ScrapeTime.fromComment(line);
                    if (t != Long.MIN_VALUE) {
                        if (sawTimeComment || sawSample) {
                            scrapes++;
                        }
                        sawTimeComment = true;
                        scrapeTime = t;
                    }
                    continue;
                }
                PrometheusText.Sample s;
                try {
                    s = PrometheusText.parseSample(line);
                } catch (PrometheusText.BadLine e) {
                    b.diagnostics().report(DiagnosticCode.BAD_SAMPLE,
                            where + "line " + lineNo + ": " + e.getMessage() + ": skipped", inFolder ? -1 : lineOffset);
                    continue;
                }
                sawSample = true;
                if (Double.isNaN(s.value())) {
                    continue;
                }
                String series = PrometheusText.seriesName(s);
                String problem = ServingPlausibility.problem(series, s.value());
                if (problem == null && s.timestampMs() != Long.MIN_VALUE
                        && Math.abs(s.timestampMs()) > Long.MAX_VALUE / 1_000_000L) {
                    problem = "its time stamp " + s.timestampMs() + " ms is out of range";
                }
                if (problem != null) {
                    b.diagnostics().report(DiagnosticCode.IMPLAUSIBLE_VALUE, where + "line " + lineNo + ": "
                            + s.name() + ": " + problem + ": dropped", inFolder ? -1 : lineOffset);
                    continue;
                }
                long t = s.timestampMs() != Long.MIN_VALUE ? s.timestampMs() * 1_000_000L : scrapeTime;
                String engine = s.labels().getOrDefault("engine", "0");
                String pid = "prometheus-engine-" + engine;
                b.setProcessName(pid, "vLLM metrics (engine " + engine + ")");
                b.addCounter(b.counterTrack(pid, series), t, s.value());
            }
        }
        return new long[] {offset, scrapes};
    }
}
