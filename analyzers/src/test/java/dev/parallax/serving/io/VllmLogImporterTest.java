package dev.parallax.serving.io;

import dev.parallax.serving.ServingSeries;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VllmLogImporterTest {
    private static final String ESC = "\u001B";

    @TempDir
    Path dir;

    @Test
    void parsesCurrentStatLineBehindAColouredProcessPrefix() {
        String line = ESC + "[1;36m(APIServer pid=158)" + ESC + "[0;0m INFO 08-27 10:41:44 [loggers.py:123] Engine 000: "
                + "Avg prompt throughput: 1,234.5 tokens/s, Avg generation throughput: 456.7 tokens/s, Running: 12 reqs, "
                + "Waiting: 3 reqs, GPU KV cache usage: 34.5%, Prefix cache hit rate: 12.3%";
        VllmLogLine.Parsed p = VllmLogLine.parse(line);
        assertThat(p.kind()).isEqualTo(VllmLogLine.Kind.STATS);
        assertThat(p.process()).isEqualTo("APIServer");
        assertThat(p.month()).isEqualTo(8);
        assertThat(p.day()).isEqualTo(27);
        assertThat(p.hour()).isEqualTo(10);
        assertThat(p.values()).containsEntry("prompt_throughput", 1234.5)
                .containsEntry("generation_throughput", 456.7)
                .containsEntry("running", 12.0)
                .containsEntry("waiting", 3.0);
        assertThat(p.values().get("gpu_kv_usage")).isCloseTo(0.345, within(1e-12));
        assertThat(p.values().get("prefix_cache_hit_rate")).isCloseTo(0.123, within(1e-12));
    }

    @Test
    void parsesOlderFormatWithSwappedPendingAndCpuUsage() {
        String line = "INFO 05-13 02:27:14 metrics.py:341] Avg prompt throughput: 0.0 tokens/s, Avg generation "
                + "throughput: 3.4 tokens/s, Running: 1 reqs, Swapped: 2 reqs, Pending: 5 reqs, GPU KV cache usage: "
                + "0.1%, CPU KV cache usage: 7.5%.";
        VllmLogLine.Parsed p = VllmLogLine.parse(line);
        assertThat(p.kind()).isEqualTo(VllmLogLine.Kind.STATS);
        assertThat(p.values()).containsEntry("swapped", 2.0).containsEntry("waiting", 5.0).containsEntry("running", 1.0);
        assertThat(p.values().get("cpu_kv_usage")).isCloseTo(0.075, within(1e-12));
        assertThat(p.values().get("gpu_kv_usage")).isCloseTo(0.001, within(1e-12));
    }

    @Test
    void parsesPrefixHitRateWithGpuAndCpuParts() {
        String line = "INFO 09-02 11:00:00 metrics.py:467] Avg prompt throughput: 10.0 tokens/s, Avg generation "
                + "throughput: 20.0 tokens/s, Running: 4 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: "
                + "50.0%, CPU KV cache usage: 0.0%, Prefix cache hit rate: GPU: 42.00%, CPU: 0.00%";
        VllmLogLine.Parsed p = VllmLogLine.parse(line);
        assertThat(p.values().get("prefix_cache_hit_rate")).isCloseTo(0.42, within(1e-12));
        assertThat(p.values().get("gpu_kv_usage")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void parsesStartUpCapacityLinesWithThousandsSeparators() {
        assertThat(VllmLogLine.parse("(EngineCore_0 pid=1159) INFO 08-27 10:40:12 [kv_cache_utils.py:1013] GPU KV cache "
                + "size: 2,640,144 tokens").values()).containsEntry("gpu_kv_cache_tokens", 2_640_144.0);
        assertThat(VllmLogLine.parse("(EngineCore_0 pid=1159) INFO 08-27 10:40:12 [kv_cache_utils.py:1017] Maximum "
                + "concurrency for 16,384 tokens per request: 284.25x").values())
                .containsEntry("max_concurrency_tokens_per_request", 16_384.0).containsEntry("max_concurrency", 284.25);
        assertThat(VllmLogLine.parse("INFO 05-13 02:26:55 gpu_executor.py:121] # GPU blocks: 27,153, # CPU blocks: 2048")
                .values()).containsEntry("gpu_blocks", 27_153.0).containsEntry("cpu_blocks", 2048.0);
        assertThat(VllmLogLine.parse("(EngineCore_0 pid=1159) INFO 08-27 10:40:01 [gpu_model_runner.py:1892] Model "
                + "loading took 14.9975 GiB and 5.730434 seconds").values()).containsEntry("weights_gib", 14.9975);
    }

    @Test
    void linesWithoutAHeaderAreNotStats() {
        assertThat(VllmLogLine.parse("INFO:     127.0.0.1:51234 - \"POST /v1/completions HTTP/1.1\" 200 OK").kind())
                .isEqualTo(VllmLogLine.Kind.NO_HEADER);
        assertThat(VllmLogLine.parse("Traceback (most recent call last):").kind()).isEqualTo(VllmLogLine.Kind.NO_HEADER);
    }

    @Test
    void importsCountersPerEngineCapacityAndPreemptionsAndReportsBadLinesWithNumbers() throws Exception {
        String log = String.join("\n",
                "(EngineCore_0 pid=1159) INFO 08-27 10:40:12 [kv_cache_utils.py:1013] GPU KV cache size: 2,640 tokens",
                "(EngineCore_0 pid=1159) INFO 08-27 10:40:12 [kv_cache_utils.py:1013] # GPU blocks: 165",
                ESC + "[32m(APIServer pid=158)" + ESC + "[0m INFO 08-27 10:41:44 [loggers.py:123] Engine 000: Avg prompt "
                        + "throughput: 100.0 tokens/s, Avg generation throughput: 50.0 tokens/s, Running: 2 reqs, "
                        + "Waiting: 0 reqs, GPU KV cache usage: 10.0%, Prefix cache hit rate: 0.0%",
                "(APIServer pid=158) INFO 08-27 10:41:44 [loggers.py:123] Engine 001: Avg prompt throughput: 0.0 "
                        + "tokens/s, Avg generation throughput: 0.0 tokens/s, Running: 7 reqs, Waiting: 1 reqs, GPU KV "
                        + "cache usage: 70.0%, Prefix cache hit rate: 0.0%",
                "(APIServer pid=158) INFO 08-27 10:41:54 [loggers.py:123] Engine 000: Avg prompt throughput: 0.0 "
                        + "tokens/s, Avg generation throughput: 80.0 tokens/s, Running: 3 reqs, Waiting: 4 reqs, GPU KV "
                        + "cache usage: 99.5%, Prefix cache hit rate: 0.0%",
                "WARNING 08-27 10:41:55 scheduler.py:1089] Sequence group 12 is preempted by PreemptionMode.RECOMPUTE "
                        + "mode because there is not enough KV cache space. total_num_cumulative_preemption=1",
                "(APIServer pid=158) INFO 02-30 10:42:04 [loggers.py:123] Engine 000: Running: 1 reqs, GPU KV cache usage: 5.0%",
                "(APIServer pid=158) INFO 08-27 10:42:04 [loggers.py:123] Engine 000: Avg prompt throughput: 0.0 tokens/s, Runn",
                "garbage \u0000\u0001 Avg prompt throughput: 3");
        Path file = dir.resolve("server.log");
        Files.writeString(file, log, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.of(2025, 9, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant()));
        VllmLogImporter imp = new VllmLogImporter();
        assertThat(imp.sniff(file, Files.readAllBytes(file))).isGreaterThanOrEqualTo(80);
        Trace t = imp.load(file, Progress.none());

        CounterTrack kv0 = counter(t, "vllm-engine-0", ServingSeries.KV_USAGE);
        assertThat(kv0.size()).isEqualTo(2);
        long expected = ZonedDateTime.of(2025, 8, 27, 10, 41, 44, 0, ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
        assertThat(kv0.time(0)).isEqualTo(expected);
        assertThat(kv0.value(1)).isCloseTo(0.995, within(1e-12));
        assertThat(counter(t, "vllm-engine-1", ServingSeries.RUNNING).value(0)).isEqualTo(7.0);
        assertThat(counter(t, "vllm-engine-0", ServingSeries.WAITING).value(1)).isEqualTo(4.0);
        assertThat(counter(t, "vllm-engine-0", ServingSeries.PREEMPTIONS).value(0)).isEqualTo(1.0);
        assertThat(t.metadata().other()).containsEntry(ServingSeries.META_KV_CACHE_TOKENS, "2640")
                .containsEntry(ServingSeries.META_GPU_BLOCKS, "165")
                .containsEntry(ServingSeries.META_BLOCK_SIZE, "16");
        assertThat(t.diagnostics().count("bad-time")).isEqualTo(1);
        assertThat(t.diagnostics().lines()).anyMatch(s -> s.contains("line 7") && s.contains("02-30"));
        assertThat(t.diagnostics().count("incomplete-stat-line")).isEqualTo(1);
        assertThat(t.diagnostics().lines()).anyMatch(s -> s.contains("line 8"));
        assertThat(t.diagnostics().count("stat-line-without-time")).isEqualTo(1);
    }

    @Test
    void yearComesFromModificationTimeWithRolloverAtNewYear() throws Exception {
        String log = String.join("\n",
                "INFO 12-31 23:59:50 metrics.py:341] Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: "
                        + "0.0 tokens/s, Running: 1 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 1.0%, "
                        + "CPU KV cache usage: 0.0%.",
                "INFO 01-01 00:00:00 metrics.py:341] Avg prompt throughput: 0.0 tokens/s, Avg generation throughput: "
                        + "0.0 tokens/s, Running: 2 reqs, Swapped: 0 reqs, Pending: 0 reqs, GPU KV cache usage: 2.0%, "
                        + "CPU KV cache usage: 0.0%.");
        Path file = dir.resolve("rollover.log");
        Files.writeString(file, log);
        Files.setLastModifiedTime(file, FileTime.from(ZonedDateTime.of(2026, 3, 5, 0, 0, 0, 0, ZoneOffset.UTC).toInstant()));
        Trace t = new VllmLogImporter().load(file, Progress.none());
        CounterTrack running = counter(t, "vllm-engine-0", ServingSeries.RUNNING);
        assertThat(running.time(1) - running.time(0)).isEqualTo(10_000_000_000L);
        assertThat(running.time(1)).isEqualTo(ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)
                .toEpochSecond() * 1_000_000_000L);
        assertThat(t.metadata().other()).containsEntry("vllm.first_year", "2025");
    }

    @Test
    void lastLineAfterModificationDayBelongsToThePreviousYear() {
        LogYearRule r = LogYearRule.forFile(ZonedDateTime.of(2026, 1, 2, 0, 0, 0, 0, ZoneOffset.UTC), 0, 12, 30);
        assertThat(r.firstYear()).isEqualTo(2025);
    }

    @Test
    void theTraceLoaderChoosesTheLogAndScrapeImporters() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "(APIServer pid=1) INFO 05-01 12:00:00 [loggers.py:1] Engine 000: Avg prompt throughput: "
                + "0.0 tokens/s, Avg generation throughput: 0.0 tokens/s, Running: 0 reqs, Waiting: 0 reqs, GPU KV cache "
                + "usage: 0.0%, Prefix cache hit rate: 0.0%\n");
        dev.parallax.trace.io.TraceLoader loader = dev.parallax.trace.io.TraceLoader.discover();
        assertThat(loader.choose(log).importer().id()).isEqualTo("vllm-log");
        Path prom = dir.resolve("metrics.prom");
        Files.writeString(prom, PrometheusScrapeImporterTest.scrape(0.5, 1, 0, 0, 0, 0));
        assertThat(loader.choose(prom).importer().id()).isEqualTo("prometheus-text");
    }

    @Test
    void doesNotClaimJsonOrPlainText() {
        VllmLogImporter imp = new VllmLogImporter();
        assertThat(imp.sniff(Path.of("a.json"), "{\"traceEvents\": []}".getBytes())).isZero();
        assertThat(imp.sniff(Path.of("a.txt"), "hello\nworld\n".getBytes())).isZero();
    }

    static CounterTrack counter(Trace t, String pid, String name) {
        return t.counterTracks().stream().filter(c -> c.info().pid().equals(pid) && c.name().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no counter " + name + " of " + pid));
    }
}
