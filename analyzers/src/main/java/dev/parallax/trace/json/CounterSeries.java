package dev.parallax.trace.json;

import dev.parallax.trace.TraceBuilder;

import java.util.HashMap;
import java.util.Map;

/**
 * Maps a counter event's (process, name, id, argument key) to its counter track: each key of a
 * {@code C} event's {@code args} is one series, named {@code "<name> <key>"} (as Perfetto names them),
 * or just {@code <name>} when the key is {@code value} or already a word of the name ({@code Running requests}
 * with key {@code requests} stays {@code Running requests}); an {@code id} is appended in brackets.
 */
final class CounterSeries {
    private record Key(int pid, int name, int id, int argKey) {
    }

    private final Map<Key, Integer> tracks = new HashMap<>();

    int track(TraceBuilder b, int pid, int name, int id, int argKey) {
        Key k = new Key(pid, name, id, argKey);
        Integer t = tracks.get(k);
        if (t == null) {
            String n = b.strings().get(name);
            if (id >= 0) {
                n = n + " [" + b.strings().get(id) + "]";
            }
            String key = b.strings().get(argKey);
            String series = n.isEmpty() ? key : key.equals("value") || hasWord(n, key) ? n : n + " " + key;
            t = b.counterTrack(b.strings().get(pid), series);
            tracks.put(k, t);
        }
        return t;
    }

    /** Whether {@code word} is one of the blank-separated words of {@code name}, ignoring case. */
    static boolean hasWord(String name, String word) {
        for (String w : name.split("\\s+")) {
            if (w.equalsIgnoreCase(word)) {
                return true;
            }
        }
        return false;
    }
}
