package dev.parallax.serving;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;
import dev.parallax.serving.ServingRunFixture.Req;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.TraceMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import java.util.Map;

import static dev.parallax.serving.ServingRunFixture.S;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class KvCacheAnalysisTest {

    /**
     * A counter run over 10 s: usage 50 % (0–4 s), 97 % (4–6 s), 60 % (6–10 s); 4 running, then 9; 5 waiting while
     * saturated, 0 otherwise; 2 preemptions at 5 s.
     */
    static Trace counterRun() {
        TraceBuilder b = new TraceBuilder("counters");
        int kv = b.counterTrack("vllm-engine-0", ServingSeries.KV_USAGE);
        int run = b.counterTrack("vllm-engine-0", ServingSeries.RUNNING);
        int wait = b.counterTrack("vllm-engine-0", ServingSeries.WAITING);
        int pre = b.counterTrack("vllm-engine-0", ServingSeries.PREEMPTIONS);
        long[] t = {0, 4 * S, 6 * S, 10 * S};
        double[] u = {0.5, 0.97, 0.6, 0.6};
        double[] r = {4, 9, 9, 9};
        double[] w = {0, 5, 0, 0};
        for (int i = 0; i < t.length; i++) {
            b.addCounter(kv, t[i], u[i]);
            b.addCounter(run, t[i], r[i]);
            b.addCounter(wait, t[i], w[i]);
        }
        b.addCounter(pre, 0, 0);
        b.addCounter(pre, 5 * S, 2);
        return b.build(0, 0, 0);
    }

    @Test
    void registeredUnderItsId() {
        assertThat(Analyses.discover().byId("kvcache")).isPresent();
    }

    @Test
    void countersGiveUsageSaturationAndItsEffectOnWaitingRequests() {
        Result r = new KvCacheAnalysis().run(TraceSet.single(counterRun()), ParameterValues.defaults(), Progress.none());
        Map<String, Object> m = r.metrics();
        assertThat(m.get("kv_source")).isEqualTo("counter");
        assertThat((double) m.get("peak_usage")).isCloseTo(0.97, within(1e-12));
        assertThat((double) m.get("mean_usage")).isCloseTo((0.5 * 4 + 0.97 * 2 + 0.6 * 4) / 10, within(1e-12));
        assertThat((double) m.get("seconds_above_95pct")).isCloseTo(2.0, within(1e-12));
        assertThat(m.get("max_running")).isEqualTo(9L);
        assertThat(m.get("max_waiting")).isEqualTo(5L);
        assertThat(m.get("preemptions")).isEqualTo(2L);
        Finding sat = r.findings().stream().filter(f -> f.summary().startsWith("KV cache above 95%")).findFirst()
                .orElseThrow();
        assertThat(sat.severity()).isEqualTo(Severity.WARNING);
        assertThat(sat.summary()).contains("2.0 s").contains("20%");
        assertThat(sat.explanation()).contains("5.0 requests waited on average (0.0 elsewhere)")
                .contains("2 preemptions happened then");
        assertThat(sat.location().start()).isEqualTo(4 * S);
        assertThat(sat.location().end()).isEqualTo(6 * S);
        assertThat(r.chart("kv_usage").series().get(0).y()).contains(97.0, 50.0);
        assertThat(r.overlays().get(0).lanes().get(0).starts()).containsExactly(4 * S);
    }

    @Test
    void countersAndACapacityGiveTheObservedContextAndTheConcurrencyBound() {
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("kv_capacity_tokens", "1600"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(counterRun()), p, Progress.none());
        // tokens held per running request: 0.5·1600/4 for 4 s, 0.97·1600/9 for 2 s, 0.6·1600/9 for 4 s
        double ctx = (0.5 * 1600 / 4 * 4 + 0.97 * 1600 / 9 * 2 + 0.6 * 1600 / 9 * 4) / 10;
        assertThat((double) r.metrics().get("mean_context_tokens")).isCloseTo(ctx, within(1e-9));
        assertThat(r.metrics().get("context_source")).isEqualTo("kv_usage_per_running_request");
        // 100 blocks of 16; 157 tokens need 10 blocks
        assertThat(r.metrics().get("theoretical_max_concurrency")).isEqualTo(10L);
        assertThat(r.findings()).anyMatch(f -> f.summary().equals("At most 9 requests ran; about 10 fit in the KV cache "
                + "at 157 tokens per request"));
    }

    @Test
    void capacityDeclaredInAChromeTracesOtherDataIsUsed(@TempDir Path dir) {
        Trace t = TraceFiles.load(dir, "{\"otherData\":{\"num_gpu_blocks\":100,\"block_size\":32},\"traceEvents\":["
                + "{\"ph\":\"C\",\"name\":\"vllm:kv_cache_usage_perc\",\"pid\":1,\"tid\":1,\"ts\":0,"
                + "\"args\":{\"value\":0.5}},"
                + "{\"ph\":\"C\",\"name\":\"vllm:kv_cache_usage_perc\",\"pid\":1,\"tid\":1,\"ts\":1000000,"
                + "\"args\":{\"value\":0.5}}]}");
        Result r = new KvCacheAnalysis().run(TraceSet.single(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.metrics().get("kv_capacity_tokens")).isEqualTo(3200L);
        assertThat(r.metrics().get("kv_capacity_blocks")).isEqualTo(100L);
    }

    @Test
    void aVllmLogsCapacityWinsOverTraceMetadataAndUnrelatedKeysAreIgnored() {
        assertThat(ServingSeries.capacityKeyOf("otherData.num_gpu_blocks")).isEqualTo(ServingSeries.META_GPU_BLOCKS);
        assertThat(ServingSeries.capacityKeyOf("kv_capacity_tokens")).isEqualTo(ServingSeries.META_KV_CACHE_TOKENS);
        assertThat(ServingSeries.capacityKeyOf("otherData.block_size")).isEqualTo(ServingSeries.META_BLOCK_SIZE);
        assertThat(ServingSeries.capacityKeyOf("otherData.num_gpu_blocks_override")).isNull();
        assertThat(ServingSeries.capacityKeyOf("schemaVersion")).isNull();
        TraceBuilder log = new TraceBuilder("vllm-log");
        log.setMetadata(new TraceMetadata("vllm-log", null, -1, null, List.of(), List.of(), null,
                Map.of(ServingSeries.META_KV_CACHE_TOKENS, "1600")));
        TraceBuilder chrome = new TraceBuilder("chrome-json");
        chrome.setMetadata(new TraceMetadata("chrome-json", null, -1, null, List.of(), List.of(), null,
                Map.of("otherData.kv_capacity_tokens", "999", "otherData.block_size", "8")));
        TraceSet set = new TraceSet("job", List.of(
                new TraceSet.Member(chrome.build(0, 0, 0), 0, RankSource.LOAD_ORDER),
                new TraceSet.Member(log.build(0, 0, 0), 1, RankSource.LOAD_ORDER)));
        ServingInputs in = ServingInputs.of(set);
        assertThat(in.capacity(ServingSeries.META_KV_CACHE_TOKENS)).isEqualTo(1600.0);
        assertThat(in.capacity(ServingSeries.META_BLOCK_SIZE)).isEqualTo(8.0);
    }

    @Test
    void percentCountersAreReadAsFractions() {
        TraceBuilder b = new TraceBuilder("chrome");
        int kv = b.counterTrack("1", "KV cache usage");
        b.addCounter(kv, 0, 40);
        b.addCounter(kv, S, 80);
        b.addCounter(kv, 2 * S, 80);
        Result r = new KvCacheAnalysis().run(TraceSet.single(b.build(0, 0, 0)), ParameterValues.defaults(),
                Progress.none());
        assertThat((double) r.metrics().get("peak_usage")).isCloseTo(0.8, within(1e-12));
        assertThat((double) r.metrics().get("mean_usage")).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void requestSpansGiveLatencyPercentilesAndDerivedUsage() {
        // five requests, TTFT 0.1..0.5 s, each 11 output tokens over 1 s after the first: TPOT 0.1 s
        Req[] reqs = new Req[5];
        for (int i = 0; i < 5; i++) {
            long a = i * S;
            long first = a + (i + 1) * S / 10;
            reqs[i] = new Req(a, a + S / 20, first, first + S, 100, 11);
        }
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("kv_capacity_tokens", "160", "block_size", "16"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(ServingRunFixture.trace(reqs)), p, Progress.none());
        Map<String, Object> m = r.metrics();
        assertThat((double) m.get("ttft_p50_seconds")).isCloseTo(0.3, within(1e-9));
        assertThat((double) m.get("ttft_p90_seconds")).isCloseTo(0.46, within(1e-9));
        assertThat((double) m.get("ttft_p99_seconds")).isCloseTo(0.496, within(1e-9));
        assertThat((double) m.get("tpot_p50_seconds")).isCloseTo(0.1, within(1e-9));
        assertThat((double) m.get("e2e_p50_seconds")).isCloseTo(1.3, within(1e-9));
        assertThat(m.get("requests")).isEqualTo(5L);
        assertThat(m.get("kv_source")).isEqualTo("request_spans");
        // capacity 10 blocks; a request holds ceil(100/16) = 7 blocks, 7 at most after 11 tokens (111 → 7)
        assertThat(m.get("kv_capacity_blocks")).isEqualTo(10L);
        assertThat(m.get("peak_blocks_used")).isEqualTo(14L);
        assertThat((double) m.get("peak_usage")).isCloseTo(1.4, within(1e-12));
        // mean context 111 tokens → 7 blocks each → 10 / 7 = 1 request fits
        assertThat(m.get("theoretical_max_concurrency")).isEqualTo(1L);
        assertThat(m.get("max_running")).isEqualTo(2L);
        // two requests of 7 blocks each overlap (1.0–1.1 s and so on): 14 of 10 blocks
        assertThat(r.findings()).anyMatch(f -> f.summary().startsWith("The requests' KV demand exceeds the cache")
                && f.summary().endsWith("(peak 140%)"));
        assertThat(r.table("latency").rows()).hasSize(4);
        assertThat(r.chart("ttft_histogram").series().get(0).y()).hasSize(20);
        // 20 bins of 0.5 s / 20 = 0.025 s: TTFTs 0.1, 0.2, ... land in bins 4, 8, 12, 16 and the last
        assertThat(r.chart("ttft_histogram").series().get(0).x()[0]).isCloseTo(0.0125, within(1e-12));
        assertThat(r.chart("ttft_histogram").series().get(0).y()[4]).isEqualTo(1.0);
        assertThat(r.chart("ttft_histogram").series().get(0).y()[19]).isEqualTo(1.0);
        assertThat(java.util.Arrays.stream(r.chart("ttft_histogram").series().get(0).y()).sum()).isEqualTo(5.0);
    }

    @Test
    void derivedUsageReportsInternalFragmentation() {
        // 16 prompt tokens fill one block exactly (0 % unused) for 1 s; the first output token needs a second
        // block: 17 of 32 slots used (15/32 unused) for the next second
        Trace t = ServingRunFixture.trace(new Req(0, 0, S, 2 * S, 16, 1));
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(), Map.of("kv_capacity_tokens", "64"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(t), p, Progress.none());
        assertThat((double) r.metrics().get("mean_internal_fragmentation")).isCloseTo(15.0 / 64, within(1e-12));
        assertThat((double) r.metrics().get("mean_usage")).isCloseTo((1.0 / 4 + 2.0 / 4) / 2, within(1e-12));
    }

    @Test
    void modelAndHardwareGiveTheCapacityBoundOfTheModels() {
        Req[] reqs = ServingRunFixture.random(7, 30, 10);
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("model", "llama-2-7b", "hardware", "h100-sxm"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(ServingRunFixture.trace(reqs)), p, Progress.none());
        double mean = 0;
        for (Req q : reqs) {
            mean += q.prompt() + q.output();
        }
        mean /= reqs.length;
        Catalog c = Catalog.builtIn();
        LongContextModel model = new LongContextModel(c.model("llama-2-7b"), c.hardware("h100-sxm"),
                ServingAssumptions.defaults());
        assertThat(r.metrics().get("theoretical_max_concurrency")).isEqualTo(model.maxConcurrency(Math.round(mean)));
        assertThat(r.metrics().get("theoretical_kv_capacity_tokens")).isEqualTo(model.maxConcurrency(1));
        assertThat(r.metrics()).doesNotContainKey("kv_capacity_tokens");
        assertThat(r.findings()).noneMatch(f -> f.summary().startsWith("Theoretical bounds not available"));
    }

    @Test
    void unknownModelIsAFindingNotAnException() {
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("model", "no-such-model", "hardware", "h100-sxm"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(counterRun()), p, Progress.none());
        assertThat(r.findings()).anyMatch(f -> f.summary().contains("no-such-model"));
        assertThat(r.metrics()).containsKey("peak_usage");
    }

    @Test
    void emptyInputSaysSo() {
        Result r = new KvCacheAnalysis().run(TraceSet.single(new TraceBuilder("empty").build(0, 0, 0)),
                ParameterValues.defaults(), Progress.none());
        assertThat(r.applies()).isFalse();
        assertThat(r.applicability().reason()).startsWith("no KV-cache counters");
        assertThat(r.findings()).isEmpty();
        assertThat(r.metrics()).doesNotContainKey("peak_usage");
    }

    @Test
    void aTrainingTraceWithProfilerStepsIsNotAServingTrace() {
        dev.parallax.trace.Trace t = new dev.parallax.analysis.gpu.TestTraces("train")
                .step("ProfilerStep#1", 0, 1000).step("ProfilerStep#2", 1000, 1000)
                .kernel(7, "volta_sgemm_128x64_nn", 100, 500).kernel(7, "volta_sgemm_128x64_nn", 1100, 500).build();
        KvCacheAnalysis a = new KvCacheAnalysis();
        assertThat(a.applicability(TraceSet.single(t)).applies()).isFalse();
        Result r = a.run(TraceSet.single(t), ParameterValues.defaults(), Progress.none());
        assertThat(r.applies()).isFalse();
        assertThat(r.charts()).isEmpty();
        assertThat(a.requirements()).containsExactly(dev.parallax.analysis.Requirement.SERVING);
    }
}
