package dev.parallax.app.cli;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Metric;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.UnitFormat;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Renders any {@link Result} as readable text: metrics, aligned tables and findings. */
public final class ResultText {
    private ResultText() {
    }

    /**
     * Prints the result's metrics, its non-empty tables (at most {@code maxRows} rows each) and its findings,
     * every value formatted from its unit ({@link UnitFormat}); a result that does not apply prints its reason.
     */
    public static void print(PrintStream out, Result r, int maxRows) {
        out.println("== " + r.title() + " (" + r.analysisId() + ") ==");
        if (!r.applies()) {
            out.println("  not applicable: " + r.applicability().reason());
            out.println();
            return;
        }
        int width = r.metricList().stream().mapToInt(m -> m.label().length()).max().orElse(0);
        for (Metric m : r.metricList()) {
            // labels for people; the snake_case keys are the JSON's (--json)
            out.println("  " + m.label() + " ".repeat(width - m.label().length()) + "  "
                    + UnitFormat.format(m.value(), m.unit()));
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
                out.println("  [" + f.severity().name() + "] " + f.summary() + "  (" + f.code()
                        + (f.hasGain() ? ", est. gain " + UnitFormat.duration(f.gainNs()) : "") + ")");
                out.println("      " + f.explanation());
                for (String d : f.details()) {
                    out.println("        " + d);
                }
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
            head[c] = col.label();
        }
        cells.add(head);
        for (int r = 0; r < rows; r++) {
            String[] line = new String[cols];
            for (int c = 0; c < cols; c++) {
                line[c] = UnitFormat.format(t.rows().get(r).get(c), t.columns().get(c).unit());
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
}
