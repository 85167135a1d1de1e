package dev.parallax.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The interned strings of one trace (names, categories, argument keys and string values); every
 * column refers to a string by its int id. Id 0 is always the empty string.
 */
public final class StringPool {
    private final String[] strings;
    private final Map<String, Integer> ids;

    private StringPool(String[] strings, Map<String, Integer> ids) {
        this.strings = strings;
        this.ids = ids;
    }

    public String get(int id) {
        return id < 0 ? "" : strings[id];
    }

    public int size() {
        return strings.length;
    }

    /** The id of {@code s}, or -1 when the trace never mentions it. */
    public int find(String s) {
        Integer id = ids.get(s);
        return id == null ? -1 : id;
    }

    /** Mutable interner used while a trace is built. */
    public static final class Builder {
        private final List<String> strings = new ArrayList<>();
        private final HashMap<String, Integer> ids = new HashMap<>();

        public Builder() {
            intern("");
        }

        public int intern(String s) {
            Integer id = ids.get(s);
            if (id != null) {
                return id;
            }
            int next = strings.size();
            strings.add(s);
            ids.put(s, next);
            return next;
        }

        public String get(int id) {
            return strings.get(id);
        }

        public int size() {
            return strings.size();
        }

        public StringPool build() {
            // the builder is not used after build: its map moves into the pool instead of being copied
            String[] arr = strings.toArray(new String[0]);
            strings.clear();
            return new StringPool(arr, ids);
        }
    }
}
