package dev.parallax.gpu.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.gpu.NativeTestSupport;
import dev.parallax.gpu.nativelib.NativeLibraries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.parallax.gpu.trace.TraceFiles.cat;
import static dev.parallax.gpu.trace.TraceFiles.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The injection library driven the way the CUDA driver drives it (inject_host: dlopen,
 * InitializeInjection, launches) against the fake CUPTI's synthetic records.
 */
class InjectionLibraryTest {
    private static Path injection;
    @TempDir
    Path dir;

    @BeforeAll
    static void find() {
        NativeTestSupport.injectHost();
        injection = NativeLibraries.extract(NativeLibraries.CUPTI_INJECTION).orElse(null);
        assumeTrue(injection != null, "injection library not in this build; skipped");
    }

    private Path run(int launches, String end, int sleepMs, Map<String, String> env) throws Exception {
        Path trace = dir.resolve("trace-%p.json");
        ProcessBuilder pb = new ProcessBuilder(NativeTestSupport.injectHost().toString(), injection.toString(),
                Integer.toString(launches), end, Integer.toString(sleepMs));
        pb.environment().put("PARALLAX_TRACE_FILE", trace.toString());
        pb.environment().put("PARALLAX_CUPTI_PATH", NativeTestSupport.fakeCupti().toString());
        pb.environment().put("PARALLAX_FLUSH_MS", "50");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (end.equals("kill")) {
            assertThat(code).isEqualTo(137);
        } else {
            assertThat(code).as(out).isZero();
        }
        assertThat(out).contains("InitializeInjection returned 1");
        try (var files = Files.list(dir)) {
            List<Path> found = files.filter(f -> f.getFileName().toString().startsWith("trace-")).toList();
            assertThat(found).as("one trace file named with the pid").hasSize(1);
            assertThat(found.get(0).getFileName().toString()).matches("trace-\\d+\\.json");
            return found.get(0);
        }
    }

    @Test
    void writesKinetoStyleEventsWithFlows() throws Exception {
        int n = 10;
        List<JsonNode> ev = TraceFiles.strict(run(n, "exit", 0, Map.of()));
        assertThat(ev.get(0).path("name").asText()).isEqualTo("trace_clock_base");
        long base = ev.get(0).path("args").path("baseTimeNanoseconds").asLong();
        assertThat(base).isCloseTo(System.currentTimeMillis() * 1_000_000L, org.assertj.core.data.Offset.offset(60_000_000_000L));

        List<JsonNode> kernels = ev.stream().filter(cat("X", "kernel")).toList();
        assertThat(kernels).hasSize(n);
        JsonNode k = kernels.get(0);
        assertThat(k.path("name").asText()).isEqualTo("fake_add_kernel");
        assertThat(k.path("pid").asInt()).isZero();
        assertThat(k.path("tid").asInt()).isEqualTo(7);
        assertThat(k.path("dur").asDouble()).isEqualTo(10.0);
        assertThat(k.path("args").path("grid").toString()).isEqualTo("[128,1,1]");
        assertThat(k.path("args").path("block").toString()).isEqualTo("[256,1,1]");
        assertThat(k.path("args").path("registers per thread").asInt()).isEqualTo(32);
        assertThat(k.path("args").path("shared memory").asInt()).isEqualTo(1024);
        assertThat(k.path("args").path("stream").asInt()).isEqualTo(7);

        assertThat(count(ev, cat("X", "gpu_memcpy"))).isEqualTo(5);   // i even
        assertThat(count(ev, cat("X", "gpu_memset"))).isEqualTo(2);   // i % 5 == 0
        JsonNode copy = ev.stream().filter(cat("X", "gpu_memcpy")).findFirst().orElseThrow();
        assertThat(copy.path("name").asText()).isEqualTo("Memcpy HtoD (Pageable -> Device)");
        assertThat(copy.path("args").path("bytes").asLong()).isEqualTo(1 << 20);

        List<JsonNode> runtime = ev.stream().filter(cat("X", "cuda_runtime")).toList();
        assertThat(runtime).extracting(e -> e.path("name").asText()).contains("cudaLaunchKernel", "cudaMemcpy", "cudaMemset");
        assertThat(runtime).hasSize(n + 5 + 2);

        List<JsonNode> ranges = ev.stream().filter(cat("X", "user_annotation")).toList();
        assertThat(ranges).extracting(e -> e.path("name").asText()).contains("step 0", "step 9").hasSize(n);

        // one s/f flow pair per GPU activity, f bound to the enclosing slice, ids = correlation ids
        List<JsonNode> s = ev.stream().filter(cat("s", "ac2g")).toList();
        List<JsonNode> f = ev.stream().filter(cat("f", "ac2g")).toList();
        assertThat(f).hasSize(n + 5 + 2).allSatisfy(e -> assertThat(e.path("bp").asText()).isEqualTo("e"));
        Set<Long> sIds = s.stream().map(e -> e.path("id").asLong()).collect(Collectors.toSet());
        Set<Long> kernelCorr = kernels.stream().map(e -> e.path("args").path("correlation").asLong()).collect(Collectors.toSet());
        assertThat(sIds).hasSize(f.size()).containsAll(kernelCorr);
        JsonNode f0 = f.stream().filter(e -> e.path("id").asLong() == k.path("args").path("correlation").asLong()).findFirst().orElseThrow();
        assertThat(f0.path("ts").asDouble()).isEqualTo(k.path("ts").asDouble());

        JsonNode summary = ev.get(ev.size() - 1);
        assertThat(summary.path("name").asText()).isEqualTo("parallax_trace_summary");
        assertThat(summary.path("args").path("kernels").asInt()).isEqualTo(n);
        assertThat(count(ev, e -> "process_name".equals(e.path("name").asText()) && e.path("pid").asInt() == 0)).isEqualTo(1);
    }

    @Test
    void timestampsAreMicrosecondsWithThreeDecimalsRelativeToTheBase() throws Exception {
        Path trace = run(3, "exit", 0, Map.of("PARALLAX_TRACE_BASE_NS", "1000"));
        String text = Files.readString(trace);
        Pattern ts = Pattern.compile("\"(ts|dur)\":(-?\\d+(\\.\\d+)?)");
        var m = ts.matcher(text);
        int seen = 0;
        while (m.find()) {
            if (!m.group(2).equals("0")) { // the clock-base event has ts 0
                assertThat(m.group(2)).matches("-?\\d+\\.\\d{3}");
            }
            seen++;
        }
        assertThat(seen).isGreaterThan(10);
        JsonNode k = TraceFiles.strict(trace).stream().filter(cat("X", "kernel")).findFirst().orElseThrow();
        // base 1000 ns: ts is (nearly) the absolute epoch time in µs
        assertThat(k.path("ts").asDouble() / 1e6).isCloseTo(System.currentTimeMillis() / 1e3, org.assertj.core.data.Offset.offset(120.0));
    }

    @Test
    void aKilledProcessLeavesWholeEventLines() throws Exception {
        Path trace = run(8, "kill", 400, Map.of());
        String text = Files.readString(trace).strip();
        assertThat(text).startsWith("[").doesNotEndWith("]");
        List<JsonNode> ev = TraceFiles.lines(trace); // throws if a line were cut
        assertThat(count(ev, cat("X", "kernel"))).as("flushed periodically before the kill").isEqualTo(8);
        assertThat(ev).noneMatch(e -> "parallax_trace_summary".equals(e.path("name").asText()));
        // what Chrome's loader accepts for an unfinished array: add the bracket
        assertThat(TraceFiles.strict(text + "]")).hasSize(ev.size());
    }

    @Test
    void aForkedChildLeavesTheParentsTraceAlone() throws Exception {
        List<JsonNode> ev = TraceFiles.strict(run(4, "fork", 0, Map.of()));
        assertThat(ev).filteredOn(e -> "parallax_trace_summary".equals(e.path("name").asText())).hasSize(1)
                .allSatisfy(e -> assertThat(e.path("args").path("kernels").asInt()).isEqualTo(4));
        assertThat(count(ev, cat("X", "kernel"))).isEqualTo(4);
    }

    @Test
    void withoutADriverTheTraceIsValidAndEmptyWithADiagnostic() throws Exception {
        List<JsonNode> ev = TraceFiles.strict(run(5, "exit", 0, Map.of("FAKE_CUPTI_MODE", "no_driver")));
        assertThat(count(ev, e -> "X".equals(e.path("ph").asText()))).isZero();
        assertThat(ev).filteredOn(e -> "parallax_diagnostic".equals(e.path("name").asText()))
                .extracting(e -> e.path("args").path("message").asText())
                .contains("no CUPTI activity kind could be enabled (no driver or GPU?); the trace stays empty")
                .anySatisfy(m -> assertThat(m).contains("CUPTI_ERROR_UNKNOWN (999)"));
    }

    @Test
    void withoutLibcuptiTheTraceSaysSo() throws Exception {
        List<JsonNode> ev = TraceFiles.strict(run(5, "exit", 0, Map.of("PARALLAX_CUPTI_PATH", "/nonexistent/libcupti.so")));
        assertThat(ev).filteredOn(e -> "parallax_diagnostic".equals(e.path("name").asText()))
                .extracting(e -> e.path("args").path("message").asText())
                .anySatisfy(m -> assertThat(m).startsWith("libcupti not found (tried /nonexistent/libcupti.so)"));
        assertThat(ev.get(ev.size() - 1).path("args").path("kernels").asInt()).isZero();
    }
}
