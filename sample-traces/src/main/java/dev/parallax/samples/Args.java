package dev.parallax.samples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal {@code --name value} / {@code --flag} argument parsing for {@link GenerateSamples}. */
final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final List<String> used = new ArrayList<>();

    /** Thrown for bad command lines; the message is meant for the user. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    Args(String[] args, int from, List<String> flags) {
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String key = a.equals("-o") ? "--output" : a;
            String inline = null;
            int eq = key.indexOf('=');
            if (eq > 0) {
                inline = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (flags.contains(key)) {
                values.put(key, inline == null ? "true" : inline);
            } else if (inline != null) {
                values.put(key, inline);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + key + " needs a value");
                }
                values.put(key, args[++i]);
            }
        }
    }

    String string(String key, String def) {
        used.add(key);
        return values.getOrDefault(key, def);
    }

    boolean flag(String key) {
        used.add(key);
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }

    int integer(String key, int def) {
        String v = string(key, null);
        if (v == null) {
            return def;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + key + " expects an integer, got '" + v + "'");
        }
    }

    long longValue(String key, long def) {
        String v = string(key, null);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + key + " expects an integer, got '" + v + "'");
        }
    }

    double decimal(String key, double def) {
        String v = string(key, null);
        if (v == null) {
            return def;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + key + " expects a number, got '" + v + "'");
        }
    }

    /** Fails on options that no accessor asked for (typos). */
    void rejectUnknown() {
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                throw new UsageException("unknown option " + k);
            }
        }
    }
}
