package dev.parallax.serving.io;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one line of a vLLM server log: strips ANSI colour codes and the process prefix
 * ({@code (APIServer pid=158) }, {@code (EngineCore_0 pid=1159) }), reads the {@code LEVEL MM-DD HH:MM:SS}
 * time stamp (which has no year) and recognises the lines Parallax uses:
 * <ul>
 *   <li>the periodic stat line of vLLM's stat logger ({@code Avg prompt throughput: X tokens/s, ... Running: R
 *       reqs, Waiting: W reqs, GPU KV cache usage: P%, Prefix cache hit rate: H%}; older versions print
 *       {@code Swapped}, {@code Pending} and {@code CPU KV cache usage}), optionally behind {@code Engine 000:};</li>
 *   <li>start-up capacity lines ({@code # GPU blocks: N}, {@code GPU KV cache size: 2,640,144 tokens},
 *       {@code Maximum concurrency for 16,384 tokens per request: 284.25x}, {@code Available KV cache memory:
 *       X GiB}, {@code Model loading took X GiB});</li>
 *   <li>preemption warnings ({@code Sequence group N is preempted by ...}).</li>
 * </ul>
 * Numbers may carry thousands separators. The parser is pure: no state, no I/O. Its time is linear in the
 * line's length whatever the line holds: the stat and prefix scanners are hand-written, and every regular
 * expression is anchored or uses possessive quantifiers, so no input makes them backtrack (a stat-like line
 * followed by megabytes of letters parses in milliseconds).
 */
public final class VllmLogLine {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    /** A process prefix is at most this long ({@code (EngineCore_DP12 pid=1234567)}). */
    private static final int MAX_PREFIX = 256;
    /** A stat label is at most this long ({@code Avg generation throughput}). */
    private static final int MAX_LABEL = 64;
    private static final Pattern PID_SUFFIX = Pattern.compile("\\s++pid=\\d++$");
    private static final Pattern HEADER = Pattern.compile(
            "^(DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL)\\s+(\\d{1,2})-(\\d{1,2})\\s+(\\d{1,2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?\\s+(.*)$",
            Pattern.DOTALL);
    private static final Pattern SOURCE = Pattern.compile("^\\[?[\\w./-]{1,512}?\\.py:\\d++\\]\\s*+");
    private static final Pattern ENGINE = Pattern.compile("^Engine\\s+(\\d+):\\s*");
    /** An unsigned number with optional thousands separators and fraction; possessive, so it never backtracks. */
    private static final String NUMBER = "\\d[\\d,]*+(?:\\.\\d++)?|\\.\\d++";
    private static final Pattern GPU_BLOCKS = Pattern.compile("#\\s*GPU blocks:\\s*([\\d,]+)");
    private static final Pattern CPU_BLOCKS = Pattern.compile("#\\s*CPU blocks:\\s*([\\d,]+)");
    private static final Pattern KV_TOKENS = Pattern.compile("GPU KV cache size:\\s*([\\d,]+)\\s*tokens");
    private static final Pattern MAX_CONC = Pattern.compile(
            "Maximum concurrency for\\s*([\\d,]+)\\s*tokens per request:\\s*(" + NUMBER + ")x");
    private static final Pattern KV_MEMORY = Pattern.compile("Available KV cache memory:\\s*(" + NUMBER + ")\\s*GiB");
    private static final Pattern WEIGHTS = Pattern.compile("Model loading took\\s*(" + NUMBER + ")\\s*(GiB|GB)");
    private static final Pattern PREEMPT = Pattern.compile("Sequence group \\S+ is preempted");
    private static final Pattern CUMULATIVE_PREEMPT = Pattern.compile("total_num_cumulative_preemption=(\\d+)");

    private VllmLogLine() {
    }

    /** What a line holds. */
    public enum Kind { STATS, CAPACITY, PREEMPTION, OTHER, NO_HEADER }

    /**
     * One parsed line.
     *
     * @param process the process prefix without its pid (e.g. {@code EngineCore_0}), or "" when absent
     * @param engine the engine index of a stat line ({@code Engine 000:}), 0 when not given
     * @param month 1–12, day, hour, minute, second, nanos: the time stamp (no year)
     * @param values stat or capacity values by normalised key (see {@link VllmLogImporter} for the keys)
     */
    public record Parsed(Kind kind, String process, int engine, int month, int day, int hour, int minute,
                         int second, int nanos, String level, Map<String, Double> values) {
    }

    /** Removes ANSI escape sequences (colours, cursor moves). */
    public static String stripAnsi(String line) {
        return line.indexOf('\u001B') < 0 ? line : ANSI.matcher(line).replaceAll("");
    }

    /** Parses one raw line; {@link Kind#NO_HEADER} when it has no vLLM log header (continuations, tracebacks). */
    public static Parsed parse(String raw) {
        String line = stripAnsi(raw);
        String process = "";
        int prefixEnd = prefixEnd(line);
        if (prefixEnd > 0) {
            int open = line.indexOf('(');
            process = PID_SUFFIX.matcher(line.substring(open + 1, prefixEnd - 1)).replaceFirst("").trim();
            int i = prefixEnd;
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            line = line.substring(i);
        }
        Matcher h = HEADER.matcher(line);
        if (!h.matches()) {
            return new Parsed(Kind.NO_HEADER, process, 0, 0, 0, 0, 0, 0, 0, "", Map.of());
        }
        int month = Integer.parseInt(h.group(2));
        int day = Integer.parseInt(h.group(3));
        int hour = Integer.parseInt(h.group(4));
        int minute = Integer.parseInt(h.group(5));
        int second = Integer.parseInt(h.group(6));
        int nanos = 0;
        if (h.group(7) != null) {
            String frac = (h.group(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(frac);
        }
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
            return new Parsed(Kind.NO_HEADER, process, 0, 0, 0, 0, 0, 0, 0, "", Map.of());
        }
        String level = h.group(1);
        String msg = h.group(8);
        Matcher src = SOURCE.matcher(msg);
        if (src.find()) {
            msg = msg.substring(src.end());
        }
        int engine = 0;
        Matcher e = ENGINE.matcher(msg);
        if (e.find()) {
            engine = Integer.parseInt(e.group(1));
            msg = msg.substring(e.end());
        }
        if (msg.contains("Avg prompt throughput") || msg.contains("KV cache usage")) {
            Map<String, Double> v = stats(msg);
            if (!v.isEmpty()) {
                return new Parsed(Kind.STATS, process, engine, month, day, hour, minute, second, nanos, level, v);
            }
        }
        Map<String, Double> cap = capacity(msg);
        if (!cap.isEmpty()) {
            return new Parsed(Kind.CAPACITY, process, engine, month, day, hour, minute, second, nanos, level, cap);
        }
        if (PREEMPT.matcher(msg).find()) {
            Map<String, Double> v = new LinkedHashMap<>();
            Matcher c = CUMULATIVE_PREEMPT.matcher(msg);
            if (c.find()) {
                v.put("cumulative_preemptions", Double.parseDouble(c.group(1)));
            }
            return new Parsed(Kind.PREEMPTION, process, engine, month, day, hour, minute, second, nanos, level, v);
        }
        return new Parsed(Kind.OTHER, process, engine, month, day, hour, minute, second, nanos, level, Map.of());
    }

    /** The end (after ')') of a leading {@code (process pid=N)} prefix, or 0 when there is none. */
    private static int prefixEnd(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && Character.isWhitespace(line.charAt(i)) && i < MAX_PREFIX) {
            i++;
        }
        if (i >= n || line.charAt(i) != '(') {
            return 0;
        }
        for (int j = i + 1; j < n && j < i + MAX_PREFIX; j++) {
            char c = line.charAt(j);
            if (c == ')') {
                return j + 1;
            }
            if (c == '(') {
                return 0;
            }
        }
        return 0;
    }

    /**
     * The {@code Label: value[unit]} pairs of a stat line, scanned once from left to right: at each ':' the label
     * is the run of letters and spaces before it (at most {@link #MAX_LABEL} characters, starting with a letter),
     * the value a number after it (optionally behind {@code GPU:}), the unit {@code %}, {@code tokens/s} or
     * {@code reqs}. Linear in the message's length.
     */
    static Map<String, Double> stats(String msg) {
        Map<String, Double> out = new LinkedHashMap<>();
        int n = msg.length();
        int from = 0;
        int colon;
        while ((colon = msg.indexOf(':', from)) >= 0) {
            int start = colon;
            while (start > from && colon - start < MAX_LABEL && isLabelChar(msg.charAt(start - 1))) {
                start--;
            }
            while (start < colon && !isLetter(msg.charAt(start))) {
                start++;
            }
            int i = skipSpaces(msg, colon + 1);
            if (msg.startsWith("GPU:", i)) {
                i = skipSpaces(msg, i + 4);
            }
            int numEnd = numberEnd(msg, i);
            if (start == colon || numEnd < 0) {
                from = colon + 1;
                continue;
            }
            String key = statKey(msg.substring(start, colon).trim());
            int j = skipSpaces(msg, numEnd);
            boolean percent = j < n && msg.charAt(j) == '%';
            int end = percent ? j + 1 : msg.startsWith("tokens/s", j) ? j + 8 : msg.startsWith("reqs", j) ? j + 4
                    : numEnd;
            if (key != null) {
                double v;
                try {
                    v = number(msg.substring(i, numEnd));
                } catch (NumberFormatException e) {
                    from = end;
                    continue;
                }
                out.putIfAbsent(key, percent ? v / 100.0 : v);
            }
            from = end;
        }
        return out;
    }

    /** The end of a number {@code [-+]?[\d,]*\.?\d+([eE][-+]?\d+)?} at {@code i}, or -1 when there is none. */
    private static int numberEnd(String s, int i) {
        int n = s.length();
        int j = i;
        if (j < n && (s.charAt(j) == '-' || s.charAt(j) == '+')) {
            j++;
        }
        int lastDigit = -1;
        while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == ',')) {
            if (isDigit(s.charAt(j))) {
                lastDigit = j;
            }
            j++;
        }
        if (j < n && s.charAt(j) == '.' && j + 1 < n && isDigit(s.charAt(j + 1))) {
            j++;
            while (j < n && isDigit(s.charAt(j))) {
                lastDigit = j++;
            }
        }
        if (lastDigit < 0) {
            return -1;
        }
        j = lastDigit + 1;
        if (j + 1 < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '-' || s.charAt(k) == '+')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                while (k < n && isDigit(s.charAt(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isLabelChar(char c) {
        return isLetter(c) || c == ' ';
    }

    /** Normalised key of a stat label, or null for labels Parallax does not read. */
    static String statKey(String label) {
        switch (label) {
            case "Avg prompt throughput":
                return "prompt_throughput";
            case "Avg generation throughput":
                return "generation_throughput";
            case "Running":
                return "running";
            case "Waiting":
            case "Pending":
                return "waiting";
            case "Swapped":
                return "swapped";
            case "GPU KV cache usage":
                return "gpu_kv_usage";
            case "CPU KV cache usage":
                return "cpu_kv_usage";
            case "Prefix cache hit rate":
            case "GPU prefix cache hit rate":
                return "prefix_cache_hit_rate";
            default:
                return null;
        }
    }

    private static Map<String, Double> capacity(String msg) {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = GPU_BLOCKS.matcher(msg);
        if (m.find()) {
            out.put("gpu_blocks", number(m.group(1)));
        }
        m = CPU_BLOCKS.matcher(msg);
        if (m.find()) {
            out.put("cpu_blocks", number(m.group(1)));
        }
        m = KV_TOKENS.matcher(msg);
        if (m.find()) {
            out.put("gpu_kv_cache_tokens", number(m.group(1)));
        }
        m = MAX_CONC.matcher(msg);
        if (m.find()) {
            out.put("max_concurrency_tokens_per_request", number(m.group(1)));
            out.put("max_concurrency", number(m.group(2)));
        }
        m = KV_MEMORY.matcher(msg);
        if (m.find()) {
            out.put("kv_cache_memory_gib", number(m.group(1)));
        }
        m = WEIGHTS.matcher(msg);
        if (m.find()) {
            double v = number(m.group(1));
            out.put("weights_gib", m.group(2).equals("GB") ? v * 1e9 / (1L << 30) : v);
        }
        return out;
    }

    /** Parses a number written with optional thousands separators ({@code 2,640,144}). */
    static double number(String s) {
        return Double.parseDouble(s.replace(",", ""));
    }
}
