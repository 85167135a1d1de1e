package dev.parallax.analysis.gpu;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.ResultJson;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every GPU analysis runs on the other shared traces and produces results without NaN or errors. */
class RealTracesSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "hta/nccl_parser_config/nccl_data.json.gz",
            "hta/amd_trace/mi250_minitoy_train_ROCm6_2_kineto.json.gz",
            "hta/mtia_inference_trace/mtia_inference_rank_0.json.gz",
            "hta/cpu_only/rank-34.Jul_15_10_52_41.1074.pt.trace.json.gz",
            "hta/with_gpu_user_annotation/step_based_trace_2543932.json.gz",
            "hta/critical_path/cuda_event_sync_multi_stream/event_sync_trace.json.gz",
            "hta/triton_example/triton_example.json.gz",
            "AMD-AGI--TraceLens/tests/traces/inference/sglang_decode/sglang_Qwen3-8B_decode.json.gz",
            "facebookresearch--param/et_replay/tests/inputs/resnet_kineto.json.gz"})
    void allFourAnalysesProduceResults(String relative) throws IOException {
        TraceSet set = RealTraces.set(RealTraces.folder(relative));
        ProfileCache cache = new ProfileCache();
        for (String preset : List.of("parallax", "hta")) {
            for (String id : List.of("breakdown", "idle", "kernels", "overlap")) {
                Analysis a = Analyses.discover().byId(id).orElseThrow();
                ParameterValues p = ParameterValues.parse(a.parameters(), java.util.Map.of("preset", preset));
                Result r = ((GpuAnalysis) a).run(set, p, Progress.none(), cache);
                if (relative.contains("cpu_only")) {
                    // no device events at all: the analysis does not apply, and says why
                    assertThat(r.applies()).isFalse();
                    assertThat(r.applicability().reason()).startsWith("no GPU kernels");
                    continue;
                }
                assertThat(r.tables()).isNotEmpty();
                StringWriter w = new StringWriter();
                try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                    ResultJson.write(r, g);
                }
                assertThat(w.toString()).doesNotContain("NaN").doesNotContain("Infinity");
            }
        }
    }
}
