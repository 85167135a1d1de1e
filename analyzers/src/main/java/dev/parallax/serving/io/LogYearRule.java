package dev.parallax.serving.io;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Gives years to the time stamps of a log that prints none ({@code MM-DD HH:MM:SS}, as vLLM does).
 * <p>
 * The rule: the log's <em>last</em> line was written no later than the file's modification time, so it
 * belongs to the modification time's year, or to the year before when its month-day lies after the
 * modification time's month-day. Going backwards from there, every place where the month goes down by six
 * or more (December → January, November → February) is a new year; a smaller step back is a line written out
 * of order and stays in its year. Dates that do not exist (02-30) are skipped and do not count. The first line's year is therefore
 * {@code lastLineYear − rollovers}, counted in a first pass over the file. Times are read as UTC (vLLM
 * writes the server's local time without a zone; containers usually run on UTC).
 * Not thread-safe: one instance per file, fed lines in file order.
 */
public final class LogYearRule {
    private final int firstYear;
    private int year;
    private int previousMonth;

    private LogYearRule(int firstYear) {
        this.firstYear = firstYear;
        this.year = firstYear;
    }

    /**
     * The rule for a file.
     *
     * @param modified the file's modification time (UTC)
     * @param rollovers how often the month went down between consecutive time-stamped lines
     * @param lastMonth month of the last time-stamped line (0 when the file has none)
     * @param lastDay day of the last time-stamped line
     */
    public static LogYearRule forFile(ZonedDateTime modified, int rollovers, int lastMonth, int lastDay) {
        ZonedDateTime m = modified.withZoneSameInstant(ZoneOffset.UTC);
        int lastYear = m.getYear();
        if (lastMonth > m.getMonthValue() || (lastMonth == m.getMonthValue() && lastDay > m.getDayOfMonth())) {
            lastYear--;
        }
        return new LogYearRule(lastYear - rollovers);
    }

    /** A rule that starts at a given year (for callers who know it). */
    public static LogYearRule startingAt(int year) {
        return new LogYearRule(year);
    }

    public int firstYear() {
        return firstYear;
    }

    /**
     * Epoch nanoseconds of a time stamp, advancing the year when the month went down since the previous
     * call; throws {@link DateTimeException} for a date that does not exist in its year (e.g. 02-30).
     */
    public long toEpochNanos(int month, int day, int hour, int minute, int second, int nanos) {
        int y = isRollover(previousMonth, month) ? year + 1 : year;
        LocalDateTime t = LocalDateTime.of(y, month, day, hour, minute, Math.min(second, 59), nanos);
        year = y;
        previousMonth = month;
        long s = t.toEpochSecond(ZoneOffset.UTC) + (second == 60 ? 1 : 0);
        return s * 1_000_000_000L + nanos;
    }

    static boolean isRollover(int previous, int month) {
        return previous != 0 && previous - month >= 6;
    }

    static boolean exists(int month, int day) {
        return month >= 1 && month <= 12 && day >= 1 && day <= java.time.Month.of(month).maxLength();
    }

    /** Counts rollovers over a sequence of months (the first pass). */
    public static final class Counter {
        private int previous;
        private int rollovers;
        private int lastMonth;
        private int lastDay;

        public void add(int month, int day) {
            if (!exists(month, day)) {
                return;
            }
            if (isRollover(previous, month)) {
                rollovers++;
            }
            previous = month;
            lastMonth = month;
            lastDay = day;
        }

        public int rollovers() {
            return rollovers;
        }

        public int lastMonth() {
            return lastMonth;
        }

        public int lastDay() {
            return lastDay;
        }
    }
}
