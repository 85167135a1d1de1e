package dev.parallax.serving.io;

import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.trace.TrackKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServingClockTest {
    private static final long S = 1_000_000_000L;
    private static final long NINE = Instant.parse("2026-11-26T09:00:00Z").getEpochSecond() * S;

    /** A trace from ts 0 to 96 s whose otherData says ts 0 is 09:00:00 UTC (as the bundled serving sample). */
    private static Trace engineTrace(Map<String, String> other, Long base, long t0) {
        TraceBuilder b = new TraceBuilder("serving.trace.json");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "1", "1");
        b.addSlice(cpu, t0, 96 * S, b.intern("serve"), b.intern("user_annotation"), -1);
        b.setMetadata(new TraceMetadata("chrome-json", null, -1, null, List.of(), List.of(), base, other));
        return b.build(0, 0, 0);
    }

    /** A vLLM-log-like trace: one slice from {@code start} (epoch ns as written, zone-less) lasting 2 min. */
    private static Trace log(long start) {
        TraceBuilder b = new TraceBuilder("/x/vllm-serve.log");
        int t = b.sliceTrack(TrackKind.CPU_THREAD, "vllm", "engine");
        b.addSlice(t, start, 120 * S, b.intern("engine step"), b.intern("vllm"), -1);
        int c = b.counterTrack("vllm", "Running");
        b.addCounter(c, start + 60 * S, 9);
        b.setMetadata(new TraceMetadata("vllm-log", null, -1, null, List.of(), List.of(), null, Map.of()));
        return b.build(0, 0, 0);
    }

    @Test
    void aLogGoesOnTheClockOfTheTraceStartTime() {
        List<String> notes = new ArrayList<>();
        Trace trace = engineTrace(Map.of("otherData.start_time", "2026-11-26T09:00:00Z"), null, 0);
        List<Trace> out = ServingClock.align(List.of(trace, log(NINE - 45 * S)), ZoneOffset.UTC, notes);
        assertThat(out.get(0)).isSameAs(trace);
        assertThat(out.get(1).minTime()).isEqualTo(-45 * S);
        assertThat(out.get(1).maxTime()).isEqualTo(75 * S);
        assertThat(out.get(1).counterTracks().get(0).time(0)).isEqualTo(15 * S);
        assertThat(notes).as("aligned: nothing to warn about").isEmpty();
    }

    @Test
    void aLogWrittenInLocalTimeUsesTheConfiguredOffset() {
        List<String> notes = new ArrayList<>();
        Trace trace = engineTrace(Map.of("otherData.start_time", "2026-11-26T09:00:00Z"), null, 0);
        // the server ran at UTC+02:00, so its log says 11:00:10 for 09:00:10 UTC
        List<Trace> out = ServingClock.align(List.of(trace, log(NINE + (2 * 3600 + 10) * S)),
                ZoneOffset.ofHours(2), notes);
        assertThat(out.get(1).minTime()).isEqualTo(10 * S);
        assertThat(notes).isEmpty();
        // read as UTC instead, the log lies 2 h after the trace: not aligned, said so, placed at the start
        out = ServingClock.align(List.of(trace, log(NINE + (2 * 3600 + 10) * S)), ZoneOffset.UTC, notes);
        assertThat(out.get(1).minTime()).isEqualTo(0);
        assertThat(notes).singleElement().asString().contains("NOT aligned").contains("2.0 h away");
    }

    @Test
    void aKinetoBaseMeansTraceTimesAreAlreadyWallClock() {
        List<String> notes = new ArrayList<>();
        Trace trace = engineTrace(Map.of(), NINE - 5 * S, NINE);
        List<Trace> out = ServingClock.align(List.of(log(NINE + 30 * S), trace), ZoneOffset.UTC, notes);
        assertThat(out.get(0).minTime()).isEqualTo(NINE + 30 * S);
        assertThat(out.get(1)).isSameAs(trace);
    }

    @Test
    void aLogThatCannotBeAlignedIsPlacedAtTheTraceStartWithANote() {
        List<String> notes = new ArrayList<>();
        Trace noClock = engineTrace(Map.of(), null, 7 * S);
        List<Trace> out = ServingClock.align(List.of(noClock, log(NINE)), ZoneOffset.UTC, notes);
        assertThat(out.get(1).minTime()).isEqualTo(7 * S);
        assertThat(notes).singleElement().asString().contains("NOT aligned").contains("no wall clock");

        notes.clear();
        Trace dayBefore = engineTrace(Map.of("otherData.start_time", "2026-11-25T09:00:00Z"), null, 0);
        out = ServingClock.align(List.of(dayBefore, log(NINE)), ZoneOffset.UTC, notes);
        assertThat(out.get(1).minTime()).isEqualTo(0);
        assertThat(notes).singleElement().asString().contains("NOT aligned").contains("24.0 h away")
                .contains(ServingClock.ZONE_PROPERTY);
    }

    @Test
    void aLogAloneKeepsItsClock() {
        Trace l = log(NINE);
        assertThat(ServingClock.align(List.of(l), ZoneOffset.UTC, new ArrayList<>()).get(0)).isSameAs(l);
    }
}
