package dev.parallax.app.cli;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.summary.TraceSummary;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders {@link TraceSummary summaries} as aligned text for a terminal. */
final class SummaryText {
    private SummaryText() {
    }

    static void print(PrintWriter out, List<TraceSummary> summaries, List<String> notes) {
        boolean first = true;
        for (TraceSummary s : summaries) {
            if (!first) {
                out.println();
            }
            first = false;
            print(out, s);
        }
        if (!notes.isEmpty()) {
            out.println();
            out.println("notes");
            for (String n : notes) {
                out.println("  " + n);
            }
        }
    }

    private static void print(PrintWriter out, TraceSummary s) {
        out.println(s.file());
        row(out, "format", s.format());
        String rank = s.rank() == null ? "none" : s.rank() + " (from " + rankSource(s.rankSource()) + ")";
        if (s.worldSize() > 0) {
            rank += ", world size " + s.worldSize();
        }
        if (s.backend() != null) {
            rank += ", backend " + s.backend();
        }
        row(out, "rank", rank);
        row(out, "time span", duration(s.spanNs()) + "  (" + s.startNs() + " .. " + s.endNs() + " ns)");
        if (!s.eventsByPhase().isEmpty()) {
            // formats written as Chrome trace events; the others have only the rows below
            row(out, "events", counts(s.eventsByPhase(), Integer.MAX_VALUE));
        }
        row(out, "categories", counts(s.slicesByCategory(), 12));
        row(out, "tracks", s.cpuThreads() + " CPU threads, " + s.gpuStreams() + " GPU streams, "
                + s.counterTracks() + " counters, " + s.asyncTracks() + " async");
        row(out, "slices", s.slices() + " slices, " + s.counterSamples() + " counter samples");
        if (!s.streams().isEmpty()) {
            out.println("  GPU streams");
            for (TraceSummary.Stream st : s.streams()) {
                out.printf(Locale.ROOT, "    %-34s %9d slices  busy %s%n", st.label(), st.slices(),
                        duration(st.busyNs()));
            }
        }
        if (!s.topKernels().isEmpty()) {
            out.println("  top kernels by total GPU time");
            int i = 1;
            for (TraceSummary.Kernel k : s.topKernels()) {
                out.printf(Locale.ROOT, "    %2d. %10s %5.1f %% %8d×  %s%n", i++, duration(k.totalNs()),
                        100 * k.share(), k.count(), abbreviate(k.name(), 90));
            }
        }
        row(out, "flows", String.valueOf(s.flows()));
        if (s.diagnostics().isEmpty()) {
            row(out, "diagnostics", "none");
        } else {
            out.println("  diagnostics");
            for (String d : s.diagnostics()) {
                out.println("    " + d);
            }
        }
        row(out, "load", String.format(Locale.ROOT, "%.3f s, %.1f MB/s (%s on disk, %s decoded)",
                s.loadSeconds(), s.megabytesPerSecond(), bytes(s.fileBytes()), bytes(s.decodedBytes())));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "  %-12s %s%n", label, value);
    }

    static String rankSource(RankSource s) {
        if (s == null) {
            return "nowhere";
        }
        switch (s) {
            case DISTRIBUTED_INFO:
                return "distributedInfo.rank";
            case FILE_NAME:
                return "file name";
            case LOAD_ORDER:
                return "load order";
            default:
                return "user";
        }
    }

    private static String counts(Map<String, Long> m, int max) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(m.entrySet());
        entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, Long> e : entries) {
            if (n == max) {
                sb.append(", ... (").append(entries.size() - max).append(" more)");
                break;
            }
            if (n++ > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(' ').append(e.getValue());
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    static String duration(long ns) {
        double a = Math.abs(ns);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.3f s", ns / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.3f µs", ns / 1e3);
        }
        return ns + " ns";
    }

    static String bytes(long b) {
        if (b >= 1e9) {
            return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
        }
        if (b >= 1e6) {
            return String.format(Locale.ROOT, "%.2f MB", b / 1e6);
        }
        if (b >= 1e3) {
            return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
        }
        return b + " B";
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 3) + "...";
    }
}
