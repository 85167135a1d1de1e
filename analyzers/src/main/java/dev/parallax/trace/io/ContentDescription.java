package dev.parallax.trace.io;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in a few words what a file looks like from its first bytes, for the message shown when no
 * importer reads it (e.g. "a JSON array of arrays of numbers, not trace events").
 */
public final class ContentDescription {
    private static final Pattern KEY = Pattern.compile("\"([^\"\\\\]{1,40})\"\\s*:");

    private ContentDescription() {
    }

    /** What the (decompressed) head of a file looks like; {@code gzip} when it was compressed. */
    public static String describe(byte[] head, boolean gzip) {
        String what = describeContent(head, gzip);
        return gzip && head.length > 0 ? what + " (gzip-compressed)" : what;
    }

    private static String describeContent(byte[] head, boolean gzip) {
        String prefix = "";
        if (head.length == 0) {
            return gzip ? "a gzip file that decompresses to nothing (or is damaged)" : "an empty file";
        }
        if (startsWith(head, "SQLite format 3\u0000")) {
            return prefix + "an SQLite database (Nsight Systems exports need the Nsight importer plugin)";
        }
        if (startsWith(head, "PK\u0003\u0004")) {
            return prefix + "a ZIP archive (unpack it first)";
        }
        int controls = 0;
        for (byte b : head) {
            int c = b & 0xff;
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
                controls++;
            }
        }
        if (controls > 0) {
            return prefix + "binary data (first bytes " + hex(head, 8) + ")";
        }
        String text = new String(head, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return prefix + "only white space";
        }
        if (text.startsWith("[")) {
            String rest = text.substring(1).stripLeading();
            if (rest.startsWith("[")) {
                String inner = rest.substring(1).stripLeading();
                boolean numbers = !inner.isEmpty() && (Character.isDigit(inner.charAt(0)) || inner.charAt(0) == '-');
                return prefix + "a JSON array of arrays" + (numbers ? " of numbers" : "")
                        + ", not of trace events (e.g. a PyTorch memory-timeline export)";
            }
            if (rest.startsWith("{")) {
                return prefix + "a JSON array of objects without trace-event fields (no \"ph\") such as "
                        + keys(rest);
            }
            return prefix + "a JSON array of plain values, not of trace events";
        }
        if (text.startsWith("{")) {
            return prefix + "a JSON object without \"traceEvents\" (its keys start " + keys(text) + ")";
        }
        String first = text.lines().findFirst().orElse("");
        if (first.length() > 60) {
            first = first.substring(0, 57) + "...";
        }
        return prefix + "text that is not a trace, starting \"" + first + "\"";
    }

    private static String keys(String text) {
        List<String> keys = new ArrayList<>();
        Matcher m = KEY.matcher(text);
        while (m.find() && keys.size() < 5) {
            if (!keys.contains(m.group(1))) {
                keys.add(m.group(1));
            }
        }
        return keys.isEmpty() ? "(none found)" : String.join(", ", keys);
    }

    private static boolean startsWith(byte[] head, String magic) {
        if (head.length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((head[i] & 0xff) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
