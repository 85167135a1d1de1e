package dev.parallax.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A result table: typed columns and rows of plain values (String, Long, Integer, Double, Boolean or null).
 * Rows may carry a {@link Location} so a click in a view can move the timeline there.
 *
 * @param id snake_case id, the key of this table in the command line's JSON
 */
public record Table(String id, String title, List<Column> columns, List<List<Object>> rows, List<Location> rowLocations) {

    /**
     * A column.
     *
     * @param key snake_case key used in JSON objects
     * @param unit the unit of its values ({@link Unit#NONE} for text and plain numbers)
     */
    public record Column(String key, String label, Unit unit) {
        public Column {
            java.util.Objects.requireNonNull(key);
            unit = unit == null ? Unit.NONE : unit;
            if (label == null || label.isBlank()) {
                label = Labels.fromKey(key);
            }
        }

        public static Column of(String key, String label) {
            return new Column(key, label, Unit.NONE);
        }

        public static Column of(String key, String label, Unit unit) {
            return new Column(key, label, unit);
        }
    }

    public Table {
        columns = List.copyOf(columns);
        List<List<Object>> copy = new ArrayList<>(rows.size());
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("table " + id + ": row has " + r.size() + " values for "
                        + columns.size() + " columns");
            }
            copy.add(java.util.Collections.unmodifiableList(new ArrayList<>(r)));
        }
        rows = List.copyOf(copy);
        rowLocations = rowLocations == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(rowLocations));
    }

    public int columnIndex(String key) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /** The value in {@code row} of column {@code key}; throws when the column does not exist. */
    public Object value(int row, String key) {
        int c = columnIndex(key);
        if (c < 0) {
            throw new IllegalArgumentException("table " + id + " has no column " + key);
        }
        return rows.get(row).get(c);
    }

    /** Location of a row, or null. */
    public Location location(int row) {
        return row < rowLocations.size() ? rowLocations.get(row) : null;
    }

    /** Builds a table row by row. */
    public static final class Builder {
        private final String id;
        private final String title;
        private final List<Column> columns = new ArrayList<>();
        private final List<List<Object>> rows = new ArrayList<>();
        private final List<Location> locations = new ArrayList<>();

        public Builder(String id, String title) {
            this.id = Objects.requireNonNull(id);
            this.title = title;
        }

        public Builder column(String key, String label, Unit unit) {
            columns.add(new Column(key, label, unit));
            return this;
        }

        public Builder column(String key, String label) {
            return column(key, label, Unit.NONE);
        }

        public Builder row(Object... values) {
            return row(null, values);
        }

        public Builder row(Location where, Object... values) {
            rows.add(java.util.Arrays.asList(values));
            locations.add(where);
            return this;
        }

        /** Starts a row whose values are set by column key; unset columns are null. */
        public RowBuilder newRow(Location where) {
            return new RowBuilder(this, where);
        }

        public Table build() {
            return new Table(id, title, columns, rows, locations);
        }
    }

    /** One row of a {@link Builder}, filled by column key. */
    public static final class RowBuilder {
        private final Builder table;
        private final Location where;
        private final java.util.Map<String, Object> values = new java.util.HashMap<>();

        private RowBuilder(Builder table, Location where) {
            this.table = table;
            this.where = where;
        }

        /** Sets the value of column {@code key}; throws when the table has no such column. */
        public RowBuilder set(String key, Object value) {
            if (table.columns.stream().noneMatch(c -> c.key().equals(key))) {
                throw new IllegalArgumentException("table " + table.id + " has no column " + key);
            }
            values.put(key, value);
            return this;
        }

        /** Adds the row to its table. */
        public Builder add() {
            Object[] row = new Object[table.columns.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = values.get(table.columns.get(i).key());
            }
            return table.row(where, row);
        }
    }
}
