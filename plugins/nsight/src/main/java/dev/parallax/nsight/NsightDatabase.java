package dev.parallax.nsight;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A read-only connection to an Nsight Systems SQLite export and the schema it actually has. The file is
 * opened with {@code mode=ro&immutable=1} and a read-only {@link SQLiteConfig}: SQLite neither writes nor
 * locks it, so the user's file stays byte-for-byte unchanged. Tables are created lazily by
 * {@code nsys export} and columns change between releases, so every reader asks this schema first.
 */
final class NsightDatabase implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final Map<String, Set<String>> columnsByTable;

    private NsightDatabase(Path file, Connection connection, Map<String, Set<String>> columnsByTable) {
        this.file = file;
        this.connection = connection;
        this.columnsByTable = columnsByTable;
    }

    /** Opens {@code file} read-only and reads its table and column names. */
    static NsightDatabase open(Path file) throws IOException {
        Connection c = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.OPEN_URI);
            String url = "jdbc:sqlite:" + file.toAbsolutePath().toUri().toASCIIString() + "?mode=ro&immutable=1";
            c = config.createConnection(url);
            Map<String, Set<String>> schema = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table','view')")) {
                while (rs.next()) {
                    schema.put(rs.getString(1), new LinkedHashSet<>());
                }
            }
            for (Map.Entry<String, Set<String>> e : schema.entrySet()) {
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("PRAGMA table_info(" + quote(e.getKey()) + ")")) {
                    Set<String> cols = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    while (rs.next()) {
                        cols.add(rs.getString("name"));
                    }
                    e.setValue(Collections.unmodifiableSet(cols));
                }
            }
            return new NsightDatabase(file, c, schema);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IOException(file + ": not a readable SQLite database (" + e.getMessage() + ")", e);
        }
    }

    Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    boolean hasTable(String table) {
        return columnsByTable.containsKey(table);
    }

    boolean hasColumn(String table, String column) {
        Set<String> cols = columnsByTable.get(table);
        return cols != null && cols.contains(column);
    }

    Set<String> tables() {
        return Collections.unmodifiableSet(columnsByTable.keySet());
    }

    /** Whether the schema looks like an Nsight Systems export (the tables {@code nsys export} always writes). */
    boolean looksLikeNsight() {
        if (!hasTable("StringIds")) {
            return false;
        }
        for (String t : columnsByTable.keySet()) {
            String u = t.toUpperCase(Locale.ROOT);
            if (u.startsWith("CUPTI_ACTIVITY_KIND_") || u.equals("NVTX_EVENTS") || u.equals("META_DATA_EXPORT")
                    || u.startsWith("TARGET_INFO_") || u.equals("OSRT_API") || u.equals("GPU_METRICS")) {
                return true;
            }
        }
        return false;
    }

    long count(String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + quote(table))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // read-only connection: nothing to lose
            }
        }
    }
}
