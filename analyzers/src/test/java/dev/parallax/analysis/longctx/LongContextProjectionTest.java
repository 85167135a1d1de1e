package dev.parallax.analysis.longctx;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Metric;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;
import dev.parallax.samples.decoder.DecoderOptions;
import dev.parallax.samples.decoder.DecoderTraceGenerator;
import dev.parallax.samples.decoder.DecoderTraceGenerator.Step;
import dev.parallax.samples.decoder.DecoderTraceGenerator.TracedContext;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LongContextProjectionTest {
    @TempDir
    static Path dir;
    static List<TracedContext> traced;
    static TraceSet shortTrace;

    @BeforeAll
    static void generate() throws Exception {
        traced = new DecoderTraceGenerator(new DecoderOptions()).generate(dir, "decoder");
        shortTrace = TraceSet.single(TraceFiles.load(dir.resolve(traced.get(0).file())));
    }

    private static Result run(String... params) {
        ParameterValues p = ParameterValues.defaults();
        LongContextProjectionAnalysis a = new LongContextProjectionAnalysis();
        p = ParameterValues.parse(a.parameters(), java.util.Map.of());
        for (int i = 0; i < params.length; i += 2) {
            p = ParameterValues.parse(a.parameters(), merge(p, params[i], params[i + 1]));
        }
        return a.run(shortTrace, p, Progress.none());
    }

    private static java.util.Map<String, String> merge(ParameterValues p, String k, String v) {
        java.util.Map<String, String> m = new java.util.HashMap<>();
        p.asMap().forEach((key, value) -> m.put(key, String.valueOf(value)));
        m.put(k, v);
        return m;
    }

    private static double mean(List<Step> steps, String phase) {
        return steps.stream().filter(s -> s.phase().equals(phase)).mapToLong(Step::kernelNs).average().orElseThrow();
    }

    @Test
    void projectsTheShortTraceOntoTheLongOneWithinTenPercent() {
        Result r = run("context", "2048,16384");
        Table t = r.table("projection");
        assertThat(t.rows()).hasSize(2);
        List<Step> longSteps = traced.get(1).steps();
        double prefill = ((Number) t.value(1, "prefill_ms")).doubleValue();
        double decode = ((Number) t.value(1, "decode_ms")).doubleValue();
        double truePrefill = mean(longSteps, "prefill") / 1e6;
        double trueDecode = mean(longSteps, "decode") / 1e6;
        // the 16K trace: prefill ~500 ms (attention 118 ms), decode ~15.5 ms per step of 8 sequences
        assertThat(truePrefill).isBetween(450.0, 550.0);
        assertThat(prefill).isCloseTo(truePrefill, within(0.10 * truePrefill));
        assertThat(decode).isCloseTo(trueDecode, within(0.10 * trueDecode));
        // at the traced length the projection is the measurement itself
        double shortPrefill = mean(traced.get(0).steps(), "prefill") / 1e6;
        assertThat(((Number) t.value(0, "prefill_ms")).doubleValue()).isCloseTo(shortPrefill, within(1e-6));
        // attention grows 64x in prefill, GEMMs 8x
        double attention0 = ((Number) t.value(0, "prefill_attention_ms")).doubleValue();
        double attention1 = ((Number) t.value(1, "prefill_attention_ms")).doubleValue();
        assertThat(attention1 / attention0).isBetween(55.0, 64.5);
        assertThat(r.metric("measured_context").value()).isEqualTo(2048L);
        assertThat(r.metric("decode_batch").value()).isEqualTo(8L);
    }

    @Test
    void everyOperatorOfTheSyntheticModelIsClassified() {
        Result r = run("context", "16384");
        Table ops = r.table("operators");
        for (int i = 0; i < ops.rows().size(); i++) {
            assertThat(ops.value(i, "role")).isNotEqualTo(SequenceRole.UNCLASSIFIED.id());
        }
        assertThat(roleOf(ops, "prefill", "aten::scaled_dot_product_attention")).isEqualTo("attention-prefill");
        assertThat(roleOf(ops, "decode", "aten::scaled_dot_product_attention")).isEqualTo("attention-decode");
        assertThat(roleOf(ops, "prefill", "aten::linear")).isEqualTo("tokens");
        assertThat(roleOf(ops, "decode", "aten::linear")).isEqualTo("fixed");
        assertThat(roleOf(ops, "prefill", "aten::copy_")).isEqualTo("tokens");
        // decode batch 8: every op of the step grows with it; prefill of one sequence cannot tell
        for (int i = 0; i < ops.rows().size(); i++) {
            assertThat(ops.value(i, "batch")).isEqualTo(ops.value(i, "phase").equals("decode") ? "yes" : "batch 1");
        }
        assertThat(r.findings()).noneMatch(f -> f.code().equals("unclassified-operators"));
        // the model read back from the shapes is Llama 3.1 8B's
        assertThat(r.metric("layers").value()).isEqualTo(32);
        assertThat(r.metric("kv_heads").value()).isEqualTo(8);
        // KV per token: 2 · 32 layers · 8 heads · 128 · 2 bytes
        assertThat(((Number) r.metric("kv_bytes_per_token").value()).doubleValue()).isEqualTo(131072.0);
    }

    @Test
    void atPeakEfficiencyItAgreesWithTheCatalogModel() {
        Result r = run("context", "2048,32768,131072", "efficiency", "peak", "model", "llama-3.1-8b",
                "hardware", "h100-sxm", "reserved_fraction", "0");
        LongContextModel fu = new LongContextModel(Catalog.builtIn().model("llama-3.1-8b"),
                Catalog.builtIn().hardware("h100-sxm"), ServingAssumptions.defaults());
        Table t = r.table("projection");
        long[] contexts = {2048, 32768, 131072};
        for (int i = 0; i < contexts.length; i++) {
            double prefill = ((Number) t.value(i, "prefill_ms")).doubleValue();
            double decode = ((Number) t.value(i, "decode_ms")).doubleValue();
            double fuPrefill = fu.prefillSeconds(contexts[i], 1) * 1e3;
            double fuDecode = fu.decodeSecondsPerToken(contexts[i], 8) * 1e3;
            assertThat(prefill).isCloseTo(fuPrefill, within(0.10 * fuPrefill));
            assertThat(decode).isCloseTo(fuDecode, within(0.10 * fuDecode));
            assertThat(((Number) t.value(i, "max_concurrency")).longValue()).isEqualTo(fu.maxConcurrency(contexts[i]));
            assertThat(((Number) t.value(i, "kv_bytes")).doubleValue()).isEqualTo(fu.kvBytes(contexts[i]));
        }
    }

    @Test
    void findingsNameWhereDecodeDoublesAndAttentionOvertakesGemms() {
        Result r = run();
        Table t = r.table("projection");
        // default sweep: the traced 2K, powers of two, up to Llama 3.1's 128K
        assertThat(t.rows()).hasSize(7);
        assertThat(t.value(6, "context")).isEqualTo(131072L);
        long doubles = ((Number) r.metric("decode_doubles_at").value()).longValue();
        double base = ((Number) r.metric("decode_measured_ms").value()).doubleValue();
        // decode: 6.3 ms of GEMMs + 0.5 ms other fixed, attention 1.12 ms at 2K growing linearly: doubles near 16K
        assertThat(doubles).isBetween(14_000L, 18_000L);
        Result at = run("context", Long.toString(doubles));
        assertThat(((Number) at.table("projection").value(0, "decode_ms")).doubleValue())
                .isCloseTo(2 * base, within(0.01 * 2 * base));
        // prefill GEMMs 42 ms grow with T, attention 1.9 ms with T²: they cross near 2K · 42/1.9 ≈ 45K
        long crossing = ((Number) r.metric("prefill_attention_overtakes_gemm_at").value()).longValue();
        assertThat(crossing).isBetween(40_000L, 50_000L);
        assertThat(r.findings()).extracting(f -> f.code()).contains("decode-time-doubles",
                "attention-overtakes-gemm", "decode-attention-overtakes-gemm", "model-from-shapes");
        // FP8 KV halves the decode attention time at 128K: the gain is half of it
        double attention128k = ((Number) t.value(6, "decode_attention_ms")).doubleValue();
        assertThat(r.findings().stream().filter(f -> f.code().equals("decode-time-doubles")).findFirst()
                .orElseThrow().gainNs()).isCloseTo(Math.round(attention128k * 1e6 / 2), within(2L));
        // 80 GiB − 10 % − 16 GB of weights over 128 KiB per token: one sequence of ~233K tokens only
        long one = ((Number) r.metric("concurrency_one_at").value()).longValue();
        double budget = ((Number) r.metric("kv_budget_bytes").value()).doubleValue();
        assertThat((double) one).isCloseTo(budget / 131072 / 2, within(2.0 + one * 0.006));
        assertThat(r.findings()).noneMatch(f -> f.code().equals("concurrency-falls-to-one"));
        Result far = run("context", "256k,1m");
        assertThat(far.findings()).extracting(f -> f.code()).contains("concurrency-falls-to-one",
                "kv-cache-does-not-fit");
        assertThat(far.table("projection").value(1, "max_concurrency")).isEqualTo(0L);
        // the KV chart: HBM left as a horizontal marker, concurrency one and KV > HBM as vertical ones at the
        // computed lengths (up to the largest length asked); the time charts on a token log axis in ms
        Chart kv = far.charts().stream().filter(c -> c.id().equals("kv_memory")).findFirst().orElseThrow();
        assertThat(kv.logX()).isTrue();
        assertThat(kv.xUnit()).isEqualTo(Unit.TOKENS);
        assertThat(kv.yUnit()).isEqualTo(Unit.BYTES);
        long none = ((Number) far.metric("kv_exceeds_hbm_at").value()).longValue();
        long oneFar = ((Number) far.metric("concurrency_one_at").value()).longValue();
        assertThat(kv.markers()).containsExactly(
                Chart.Marker.x(oneFar, "concurrency 1 at " + ProjectionResult.approxTokens(oneFar)),
                Chart.Marker.x(none, "KV > HBM at " + ProjectionResult.approxTokens(none)),
                Chart.Marker.y(budget, "HBM left for KV: " + UnitFormat.bytes(budget)));
        Chart decode = far.charts().stream().filter(c -> c.id().equals("decode_time")).findFirst().orElseThrow();
        assertThat(decode.kind()).isEqualTo(Chart.Kind.STACKED_AREA);
        assertThat(decode.yUnit()).isEqualTo(Unit.MS);
        assertThat(decode.series().get(0).x()).containsExactly(262144, 1048576);
        // crossings below the lengths asked are drawn too (the axis widens): decode doubles near 16K
        long doublesFar = ((Number) far.metric("decode_doubles_at").value()).longValue();
        assertThat(decode.markers()).contains(Chart.Marker.x(doublesFar, "step time ×2 at "
                + ProjectionResult.approxTokens(doublesFar)));
    }

    @Test
    void contextListsAcceptSuffixesAndRejectNonsense() {
        assertThat(LongContextProjectionAnalysis.targets("32k, 1m,131072", 2048, 0))
                .containsExactly(32768, 131072, 1048576);
        assertThat(LongContextProjectionAnalysis.targets("", 3000, 20000)).containsExactly(3000, 4096, 8192, 16384,
                20000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LongContextProjectionAnalysis.targets("12x", 1, 1))
                .hasMessageContaining("parameter context");
    }

    @Test
    void aTraceWithoutShapesIsNotApplicable(@TempDir Path tmp) {
        TraceSet set = TraceSet.single(TraceFiles.load(tmp, "{\"traceEvents\": [{\"ph\": \"X\", \"cat\": \"kernel\", "
                + "\"name\": \"k\", \"pid\": 0, \"tid\": 7, \"ts\": 1, \"dur\": 2, \"args\": {\"correlation\": 5}}]}"));
        Result r = new LongContextProjectionAnalysis().run(set, ParameterValues.defaults(), Progress.none());
        assertThat(r.applies()).isFalse();
        assertThat(r.applicability().reason()).contains("record_shapes=True");
    }

    private static String roleOf(Table t, String phase, String op) {
        for (int i = 0; i < t.rows().size(); i++) {
            if (t.value(i, "phase").equals(phase) && t.value(i, "operator").equals(op)) {
                return (String) t.value(i, "role");
            }
        }
        throw new AssertionError(op + " not in " + phase);
    }

    private static Metric metric(Result r, String key) {
        return r.metric(key);
    }
}
