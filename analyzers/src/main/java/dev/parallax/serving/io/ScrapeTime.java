package dev.parallax.serving.io;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time of a Prometheus scrape saved to a file, in this order: a sample's own time stamp (ms); a comment
 * line {@code # scrape_time: T} (or {@code # time:} / {@code # timestamp:}), T being epoch seconds (with
 * fraction), epoch milliseconds or ISO-8601; a time in the file name (epoch seconds or milliseconds, e.g.
 * {@code metrics-1732600000.prom}, or ISO-like {@code 2025-11-26T04-15-46Z}/{@code 20251126T041546}); a number
 * of seconds in the file name ({@code metrics-0015s.prom}, {@code scrape_12.5s.txt}), read as seconds from the
 * run's start, i.e. time 0 of the timeline (as traces written relative to the same start use); the file's
 * modification time. Times without a zone are UTC.
 */
public final class ScrapeTime {
    private static final Pattern COMMENT = Pattern.compile(
            "^#\\s*(?:scrape[_ ]?time|timestamp|time)\\s*[:=]\\s*(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern EPOCH_IN_NAME = Pattern.compile("(?<!\\d)(\\d{10}(?:\\.\\d+)?|\\d{13})(?!\\d)");
    private static final Pattern SECONDS_IN_NAME = Pattern.compile("(?<![\\d.])(\\d+(?:\\.\\d+)?)s(?![a-z])");
    private static final Pattern ISO_IN_NAME = Pattern.compile(
            "(\\d{4})-?(\\d{2})-?(\\d{2})[T_ ](\\d{2})[-:]?(\\d{2})[-:]?(\\d{2})(?:[.,](\\d{1,9}))?");

    private ScrapeTime() {
    }

    /** Epoch ns given by a scrape-time comment line, or Long.MIN_VALUE when the line is not one. */
    public static long fromComment(String line) {
        Matcher m = COMMENT.matcher(line.strip());
        if (!m.matches()) {
            return Long.MIN_VALUE;
        }
        return parse(m.group(1));
    }

    /** Epoch ns of a time written as epoch seconds/milliseconds or ISO-8601, or Long.MIN_VALUE. */
    public static long parse(String text) {
        String t = text.strip();
        try {
            if (t.matches("\\d{13}")) {
                return Long.parseLong(t) * 1_000_000L;
            }
            if (t.matches("\\d{9,10}(\\.\\d+)?")) {
                return Math.round(Double.parseDouble(t) * 1e3) * 1_000_000L;
            }
            Instant i = t.endsWith("Z") || t.matches(".*[+-]\\d{2}:\\d{2}$")
                    ? java.time.OffsetDateTime.parse(t).toInstant()
                    : LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (DateTimeParseException | NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Epoch ns written in a file name, or Long.MIN_VALUE. */
    public static long fromFileName(Path file) {
        String name = file.getFileName().toString();
        Matcher iso = ISO_IN_NAME.matcher(name);
        if (iso.find()) {
            try {
                int nanos = iso.group(7) == null ? 0 : Integer.parseInt((iso.group(7) + "000000000").substring(0, 9));
                LocalDateTime t = LocalDateTime.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                        Integer.parseInt(iso.group(3)), Integer.parseInt(iso.group(4)), Integer.parseInt(iso.group(5)),
                        Integer.parseInt(iso.group(6)), nanos);
                return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + nanos;
            } catch (java.time.DateTimeException e) {
                // not a date after all; try epoch numbers
            }
        }
        Matcher m = EPOCH_IN_NAME.matcher(name);
        if (m.find()) {
            return parse(m.group(1));
        }
        Matcher s = SECONDS_IN_NAME.matcher(name);
        if (s.find()) {
            return Math.round(Double.parseDouble(s.group(1)) * 1e9);
        }
        return Long.MIN_VALUE;
    }
}
