package dev.parallax.app.workbench;

import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled serving sample opened as a folder: its vLLM log lies on the trace's clock, one axis. */
class ServingSampleClockTest {
    @Test
    void theVllmLogOpensOnTheClockOfTheServingTrace(@TempDir Path dir) throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("serving-vllm-burst"), dir);
        OpenResult r = new TraceOpener().open(List.of(folder), Progress.none());
        assertThat(r.sets()).hasSize(1);
        TraceSet set = r.sets().get(0);
        Trace trace = set.traces().stream().filter(t -> t.source().endsWith("serving.trace.json.gz")).findFirst()
                .orElseThrow();
        Trace log = set.traces().stream().filter(t -> t.source().endsWith("vllm-serve.log")).findFirst()
                .orElseThrow();
        // the trace: ts 0 = 09:00:00Z (otherData.start_time), 96.4 s long
        assertThat(trace.minTime()).isBetween(0L, 1_000_000_000L);
        assertThat(trace.maxTime()).isBetween(96_000_000_000L, 97_000_000_000L);
        // the log's first metrics line says 09:00:10 and its last 09:01:40 (UTC): 10 s and 100 s on the trace
        assertThat(log.minTime()).isEqualTo(10_000_000_000L);
        assertThat(log.maxTime()).isEqualTo(100_000_000_000L);
        // one axis of minutes, not of 1.7e9 s
        assertThat(set.maxTime() - set.minTime()).isLessThan(300_000_000_000L);
        assertThat(r.diagnostics()).noneMatch(d -> d.contains("NOT aligned"));
    }
}
