package dev.parallax.serving.io;

import dev.parallax.trace.Trace;

import java.time.DateTimeException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts vLLM logs and Prometheus scrapes opened together with a trace on that trace's clock, so that one
 * set has one time axis. A trace's wall clock is its Kineto {@code baseTimeNanoseconds} (trace time = Unix
 * epoch ns), else a {@code start_time} in its {@code otherData} (the wall time of trace time 0), else its own
 * times when they already are epoch nanoseconds. vLLM writes its log time stamps in the server's local time
 * without a zone: they are read in the configured zone ({@link #ZONE_PROPERTY}, default UTC, as containers
 * run). A log or scrape that cannot be aligned (no wall clock in the trace, or more than an hour away from
 * it after alignment) is placed at the trace's start, with a note saying so.
 */
public final class ServingClock {
    /** System property (or environment variable {@code PARALLAX_LOG_ZONE}) with the vLLM log's UTC offset, e.g. {@code +02:00}. */
    public static final String ZONE_PROPERTY = "parallax.log.zone";
    /** Times at or after 2000-01-01 (epoch ns) are read as wall-clock times; smaller ones as run-relative. */
    static final long EPOCH_LIKE = 946_684_800_000_000_000L;
    /** A log further than this from the trace after alignment is taken as not aligned. */
    static final long MAX_GAP_NS = 3_600_000_000_000L;

    private ServingClock() {
    }

    /** Whether {@code t} was read from a vLLM log or a Prometheus scrape (times on a wall clock). */
    public static boolean isServingSide(Trace t) {
        String f = t.metadata().format();
        return "vllm-log".equals(f) || "prometheus-text".equals(f);
    }

    /** The log zone set by {@link #ZONE_PROPERTY} or {@code PARALLAX_LOG_ZONE} (UTC when unset or invalid, with a note). */
    public static ZoneOffset configuredLogZone(List<String> notes) {
        String z = System.getProperty(ZONE_PROPERTY, System.getenv("PARALLAX_LOG_ZONE"));
        if (z == null || z.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneOffset.of(z.strip());
        } catch (DateTimeException e) {
            notes.add(ZONE_PROPERTY + "=" + z + " is not a UTC offset such as +02:00: vLLM log times read as UTC");
            return ZoneOffset.UTC;
        }
    }

    /**
     * The traces with every vLLM log and Prometheus scrape moved onto the clock of the first other trace
     * (same order); a note per file that could not be aligned. Unchanged when there is no other trace to align to.
     */
    public static List<Trace> align(List<Trace> traces, ZoneOffset logZone, List<String> notes) {
        Trace ref = traces.stream().filter(t -> !isServingSide(t)).findFirst().orElse(null);
        if (ref == null || traces.stream().noneMatch(ServingClock::isServingSide)) {
            return traces;
        }
        long wallAtZero = wallAtZero(ref);
        List<Trace> out = new ArrayList<>(traces.size());
        for (Trace t : traces) {
            out.add(isServingSide(t) ? move(t, ref, wallAtZero, logZone, notes) : t);
        }
        return out;
    }

    /**
     * The Unix time (ns) of trace time 0 of {@code t}: 0 when its times already are epoch nanoseconds,
     * Long.MIN_VALUE when it has no wall clock.
     */
    static long wallAtZero(Trace t) {
        Long base = t.metadata().baseTimeNanoseconds();
        if (base != null && base >= EPOCH_LIKE) {
            return 0;
        }
        for (var e : t.metadata().other().entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if (k.endsWith("start_time") || k.endsWith("starttime")) {
                long w = ScrapeTime.parse(e.getValue());
                if (w != Long.MIN_VALUE && w >= EPOCH_LIKE) {
                    return w;
                }
            }
        }
        return t.minTime() >= EPOCH_LIKE ? 0 : Long.MIN_VALUE;
    }

    private static Trace move(Trace t, Trace ref, long wallAtZero, ZoneOffset logZone, List<String> notes) {
        String name = fileName(t.source());
        String refName = fileName(ref.source());
        if (t.sliceCount() == 0 && t.counterSampleCount() == 0) {
            return t;
        }
        if (t.minTime() < EPOCH_LIKE) {
            // seconds from the run's start (e.g. metrics-0015s.prom): trace time 0 is that start
            long delta = wallAtZero == 0 && ref.minTime() >= EPOCH_LIKE ? ref.minTime() : 0;
            return t.shifted(delta);
        }
        boolean log = "vllm-log".equals(t.metadata().format());
        long zoneShift = log ? -logZone.getTotalSeconds() * 1_000_000_000L : 0;
        if (wallAtZero != Long.MIN_VALUE) {
            Trace moved = t.shifted(zoneShift - wallAtZero);
            long gap = gap(moved, ref);
            if (gap <= MAX_GAP_NS) {
                return moved; // aligned: nothing to warn about
            }
            notes.add(name + ": NOT aligned with " + refName + ": after alignment its times are "
                    + hours(gap) + " away from the trace" + (log ? " (log times read as UTC"
                    + (logZone.getTotalSeconds() == 0 ? "" : logZone.getId()) + "; if the server ran in another"
                    + " time zone, set -D" + ZONE_PROPERTY + "=+HH:MM or PARALLAX_LOG_ZONE)" : "")
                    + "; placed at the trace's start");
        } else {
            notes.add(name + ": NOT aligned with " + refName + ", which has no wall clock (no baseTimeNanoseconds"
                    + " or start_time); placed at the trace's start");
        }
        return t.shifted(ref.minTime() - t.minTime());
    }

    /** Nanoseconds between the time ranges of two traces (0 when they overlap). */
    private static long gap(Trace a, Trace b) {
        if (a.maxTime() < b.minTime()) {
            return b.minTime() - a.maxTime();
        }
        if (b.maxTime() < a.minTime()) {
            return a.minTime() - b.maxTime();
        }
        return 0;
    }

    private static String hours(long ns) {
        return String.format(Locale.ROOT, "%.1f h", ns / 3.6e12);
    }

    private static String fileName(String source) {
        int i = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        return i < 0 ? source : source.substring(i + 1);
    }
}
