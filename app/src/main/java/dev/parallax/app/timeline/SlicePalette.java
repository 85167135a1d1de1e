package dev.parallax.app.timeline;

import dev.parallax.trace.StringPool;
import javafx.scene.paint.Color;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Colours slices by name: a stable hash of the name with its digits removed (so {@code ProfilerStep#3}
 * and {@code ProfilerStep#4} match, as in Perfetto) picks one of a fixed palette tuned for a dark
 * background. Colour indices are cached per string pool, so painting does no hashing.
 */
public final class SlicePalette {
    private static final String[] HEX = {
        "#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#e15759", "#9c755f",
        "#5f8dd3", "#d4a6c8", "#86bcb6", "#f1ce63", "#8cd17d", "#ff9d9a", "#a0cbe8", "#ffbe7d",
        "#499894", "#b6992d", "#d37295", "#79706e",
    };
    private static final Color[] FILL = new Color[HEX.length];
    private static final Color[] TEXT = new Color[HEX.length];

    static {
        for (int i = 0; i < HEX.length; i++) {
            Color c = Color.web(HEX[i]).deriveColor(0, 0.9, 0.82, 1);
            FILL[i] = c;
            double lum = 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
            TEXT[i] = lum > 0.5 ? Color.web("#111418") : Color.web("#f4f6f8");
        }
    }

    private final Map<StringPool, byte[]> cache = new IdentityHashMap<>();

    /** Palette index of string {@code id} of {@code pool}. */
    public int index(StringPool pool, int id) {
        byte[] c = cache.computeIfAbsent(pool, p -> {
            byte[] a = new byte[p.size()];
            Arrays.fill(a, (byte) -1);
            return a;
        });
        if (id < 0 || id >= c.length) {
            return 0;
        }
        byte v = c[id];
        if (v < 0) {
            v = (byte) indexOf(pool.get(id));
            c[id] = v;
        }
        return v;
    }

    /** Palette index of a name (digits ignored). */
    public static int indexOf(String name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch < '0' || ch > '9') {
                h = 31 * h + ch;
            }
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return Math.floorMod(h, HEX.length);
    }

    public static Color fill(int index) {
        return FILL[index];
    }

    public static Color text(int index) {
        return TEXT[index];
    }

    /** Forgets cached indices (when traces are closed). */
    public void clear() {
        cache.clear();
    }
}
