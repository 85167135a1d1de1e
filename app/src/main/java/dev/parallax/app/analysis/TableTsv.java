package dev.parallax.app.analysis;

import dev.parallax.analysis.Table;

import java.util.List;
import java.util.Locale;

/** Tab-separated text of table rows (header line first), as spreadsheets paste it. */
public final class TableTsv {
    private TableTsv() {
    }

    /** TSV of the given rows of {@code t} (in the given order), with a header of labels and units. */
    public static String of(Table t, List<Integer> rows) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < t.columns().size(); c++) {
            Table.Column col = t.columns().get(c);
            sb.append(c == 0 ? "" : "\t").append(clean(col.label() + (col.unit().symbol().isEmpty() ? "" : " (" + col.unit().symbol() + ")")));
        }
        sb.append('\n');
        for (int r : rows) {
            List<Object> row = t.rows().get(r);
            for (int c = 0; c < row.size(); c++) {
                sb.append(c == 0 ? "" : "\t").append(clean(text(row.get(c))));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A value as text: nothing for null, full precision for numbers. */
    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%s", d) : "";
        }
        return String.valueOf(v);
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ');
    }
}
