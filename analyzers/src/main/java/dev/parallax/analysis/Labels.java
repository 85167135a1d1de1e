package dev.parallax.analysis;

import java.util.Locale;

/** Human titles for snake_case keys where an analysis gave none: {@code median_idle_us} → "Median idle". */
public final class Labels {
    private Labels() {
    }

    /** The key without a unit suffix, words separated by spaces, the first one capitalised. */
    public static String fromKey(String key) {
        String k = key;
        for (String suffix : new String[] {"_us", "_ns", "_ms", "_s", "_pct", "_bytes", "_gib", "_mib"}) {
            if (k.endsWith(suffix) && k.length() > suffix.length()) {
                k = k.substring(0, k.length() - suffix.length());
                break;
            }
        }
        String words = k.replace('_', ' ').replace('-', ' ').trim();
        if (words.isEmpty()) {
            return key;
        }
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }
}
