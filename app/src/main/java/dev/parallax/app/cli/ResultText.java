package dev.parallax.app.cli;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders any {@link Result} as readable text: metrics, aligned tables and findings. */
public final class ResultText {
    private ResultText() {
    }

    /** Prints the result's metrics, its non-empty tables (at most {@code maxRows} rows each) and its findings. */
    public static void print(PrintStream out, Result r, int maxRows) {
        out.println("== " + r.title() + " (" + r.analysisId() + ") ==");
        if (!r.metrics().isEmpty()) {
            for (Map.Entry<String, Object> e : r.metrics().entrySet()) {
                out.println("  " + e.getKey() + ": " + format(e.getValue(), e.getKey()));
            }
        }
        for (Table t : r.tables()) {
            if (t.rows().isEmpty()) {
                continue;
            }
            out.println();
            out.println(t.title() + (t.rows().size() > maxRows ? " (first " + maxRows + " of " + t.rows().size()
                    + " rows; --json for all)" : ""));
            printTable(out, t, maxRows);
        }
        List<Finding> findings = r.findingsBySeverity();
        if (!findings.isEmpty()) {
            out.println();
            out.println("Findings");
            for (Finding f : findings) {
                out.println("  [" + f.severity().name() + "] " + f.summary());
                out.println("      " + f.explanation());
                if (f.suggestion() != null && !f.suggestion().isEmpty()) {
                    out.println("      -> " + f.suggestion());
                }
            }
        }
        out.println();
    }

    static void printTable(PrintStream out, Table t, int maxRows) {
        int cols = t.columns().size();
        int rows = Math.min(maxRows, t.rows().size());
        List<String[]> cells = new ArrayList<>();
        String[] head = new String[cols];
        for (int c = 0; c < cols; c++) {
            Table.Column col = t.columns().get(c);
            head[c] = col.label() + (col.unit().isEmpty() ? "" : " (" + col.unit().replace("us", "µs") + ")");
        }
        cells.add(head);
        for (int r = 0; r < rows; r++) {
            String[] line = new String[cols];
            for (int c = 0; c < cols; c++) {
                line[c] = format(t.rows().get(r).get(c), t.columns().get(c).key());
                if (line[c].length() > 60) {
                    line[c] = line[c].substring(0, 57) + "...";
                }
            }
            cells.add(line);
        }
        int[] width = new int[cols];
        for (String[] line : cells) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        for (int i = 0; i < cells.size(); i++) {
            StringBuilder sb = new StringBuilder("  ");
            for (int c = 0; c < cols; c++) {
                String v = cells.get(i)[c];
                boolean numeric = i > 0 && isNumber(t.rows().get(i - 1).get(c));
                sb.append(numeric ? pad(v, width[c], true) : pad(v, width[c], false));
                sb.append(c + 1 < cols ? "  " : "");
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    private static boolean isNumber(Object o) {
        return o instanceof Number;
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }

    /**
     * Doubles: two decimals for percentages ({@code pct} keys); three decimals (ns precision for microseconds)
     * from 1 up and for zero; four significant digits below 1, so small values such as a 60 µs latency in
     * seconds do not print as 0.000 (scientific notation below 1e-4).
     */
    static String format(Object v, String key) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return "-";
            }
            if (key.endsWith("pct") || key.contains("_pct_")) {
                return String.format(Locale.ROOT, "%.2f", d);
            }
            if (d != 0 && Math.abs(d) < 1) {
                return String.format(Locale.ROOT, "%.4g", d);
            }
            return String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(v);
    }
}
