package dev.parallax.analysis.longctx;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.testing.TraceFiles;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The projection on TraceLens's SGLang Qwen3-8B prefill trace (MI300X, 15 sequences of 1024 tokens). */
class LongContextProjectionRealTraceTest {

    @Test
    void qwen3PrefillOnMi300x() {
        Path f = TraceFiles.sharedTraces().resolve(
                "AMD-AGI--TraceLens/tests/traces/inference/sglang_prefilldecode/sglang_Qwen3-8B_prefilldecode.json.gz");
        LongContextProjectionAnalysis a = new LongContextProjectionAnalysis();
        ParameterValues p = ParameterValues.parse(a.parameters(), Map.of("context", "1024,32768,131072"));
        Result r = a.run(TraceSet.single(TraceFiles.load(f)), p, Progress.none());
        assertThat(r.applies()).isTrue();
        // Qwen3-8B read back from the shapes: 36 layers, 32 query heads, 8 KV heads of 128
        assertThat(r.metric("hardware").value()).isEqualTo("mi300x");
        assertThat(r.metric("layers").value()).isEqualTo(36);
        assertThat(r.metric("query_heads").value()).isEqualTo(32);
        assertThat(r.metric("kv_heads").value()).isEqualTo(8);
        assertThat(r.metric("head_dim").value()).isEqualTo(128);
        // one EXTEND step of 15 sequences × 1024 tokens (15,360 tokens), prefill only
        assertThat(r.metric("measured_context").value()).isEqualTo(1024L);
        assertThat(r.metric("prefill_batch").value()).isEqualTo(15L);
        assertThat(r.metric("decode_batch")).isNull();
        // KV per token 2 · 36 · 8 · 128 · 2 bytes
        assertThat(((Number) r.metric("kv_bytes_per_token").value()).doubleValue()).isEqualTo(147_456.0);
        Table t = r.table("projection");
        double gemm0 = num(t, 0, "prefill_gemm_ms");
        double attention0 = num(t, 0, "prefill_attention_ms");
        assertThat(num(t, 0, "prefill_ms")).isCloseTo(492.76, within(0.01));
        // compute-bound GEMMs scale 32x to 32K (but for the LM head over the 15 last tokens); attention 32² x
        assertThat(num(t, 1, "prefill_attention_ms")).isCloseTo(attention0 * 1024, within(1e-6 * attention0 * 1024));
        assertThat(num(t, 1, "prefill_gemm_ms") / gemm0).isCloseTo(32.0, within(0.05));
        // attention overtakes the GEMMs where 20.08·x² = 420.3·x with x = T/1024: T ≈ 21.4K
        assertThat(((Number) r.metric("prefill_attention_overtakes_gemm_at").value()).longValue())
                .isBetween(21_300L, 21_600L);
        Table ops = r.table("operators");
        for (int i = 0; i < ops.rows().size(); i++) {
            assertThat(ops.value(i, "role")).isNotEqualTo(SequenceRole.UNCLASSIFIED.id());
            if (ops.value(i, "operator").equals("aiter::mha_batch_prefill")) {
                assertThat(ops.value(i, "role")).isEqualTo("attention-prefill");
            }
        }
        assertThat(r.findings()).anyMatch(x -> x.code().equals("attention-overtakes-gemm"));
        assertThat(r.findings()).noneMatch(x -> x.code().equals("model-differs-from-trace"));
        // Qwen2.5-7B is not what was traced: 28 layers and 4 KV heads against 36 and 8
        Result other = a.run(TraceSet.single(TraceFiles.load(f)), ParameterValues.parse(a.parameters(),
                Map.of("context", "32768", "model", "qwen2.5-7b")), Progress.none());
        assertThat(other.findings()).anyMatch(x -> x.code().equals("model-differs-from-trace"));
        assertThat(((Number) other.metric("kv_bytes_per_token").value()).doubleValue()).isEqualTo(57_344.0);
    }

    private static double num(Table t, int row, String key) {
        return ((Number) t.value(row, key)).doubleValue();
    }
}
