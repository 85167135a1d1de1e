package dev.parallax.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.samples.BundledSamples;
import dev.parallax.serving.io.PrometheusScrapeImporter;
import dev.parallax.serving.io.VllmLogImporter;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The bundled serving sample (trace, vLLM log, Prometheus scrapes) against its ground-truth sidecar. */
class ServingSampleTest {
    @TempDir
    static Path dir;
    static JsonNode expected;
    static Instant start;

    @BeforeAll
    static void copySample() throws Exception {
        BundledSamples.Sample s = BundledSamples.get("serving-vllm-burst");
        for (String f : s.files()) {
            Path out = dir.resolve(f);
            Files.createDirectories(out.getParent());
            try (InputStream in = BundledSamples.class.getResourceAsStream(BundledSamples.RESOURCE_ROOT + f)) {
                Files.copy(in, out);
            }
        }
        expected = new ObjectMapper().readTree(dir.resolve(s.expectedFile()).toFile());
        start = Instant.parse(expected.get("start_time").asText());
        // the log's years come from its modification time: make it the hour after the run started
        Files.setLastModifiedTime(dir.resolve("serving-vllm-burst/vllm-serve.log"), FileTime.from(start.plusSeconds(3600)));
    }

    @Test
    void traceGivesTheGroundTruthKvStatisticsLatenciesAndSteps() throws Exception {
        Trace t = TraceLoader.discover().load(dir.resolve("serving-vllm-burst/serving.trace.json.gz"), Progress.none());
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("percentile_method", "nearest_rank"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(t), p, Progress.none());
        Map<String, Object> m = r.metrics();
        assertThat(m.get("kv_source")).isEqualTo("counter");
        assertThat((double) m.get("peak_usage")).isCloseTo(expected.get("peak_kv_usage_percent").asDouble() / 100, within(1e-9));
        assertThat((double) m.get("mean_usage")).isCloseTo(expected.get("mean_kv_usage_percent").asDouble() / 100, within(1e-5));
        assertThat((double) m.get("seconds_above_95pct")).isCloseTo(expected.get("seconds_above_95_percent").asDouble(), within(1e-5));
        assertThat(m.get("max_running")).isEqualTo(expected.get("max_running").asLong());
        assertThat(m.get("max_waiting")).isEqualTo(expected.get("max_waiting").asLong());
        assertThat(m.get("preemptions")).isEqualTo(expected.get("preemptions").asLong());
        assertThat(m.get("requests")).isEqualTo(expected.get("requests").asLong());
        for (String measure : new String[] {"ttft", "tpot", "e2e"}) {
            JsonNode e = expected.get(measure + "_ns");
            for (String q : new String[] {"p50", "p90", "p99"}) {
                assertThat((double) m.get(measure + "_" + q + "_seconds")).as(measure + " " + q)
                        .isCloseTo(e.get(q).asDouble() / 1e9, within(2e-6));
            }
        }
        assertThat(m.get("steps")).isEqualTo(expected.get("engine_steps").asLong());
        assertThat(m.get("prefill_steps")).isEqualTo(expected.get("prefill_steps").asLong());
        assertThat(r.findings()).anyMatch(f -> f.summary().startsWith("KV cache above 95%"));
        assertThat(r.findings()).anyMatch(f -> f.summary().equals(expected.get("preemptions").asLong() + " preemptions"));
    }

    @Test
    void traceAndLogOpenedTogetherKeepEachSeriesOnItsOwnClock() throws Exception {
        // the trace counts from 0, the log from its wall-clock times: statistics of the KV counter must not
        // stretch to the other file's end
        Trace trace = TraceLoader.discover().load(dir.resolve("serving-vllm-burst/serving.trace.json.gz"), Progress.none());
        Trace log = new VllmLogImporter().load(dir.resolve("serving-vllm-burst/vllm-serve.log"), Progress.none());
        TraceSet both = new TraceSet("both", List.of(new TraceSet.Member(trace, 0, dev.parallax.trace.RankSource.USER),
                new TraceSet.Member(log, 1, dev.parallax.trace.RankSource.USER)));
        Result r = new KvCacheAnalysis().run(both, ParameterValues.defaults(), Progress.none());
        assertThat((double) r.metrics().get("mean_usage")).isCloseTo(expected.get("mean_kv_usage_percent").asDouble() / 100,
                within(1e-5));
        assertThat(r.metrics().get("preemptions")).isEqualTo(expected.get("preemptions").asLong());
        assertThat(r.metrics().get("kv_capacity_tokens")).isEqualTo(expected.get("kv_capacity_tokens").asLong());
        assertThat(r.chart("kv_usage").series().get(0).x()[0]).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void logStatLinesLandOnTheRunClock() throws Exception {
        Path log = dir.resolve("serving-vllm-burst/vllm-serve.log");
        Trace t = new VllmLogImporter().load(log, Progress.none());
        assertThat(t.diagnostics().hasErrors()).isFalse();
        assertThat(t.metadata().other()).containsEntry("vllm.gpu_blocks", expected.get("gpu_blocks").asText())
                .containsEntry("vllm.gpu_kv_cache_tokens", expected.get("kv_capacity_tokens").asText())
                .containsEntry("vllm.block_size", expected.get("block_size").asText());
        CounterTrack running = counter(t, "vllm:num_requests_running");
        CounterTrack waiting = counter(t, "vllm:num_requests_waiting");
        CounterTrack kv = counter(t, "vllm:kv_cache_usage_perc");
        JsonNode lines = expected.get("log_stat_lines");
        assertThat(running.size()).isEqualTo(lines.size());
        long origin = start.getEpochSecond() * 1_000_000_000L;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode l = lines.get(i);
            // the log prints whole seconds
            assertThat(running.time(i) - origin).isEqualTo(l.get("at_ns").asLong() / 1_000_000_000L * 1_000_000_000L);
            assertThat(running.value(i)).isEqualTo(l.get("running").asDouble());
            assertThat(waiting.value(i)).isEqualTo(l.get("waiting").asDouble());
            assertThat(kv.value(i)).isCloseTo(l.get("kv_usage_percent").asDouble() / 100, within(1e-9));
        }
        Result r = new KvCacheAnalysis().run(TraceSet.single(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.metrics().get("kv_capacity_tokens")).isEqualTo(expected.get("kv_capacity_tokens").asLong());
        assertThat(r.metrics().get("vllm_max_concurrency")).isEqualTo(2.93);
        double ctx = (double) r.metrics().get("mean_context_tokens");
        assertThat(ctx).isBetween(100.0, 16384.0);
        long blocksPerRequest = (Math.round(ctx) + 15) / 16;
        assertThat(r.metrics().get("theoretical_max_concurrency")).isEqualTo(3000 / blocksPerRequest);
        assertThat(r.metrics().get("engine_max_concurrency")).isEqualTo(3000 / blocksPerRequest);

        // with the model and hardware, the capacity bound of all HBM is set beside what the engine allocated
        ParameterValues withModel = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("model", "llama-3.1-70b", "hardware", "h100-sxm", "tensor_parallel", "4"));
        Result m = new KvCacheAnalysis().run(TraceSet.single(t), withModel, Progress.none());
        var catalog = dev.parallax.model.catalog.Catalog.builtIn();
        var model = new dev.parallax.model.longcontext.LongContextModel(catalog.model("llama-3.1-70b"),
                catalog.hardware("h100-sxm"), dev.parallax.model.longcontext.ServingAssumptions.defaults()
                        .withTensorParallel(4));
        assertThat(m.metrics().get("theoretical_max_concurrency")).isEqualTo(model.maxConcurrency(Math.round(ctx)));
        assertThat(m.metrics().get("engine_max_concurrency")).isEqualTo(3000 / blocksPerRequest);
        assertThat(m.findings()).anyMatch(f -> f.summary().startsWith("The engine's KV cache holds "
                + 3000 / blocksPerRequest + " sequences"));
    }

    @Test
    void prometheusScrapesAreTimedByTheirFileNames() throws Exception {
        Path folder = dir.resolve("serving-vllm-burst/prometheus");
        Trace t = new PrometheusScrapeImporter().load(folder, Progress.none());
        CounterTrack kv = counter(t, "vllm:kv_cache_usage_perc");
        JsonNode scrapes = expected.get("prometheus_scrapes");
        assertThat(kv.size()).isEqualTo(scrapes.size());
        for (int i = 0; i < scrapes.size(); i++) {
            // file names give whole seconds
            assertThat(kv.time(i)).isEqualTo(scrapes.get(i).get("at_ns").asLong() / 1_000_000_000L * 1_000_000_000L);
        }
        Result r = new KvCacheAnalysis().run(TraceSet.single(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.metrics()).containsKeys("ttft_p50_seconds", "ttft_p99_seconds", "e2e_p90_seconds");
        assertThat(r.table("latency").value(0, "source")).isEqualTo("histogram");
        double p50 = (double) r.metrics().get("ttft_p50_seconds");
        assertThat(p50).isPositive();
        // counted since the server started: the last scrape's cumulative values
        assertThat(r.metrics().get("preemptions")).isEqualTo(
                (long) counter(t, "vllm:num_preemptions_total").value(kv.size() - 1));
        assertThat(r.table("latency").value(0, "count")).isEqualTo(
                (long) counter(t, "vllm:time_to_first_token_seconds_count").value(kv.size() - 1));
        // each scrape file opened as its own trace (as a folder opens): the series are joined again
        List<TraceSet.Member> members = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.sorted().toList()) {
                members.add(new TraceSet.Member(new PrometheusScrapeImporter().load(f, Progress.none()), members.size(),
                        dev.parallax.trace.RankSource.LOAD_ORDER));
            }
        }
        Result joined = new KvCacheAnalysis().run(new TraceSet("scrapes", members), ParameterValues.defaults(),
                Progress.none());
        assertThat(joined.metrics()).isEqualTo(r.metrics());
    }

    private static CounterTrack counter(Trace t, String name) {
        return t.counterTracks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no counter " + name));
    }
}
