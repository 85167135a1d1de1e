package dev.parallax.serving.io;

import dev.parallax.serving.ServingSeries;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The serving readers on hostile text: linear time, bounded lines, implausible values dropped with a diagnostic. */
class UntrustedTextTest {
    private static final String HEADER = "INFO 08-27 10:41:44 [loggers.py:123] ";
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void aStatLineFollowedByAMegabyteOfLettersParsesInWellUnderASecond() {
        // the old stat regex backtracked quadratically here: about 7 s at 10 KB, minutes at 50 KB
        String line = HEADER + "Avg prompt throughput: 1.0 tokens/s, Running: 2 reqs, " + "a".repeat(MB);
        VllmLogLine.Parsed p = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> VllmLogLine.parse(line));
        assertThat(p.kind()).isEqualTo(VllmLogLine.Kind.STATS);
        assertThat(p.values()).containsEntry("prompt_throughput", 1.0).containsEntry("running", 2.0);
    }

    @Test
    void pathologicalLinesOfEveryShapeParseInWellUnderASecondEach() {
        List<String> lines = List.of(
                HEADER + "GPU KV cache usage" + " a".repeat(MB / 2),
                HEADER + "KV cache usage: " + "1".repeat(MB),
                HEADER + "KV cache usage: " + "1,".repeat(MB / 2),
                HEADER + "Maximum concurrency for 1 tokens per request: " + "9".repeat(MB),
                HEADER + "Available KV cache memory: " + "9".repeat(MB),
                HEADER + "Model loading took " + "1".repeat(MB),
                HEADER + "# GPU blocks: " + "1".repeat(MB),
                "(" + " ".repeat(MB) + "INFO 08-27 10:41:44 x",
                "(" + "a ".repeat(MB / 2),
                "INFO" + " ".repeat(MB) + "x",
                HEADER + "[" + "a/".repeat(MB / 2),
                HEADER + "Sequence group " + "x".repeat(MB),
                "\u001B[" + "0;".repeat(MB / 2),
                HEADER + ":".repeat(MB),
                HEADER + "Running: " + "-".repeat(MB));
        for (String line : lines) {
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> VllmLogLine.parse(line),
                    () -> "slow on a line starting " + line.substring(0, 40));
        }
    }

    @Test
    void prometheusLinesOfAMegabyteParseInWellUnderASecond() {
        List<String> lines = List.of(
                "vllm:x{a=\"" + "\\\"".repeat(MB / 2) + "\"} 1",
                "vllm:x{" + "a=\"b\",".repeat(MB / 8) + "} 1",
                "vllm:x " + "9".repeat(MB),
                "vllm:x 1 " + "9".repeat(MB),
                "# scrape_time: " + "9".repeat(MB),
                "# scrape_time: " + "+00:00".repeat(MB / 6));
        for (String line : lines) {
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                if (PrometheusText.isCommentOrBlank(line)) {
                    ScrapeTime.fromComment(line);
                } else {
                    try {
                        PrometheusText.parseSample(line);
                    } catch (PrometheusText.BadLine e) {
                        // fine: a message, not a hang
                    }
                }
            }, () -> "slow on " + line.substring(0, 30));
        }
    }

    @Test
    void linesLongerThanTheLimitAreCutAndCountedInBytes() throws Exception {
        String text = "é" + "x".repeat(20) + "\r\nshort\rlast";
        try (TextLines lines = new TextLines(new StringReader(text), 8)) {
            assertThat(lines.next()).isEqualTo("é" + "x".repeat(7));
            assertThat(lines.lastWasCut()).isTrue();
            assertThat(lines.lastBytes()).isEqualTo(2 + 20 + 2);
            assertThat(lines.next()).isEqualTo("short");
            assertThat(lines.lastWasCut()).isFalse();
            assertThat(lines.lastBytes()).isEqualTo(6);
            assertThat(lines.next()).isEqualTo("last");
            assertThat(lines.lastBytes()).isEqualTo(4);
            assertThat(lines.next()).isNull();
        }
    }

    @Test
    void aLogOfOneEndlessLineLoadsWithADiagnosticNotAnOutOfMemoryError() throws Exception {
        Path log = dir.resolve("vllm.log");
        try (var w = Files.newBufferedWriter(log)) {
            w.write(HEADER + "Running: 1 reqs, GPU KV cache usage: 5.0%\n");
            w.write(HEADER + "x".repeat(3 * MB) + "\n");
            w.write(HEADER + "Running: 2 reqs, GPU KV cache usage: 6.0%\n");
        }
        Trace t = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> new VllmLogImporter().load(log,
                2025, Progress.none()));
        assertThat(counter(t, ServingSeries.RUNNING)).containsExactly(1.0, 2.0);
        assertThat(t.diagnostics().count("line-too-long")).isEqualTo(1);
        assertThat(t.diagnostics().lines()).anyMatch(l -> l.contains("line 2") && l.contains("vllm.log"));
    }

    @Test
    void implausibleVllmValuesAreDroppedWithTheirLine() throws Exception {
        Path log = dir.resolve("vllm.log");
        Files.writeString(log, String.join("\n",
                HEADER + "Running: 3 reqs, Waiting: 1 reqs, GPU KV cache usage: 50.0%",
                HEADER + "Running: 99999999999999999999 reqs, Waiting: 2 reqs, GPU KV cache usage: 250.0%",
                HEADER + "Running: -4 reqs, Waiting: 3 reqs, GPU KV cache usage: 1e9%",
                HEADER + "Running: 5 reqs, Waiting: 4 reqs, GPU KV cache usage: -1.0%",
                "INFO 08-27 10:40:00 [gpu_executor.py:1] # GPU blocks: 99999999999999999999, # CPU blocks: 512",
                ""));
        Trace t = new VllmLogImporter().load(log, 2025, Progress.none());
        assertThat(counter(t, ServingSeries.RUNNING)).containsExactly(3.0, 5.0);
        assertThat(counter(t, ServingSeries.WAITING)).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(counter(t, ServingSeries.KV_USAGE)).containsExactly(0.5);
        assertThat(t.diagnostics().count("implausible-value")).isEqualTo(6);
        // one diagnostic per code: the first case with its line and byte offset, and how many there were
        assertThat(t.diagnostics().lines()).anyMatch(l -> l.contains("vllm.log") && l.contains("line 2")
                && l.contains("running") && l.contains("outside 0–10000000") && l.contains("6 times"));
        assertThat(ServingPlausibility.problem(ServingSeries.KV_USAGE, 1e7)).contains("1000000000 %");
        assertThat(t.metadata().other()).doesNotContainKey(ServingSeries.META_GPU_BLOCKS)
                .containsEntry(ServingSeries.META_CPU_BLOCKS, "512");
    }

    @Test
    void implausiblePrometheusValuesAreDroppedWithTheirLine() throws Exception {
        Path prom = dir.resolve("metrics.prom");
        Files.writeString(prom, String.join("\n",
                "# TYPE vllm:num_requests_running gauge",
                "vllm:num_requests_running{engine=\"0\"} 7",
                "vllm:num_requests_running{engine=\"0\"} 99999999999999999999",
                "vllm:kv_cache_usage_perc{engine=\"0\"} 2.5",
                "vllm:kv_cache_usage_perc{engine=\"0\"} 0.25",
                "vllm:prompt_tokens_total{engine=\"0\"} -5",
                "vllm:num_requests_waiting{engine=\"0\"} +Inf",
                "vllm:num_requests_waiting{engine=\"0\"} 2 99999999999999999",
                "vllm:num_requests_waiting{engine=\"0\"} 1",
                ""));
        Trace t = new PrometheusScrapeImporter().load(prom, Progress.none());
        assertThat(counter(t, ServingSeries.RUNNING)).containsExactly(7.0);
        assertThat(counter(t, ServingSeries.KV_USAGE)).containsExactly(0.25);
        assertThat(counter(t, ServingSeries.WAITING)).containsExactly(1.0);
        assertThat(t.diagnostics().count("implausible-value")).isEqualTo(5);
        assertThat(t.diagnostics().items()).extracting(Diagnostic::firstOffset).allMatch(o -> o > 0);
    }

    @Test
    void theDefaultClassificationRulesStayFastOnMegabyteNames() {
        var rules = dev.parallax.analysis.classify.RuleSet.preset("parallax");
        List<String> names = List.of("intranode".repeat(MB / 9), "internode_ll::".repeat(MB / 14),
                "all_".repeat(MB / 4), "_reduce".repeat(MB / 7), "deep_ep" + " ".repeat(MB));
        for (String name : names) {
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                rules.classify(true, name, "kernel");
                rules.classify(false, name, name);
            }, () -> "slow on a name starting " + name.substring(0, 20));
        }
    }

    private static List<Double> counter(Trace t, String series) {
        for (CounterTrack c : t.counterTracks()) {
            if (c.name().equals(series)) {
                List<Double> v = new java.util.ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    v.add(c.value(i));
                }
                return v;
            }
        }
        return List.of();
    }
}
