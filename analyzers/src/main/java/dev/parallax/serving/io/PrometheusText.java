package dev.parallax.serving.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses one line of the Prometheus text exposition format (version 0.0.4): {@code # HELP}, {@code # TYPE},
 * comments, and samples {@code name{label="value",...} value [timestamp_ms]} with escaped label values and
 * {@code NaN}/{@code +Inf}/{@code -Inf}. Pure: no state, no I/O.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    /**
     * One sample.
     *
     * @param labels labels sorted by name
     * @param timestampMs the sample's own time stamp (ms since the epoch), or Long.MIN_VALUE when absent
     */
    public record Sample(String name, Map<String, String> labels, double value, long timestampMs) {
    }

    /** A parse failure: what was wrong at which character. */
    public static final class BadLine extends Exception {
        public BadLine(String message) {
            super(message);
        }
    }

    /** Whether the line is a comment ({@code #...}) or blank. */
    public static boolean isCommentOrBlank(String line) {
        String s = line.strip();
        return s.isEmpty() || s.charAt(0) == '#';
    }

    /** The metric family declared by a {@code # TYPE name type} line: {name, type}, or null. */
    public static String[] typeDeclaration(String line) {
        String s = line.strip();
        if (!s.startsWith("#")) {
            return null;
        }
        String[] parts = s.substring(1).strip().split("\\s+");
        if (parts.length >= 3 && parts[0].equals("TYPE")) {
            return new String[] {parts[1], parts[2]};
        }
        return null;
    }

    /** Parses a sample line (not a comment). */
    public static Sample parseSample(String line) throws BadLine {
        String s = line.strip();
        int i = 0;
        int n = s.length();
        while (i < n && isNameChar(s.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new BadLine("expected a metric name at column 1");
        }
        String name = s.substring(0, i);
        Map<String, String> labels = new TreeMap<>();
        if (i < n && s.charAt(i) == '{') {
            i++;
            while (true) {
                while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',')) {
                    i++;
                }
                if (i < n && s.charAt(i) == '}') {
                    i++;
                    break;
                }
                int ks = i;
                while (i < n && isNameChar(s.charAt(i), i == ks)) {
                    i++;
                }
                if (i == ks) {
                    throw new BadLine("expected a label name at column " + (i + 1));
                }
                String key = s.substring(ks, i);
                while (i < n && s.charAt(i) == ' ') {
                    i++;
                }
                if (i + 1 >= n || s.charAt(i) != '=' || s.charAt(i + 1) != '"') {
                    throw new BadLine("expected =\"value\" after label " + key + " at column " + (i + 1));
                }
                i += 2;
                StringBuilder v = new StringBuilder();
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < n) {
                        char e = s.charAt(i++);
                        v.append(e == 'n' ? '\n' : e);
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        v.append(c);
                    }
                }
                if (!closed) {
                    throw new BadLine("unterminated value of label " + key);
                }
                labels.put(key, v.toString());
            }
        }
        String rest = s.substring(i).strip();
        if (rest.isEmpty()) {
            throw new BadLine("no value after " + name);
        }
        String[] parts = rest.split("\\s+");
        if (parts.length > 2) {
            throw new BadLine("unexpected text after the value of " + name);
        }
        double value = parseValue(parts[0]);
        long ts = Long.MIN_VALUE;
        if (parts.length == 2) {
            try {
                ts = Long.parseLong(parts[1]);
            } catch (NumberFormatException e) {
                throw new BadLine("bad time stamp '" + parts[1] + "' of " + name);
            }
        }
        return new Sample(name, labels, value, ts);
    }

    private static double parseValue(String t) throws BadLine {
        switch (t) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new BadLine("bad value '" + t + "'");
                }
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                || (!first && c >= '0' && c <= '9');
    }

    /** The series key of a sample: its name and labels except those that only name the model or engine. */
    public static String seriesName(Sample s) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : s.labels().entrySet()) {
            if (e.getKey().equals("model_name") || e.getKey().equals("engine")) {
                continue;
            }
            parts.add(e.getKey() + "=\"" + e.getValue() + "\"");
        }
        return parts.isEmpty() ? s.name() : s.name() + "{" + String.join(",", parts) + "}";
    }
}
