package dev.parallax.trace;

/**
 * One kind of problem met while loading a file, aggregated: how often it happened and where it happened
 * first (byte offset in the decompressed stream, -1 when not known), and what was done about it.
 *
 * @param code stable machine-readable kind, e.g. {@code truncated}, {@code unmatched-end}
 * @param message human-readable text for the first occurrence, naming what was done
 */
public record Diagnostic(Severity severity, String code, String message, long firstOffset, long count) {

    /** One line for logs and the command line: {@code file: WARNING at byte 123: message (×4)}. */
    public String format(String file) {
        StringBuilder sb = new StringBuilder();
        sb.append(file).append(": ").append(severity);
        if (firstOffset >= 0) {
            sb.append(" at byte ").append(firstOffset);
        }
        sb.append(": ").append(message);
        if (count > 1) {
            sb.append(" (").append(count).append(" times)");
        }
        return sb.toString();
    }
}
