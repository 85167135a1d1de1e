package dev.parallax.serving;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Steps found in real SGLang and vLLM inference traces (AMD-AGI/TraceLens test traces, MI300X). */
class InferenceTracesTest {
    private static final String ROOT = "AMD-AGI--TraceLens/tests/traces/";

    static Trace load(String relative) throws Exception {
        String shared = System.getProperty("parallax.shared.traces");
        assumeTrue(shared != null && Files.isDirectory(Path.of(shared)),
                "real traces not available (system property parallax.shared.traces points nowhere): skipped");
        Path f = Path.of(shared, ROOT + relative);
        assumeTrue(Files.isRegularFile(f), "real trace " + f + " is absent: skipped");
        return TraceLoader.discover().load(f, Progress.none());
    }

    @Test
    void sglangDecodeStepIsOneBatchOf32WithItsGraphKernels() throws Exception {
        List<InferenceStep> steps = InferenceSteps.find(load("inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz"), 0);
        assertThat(steps).hasSize(1);
        InferenceStep s = steps.get(0);
        assertThat(s.name()).isEqualTo("step[DECODE bs=32]");
        assertThat(s.phase()).isEqualTo(StepPhase.DECODE);
        assertThat(s.annotation().decodeRequests()).isEqualTo(32);
        assertThat(s.annotation().decodeContextTokens()).isEqualTo(32785);
        assertThat(s.kernels()).isGreaterThan(500);
        assertThat(s.gpuStart()).isGreaterThanOrEqualTo(s.cpuStart());
        assertThat(s.durationNs()).isPositive();
    }

    @Test
    void sglangPrefillStepTakesItsBatchFromTheAnnotations() throws Exception {
        List<InferenceStep> steps = InferenceSteps.find(
                load("inference/sglang_prefilldecode/sglang_Qwen3-8B_prefilldecode.json.gz"), 0);
        assertThat(steps).hasSize(1);
        InferenceStep s = steps.get(0);
        assertThat(s.phase()).isEqualTo(StepPhase.PREFILL);
        assertThat(s.annotation().prefillRequests()).isEqualTo(15);
        assertThat(s.annotation().prefillTokens()).isEqualTo(15360);
        assertThat(s.kernels()).isPositive();
    }

    @Test
    void vllmDecodeAndMixedStepsAreFoundWithTheirGpuWork() throws Exception {
        List<InferenceStep> decode = InferenceSteps.find(load("inference/vllm_decode_full/graph_execution.json.gz"), 0);
        assertThat(decode).singleElement().satisfies(s -> {
            assertThat(s.phase()).isEqualTo(StepPhase.DECODE);
            assertThat(s.annotation().decodeRequests()).isEqualTo(32);
            assertThat(s.annotation().decodeContextTokens()).isEqualTo(55086);
            assertThat(s.kernels()).isGreaterThan(400);
        });
        List<InferenceStep> mixed = InferenceSteps.find(
                load("inference/vllm_prefilldecode_piecewise/graph_execution.json.gz"), 0);
        assertThat(mixed).singleElement().satisfies(s -> {
            assertThat(s.phase()).isEqualTo(StepPhase.MIXED);
            assertThat(s.annotation().prefillRequests()).isEqualTo(9);
            assertThat(s.annotation().decodeRequests()).isEqualTo(37);
            assertThat(s.kernels()).isPositive();
        });
    }

    @Test
    void profilerStepTakesItsPhaseFromAttentionKernels() throws Exception {
        List<InferenceStep> steps = InferenceSteps.find(load("mi300/Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz"), 0);
        assertThat(steps).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("ProfilerStep#6");
            assertThat(s.phase()).isEqualTo(StepPhase.PREFILL);
        });
    }

    @Test
    void analysisSetsStepsAgainstTheirBoundsWithoutErrors() throws Exception {
        Trace t = load("inference/vllm_decode_full/graph_execution.json.gz");
        assertThat(t.diagnostics().hasErrors()).isFalse();
        ParameterValues p = ParameterValues.parse(new KvCacheAnalysis().parameters(),
                Map.of("model", "qwen2.5-7b", "hardware", "mi300x"));
        Result r = new KvCacheAnalysis().run(TraceSet.single(t), p, Progress.none());
        assertThat(r.metrics()).containsEntry("decode_steps", 1L).containsEntry("steps", 1L);
        Object ratio = r.table("steps").value(0, "bound_ratio");
        assertThat(ratio).isInstanceOf(Double.class);
        // a measured step cannot beat its theoretical bound
        assertThat((Double) ratio).isGreaterThan(1.0);
    }
}
