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

    /** The column's value as a long, or {@code missing} when the column is absent or the value NULL. */
    long getLong(ResultSet rs, String column, long missing) throws SQLException {
        Integer i = index.get(column);
        if (i == null) {
            return missing;
        }
        long v = rs.getLong(i);
        return rs.wasNull() ? missing : v;
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
