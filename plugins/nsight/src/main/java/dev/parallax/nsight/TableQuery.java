package dev.parallax.nsight;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A SELECT over the columns of one Nsight table that this export actually has. Columns are looked up by
 * name (never by position), absent ones read as "missing" and are listed for the load diagnostics.
 */
final class TableQuery {
    private final String table;
    private final List<String> present = new ArrayList<>();
    private final List<String> absent = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, long[]> implausible = new java.util.LinkedHashMap<>();
    private final Map<String, String> firstImplausible = new HashMap<>();

    TableQuery(NsightDatabase db, String table, String... columns) {
        this.table = table;
        for (String c : columns) {
            if (db.hasColumn(table, c)) {
                present.add(c);
                index.put(c, present.size());
            } else {
                absent.add(c);
            }
        }
    }

    String table() {
        return table;
    }

    List<String> absent() {
        return absent;
    }

    boolean has(String column) {
        return index.containsKey(column);
    }

    /** {@code SELECT <present columns> FROM table [where]}. */
    String sql(String where) {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (present.isEmpty()) {
            sb.append("1");
        }
        for (int i = 0; i < present.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(NsightDatabase.quote(present.get(i)));
        }
        sb.append(" FROM ").append(NsightDatabase.quote(table));
        if (where != null) {
            sb.append(" WHERE ").append(where);
        }
        return sb.toString();
    }

    /**
     * The column's value as a long, or {@code missing} when the column is absent, the value NULL, or not an
     * integer SQLite can give exactly (text such as "abc", or a real out of the long range, which SQLite
     * would read as 0 or clamp to the largest long): those are counted in {@link #implausible()}.
     */
    long getLong(ResultSet rs, String column, long missing) throws SQLException {
        Integer i = index.get(column);
        if (i == null) {
            return missing;
        }
        long v = rs.getLong(i);
        if (rs.wasNull()) {
            return missing;
        }
        if (v == 0 || v == Long.MAX_VALUE || v == Long.MIN_VALUE) {
            // only these can stand for a value SQLite could not convert: look at what is stored
            Object o = rs.getObject(i);
            boolean exact = o instanceof Long || o instanceof Integer
                    || (o instanceof Double d && d == (double) v && Math.abs(d) < 0x1p63)
                    || (o instanceof String str && isInteger(str.strip(), v));
            if (!exact) {
                implausible.computeIfAbsent(column, c -> new long[1])[0]++;
                firstImplausible.putIfAbsent(column, String.valueOf(o));
                return missing;
            }
        }
        return v;
    }

    private static boolean isInteger(String text, long v) {
        try {
            return Long.parseLong(text) == v;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Per column, values that were not integers (each read as missing), with the first one seen:
     * "start: 2 values (first: abc)"; empty when all were plausible.
     */
    List<String> implausible() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : implausible.entrySet()) {
            long n = e.getValue()[0];
            out.add(table + "." + e.getKey() + ": " + n + (n == 1 ? " value (" : " values (first: ")
                    + abbreviate(firstImplausible.get(e.getKey())) + ")");
        }
        return out;
    }

    /** Values counted by {@link #implausible()}. */
    long implausibleCount() {
        long n = 0;
        for (long[] c : implausible.values()) {
            n += c[0];
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    double getDouble(ResultSet rs, String column, double missing) throws SQLException {
        Integer i = index.get(column);
        if (i == null) {
            return missing;
        }
        double v = rs.getDouble(i);
        return rs.wasNull() ? missing : v;
    }

    String getString(ResultSet rs, String column) throws SQLException {
        Integer i = index.get(column);
        return i == null ? null : rs.getString(i);
    }
}
