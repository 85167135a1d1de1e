package dev.parallax.app.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.app.cli.ParallaxCommand;
import dev.parallax.samples.BundledSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code parallax analyze PATH --analysis kvcache} on the bundled serving run, in-process. */
class AnalyzeKvCacheCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new ParallaxCommand()).execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void jsonOfTheSampleTraceCarriesTheGroundTruthAndTheModelBounds() throws Exception {
        BundledSamples.Sample sample = BundledSamples.get("serving-vllm-burst");
        Path folder = BundledSamples.extract(sample, dir);
        JsonNode expected = new ObjectMapper().readTree(folder.resolve(Path.of(sample.expectedFile()).getFileName()).toFile());
        Run r = run("analyze", folder.resolve("serving.trace.json.gz").toString(), "--analysis", "kvcache", "--json",
                "--param", "model=llama-3.1-70b", "--param", "hardware=h100-sxm", "--param", "tensor_parallel=4",
                "--param", "percentile_method=nearest_rank");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(r.out()).get("metrics");
        assertThat(m.get("peak_usage").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(m.get("seconds_above_95pct").asDouble())
                .isCloseTo(expected.get("seconds_above_95_percent").asDouble(), within(1e-5));
        assertThat(m.get("max_running").asLong()).isEqualTo(expected.get("max_running").asLong());
        assertThat(m.get("ttft_p90_seconds").asDouble()).isCloseTo(expected.get("ttft_ns").get("p90").asDouble() / 1e9,
                within(2e-6));
        assertThat(m.get("theoretical_max_concurrency").asLong()).isPositive();
        assertThat(m.get("decode_bound_ratio_p50").asDouble()).isGreaterThan(1.0);
    }

    @Test
    void textOfTheLogNamesTheSaturation() throws Exception {
        BundledSamples.Sample sample = BundledSamples.get("serving-vllm-burst");
        Path folder = BundledSamples.extract(sample, dir);
        Path log = folder.resolve("vllm-serve.log");
        Files.setLastModifiedTime(log, FileTime.from(Instant.parse("2026-11-26T10:00:00Z")));
        Run r = run("analyze", log.toString(), "--analysis", "kvcache");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Peak usage\\s+99\\.7 %").contains("(kv-saturated");
    }

    @Test
    void unknownParameterIsAUsageError() throws Exception {
        BundledSamples.Sample sample = BundledSamples.get("serving-vllm-burst");
        Path folder = BundledSamples.extract(sample, dir);
        Run r = run("analyze", folder.resolve("vllm-serve.log").toString(), "--analysis", "kvcache",
                "--param", "no_such=1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown parameter no_such");
    }
}
