package dev.parallax.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.parallax.gpu.trace.TraceFiles.cat;
import static dev.parallax.gpu.trace.TraceFiles.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces the injection library wrote on an NVIDIA H200 (driver 580.159.04, CUDA 13.0) when
 * src/test/gpu/check-on-gpu.sh ran cuda_smoke.cu (30 iterations x 2 kernels) and torch_smoke.py
 * (20 NVTX ranges around matmul + relu); each sits beside the JSON line its program printed.
 */
class CapturedGpuTraceTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = CapturedGpuTraceTest.class.getResourceAsStream("/dev/parallax/gpu/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void flowsPairEveryGpuActivity(List<JsonNode> ev) {
        Map<Long, JsonNode> starts = ev.stream().filter(cat("s", "ac2g"))
                .collect(Collectors.toMap(e -> e.path("id").asLong(), Function.identity()));
        List<JsonNode> ends = ev.stream().filter(cat("f", "ac2g")).toList();
        assertThat(ends).hasSameSizeAs(starts.values());
        for (JsonNode f : ends) {
            assertThat(f.path("bp").asText()).isEqualTo("e");
            JsonNode s = starts.get(f.path("id").asLong());
            assertThat(s).as("flow start of %s", f).isNotNull();
            assertThat(s.path("ts").asDouble()).as("launch precedes the GPU work").isLessThanOrEqualTo(f.path("ts").asDouble());
        }
        Set<Long> flowIds = starts.keySet();
        ev.stream().filter(cat("X", "kernel"))
                .forEach(k -> assertThat(flowIds).contains(k.path("args").path("correlation").asLong()));
    }

    @Test
    void cudaSmokeTraceMatchesWhatTheProgramDid() throws IOException {
        List<JsonNode> ev = TraceFiles.strict(resource("h200-cuda-smoke.trace.json"));
        JsonNode prog = TraceFiles.JSON.readTree(resource("h200-cuda-smoke.program.json"));
        assertThat(count(ev, cat("X", "kernel"))).isEqualTo(prog.path("kernels").asLong()).isEqualTo(60);
        assertThat(count(ev, cat("X", "gpu_memcpy"))).isEqualTo(2);
        assertThat(count(ev, cat("X", "gpu_memset"))).isEqualTo(1);
        assertThat(ev.stream().filter(cat("X", "kernel")).map(e -> e.path("name").asText()).distinct())
                .containsExactlyInAnyOrder("scale(float*, int, float)", "saxpy_loop(float*, float const*, int, int)");
        assertThat(ev.stream().filter(cat("X", "cuda_runtime")).filter(e -> "cudaLaunchKernel".equals(e.path("name").asText())))
                .hasSize(60);
        assertThat(ev.stream().filter(cat("X", "gpu_memcpy")).map(e -> e.path("name").asText()))
                .containsExactlyInAnyOrder("Memcpy HtoD (Pageable -> Device)", "Memcpy DtoH (Device -> Pageable)");
        flowsPairEveryGpuActivity(ev);

        long base = ev.get(0).path("args").path("baseTimeNanoseconds").asLong();
        long start = prog.path("start_ns").asLong(), end = prog.path("end_ns").asLong();
        ev.stream().filter(e -> "X".equals(e.path("ph").asText()) && e.path("pid").asInt() < 16).forEach(e -> {
            long t0 = base + Math.round(e.path("ts").asDouble() * 1000);
            long t1 = t0 + Math.round(e.path("dur").asDouble() * 1000);
            assertThat(t0).as("GPU event inside the run's wall-clock window").isBetween(start, end);
            assertThat(t1).isBetween(start, end);
        });
    }

    @Test
    void torchTraceHasNvtxRangesAroundTheLaunches() throws IOException {
        List<JsonNode> ev = TraceFiles.strict(resource("h200-torch-smoke.trace.json"));
        List<JsonNode> ranges = ev.stream().filter(cat("X", "user_annotation")).toList();
        assertThat(ranges).hasSize(20);
        assertThat(ranges.stream().map(r -> r.path("name").asText())).contains("step 0", "step 19");
        assertThat(count(ev, cat("X", "kernel"))).isGreaterThanOrEqualTo(40);
        flowsPairEveryGpuActivity(ev);
        // every launch of step i happens inside its NVTX range on the same thread
        JsonNode step3 = ranges.stream().filter(r -> "step 3".equals(r.path("name").asText())).findFirst().orElseThrow();
        double a = step3.path("ts").asDouble(), b = a + step3.path("dur").asDouble();
        assertThat(ev.stream().filter(cat("X", "cuda_runtime"))
                .filter(e -> e.path("name").asText().startsWith("cudaLaunchKernel"))
                .filter(e -> e.path("ts").asDouble() >= a && e.path("ts").asDouble() <= b)
                .filter(e -> e.path("tid").asLong() == step3.path("tid").asLong())).isNotEmpty();
        JsonNode summary = ev.get(ev.size() - 1);
        assertThat(summary.path("args").path("dropped_records").asInt()).isZero();
        assertThat(summary.path("args").path("unclosed_ranges").asInt()).isZero();
    }
}
