package dev.parallax.trace.json;

import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real traces (decompressed) and a generated bare-array trace, cut at many seeded random offsets: loading
 * never throws, every cut file says it is truncated, and a later cut never recovers fewer events.
 */
class TruncationPropertyTest {
    private static final int CUTS = 24;

    @TempDir
    Path dir;

    private void checkCuts(byte[] full, long seed) {
        Random rnd = new Random(seed);
        int[] cuts = new int[CUTS];
        for (int i = 0; i < CUTS; i++) {
            cuts[i] = 1 + rnd.nextInt(full.length - 1);
        }
        Arrays.sort(cuts);
        long previous = -1;
        long complete = TraceFiles.events(TraceFiles.load(TraceFiles.write(dir, "full.json", full)));
        for (int cut : cuts) {
            Trace t = TraceFiles.load(TraceFiles.write(dir, "cut.json", Arrays.copyOf(full, cut)));
            long events = TraceFiles.events(t);
            assertThat(events).as("cut at %d", cut).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(complete);
            assertThat(t.diagnostics().isEmpty()).as("cut at %d says nothing", cut).isFalse();
            assertThat(t.diagnostics().truncated() || t.diagnostics().count("unclosed-array") == 1)
                    .as("cut at %d: %s", cut, t.diagnostics().lines()).isTrue();
            previous = events;
        }
    }

    @Test
    void cutRealKinetoTraces() {
        Path root = TraceFiles.sharedTraces();
        checkCuts(TraceFiles.decoded(root.resolve("hta/trace_filter/sampled_rank-0.json.gz")), 1);
        checkCuts(TraceFiles.decoded(root.resolve(
                "AMD-AGI--TraceLens/tests/traces/inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz")), 2);
        checkCuts(TraceFiles.decoded(root.resolve("pytorch--kineto/docs/traces/after_fix_trace.json")), 3);
        checkCuts(TraceFiles.decoded(root.resolve(
                "pytorch--kineto/profiler/plugin/trace_viewer/tf_trace_viewer/data/trace.json")), 4);
    }

    @Test
    void cutGeneratedBareArray() {
        StringBuilder sb = new StringBuilder("[\n");
        Random rnd = new Random(9);
        for (int i = 0; i < 400; i++) {
            sb.append("{\"ph\":\"").append("XBEiC".charAt(rnd.nextInt(5))).append("\",\"name\":\"n").append(i % 13)
                    .append("\",\"pid\":1,\"tid\":").append(rnd.nextInt(3)).append(",\"ts\":").append(i * 7)
                    .append(".125,\"dur\":3.5,\"args\":{\"v\":").append(i).append(",\"dims\":[[1,2],[3]]}},\n");
        }
        checkCuts(sb.toString().getBytes(StandardCharsets.UTF_8), 5);
    }
}
