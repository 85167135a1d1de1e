package dev.parallax.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analysis.Analyses;
import dev.parallax.samples.decoder.DecoderOptions;
import dev.parallax.samples.decoder.DecoderTraceGenerator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AnalyzeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        AnalyzeCommand cmd = new AnalyzeCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Analyses.discover());
        return new CommandLine(cmd).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path shared(String relative) {
        String root = System.getProperty("parallax.shared.traces");
        Assumptions.assumeTrue(root != null && Files.isDirectory(Path.of(root)), "shared traces absent: skipping");
        return Path.of(root).resolve(relative);
    }

    @Test
    void listsEveryRegisteredAnalysisWithItsParameters() {
        assertThat(run("--list")).isZero();
        assertThat(out()).contains("breakdown", "idle", "kernels", "overlap", "--param preset=parallax",
                "kernel_wait_threshold_us=30.0");
        // what each analysis needs, in words
        assertThat(out()).containsPattern("roofline  —  .*\\R.*\\R    needs: .*operator shapes")
                .containsPattern("kvcache  —  .*\\R.*\\R    needs: KV-cache or request data");
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("t.json"), "[]");
        assertThat(run(f.toString(), "--analysis", "nope")).isEqualTo(2);
        assertThat(err()).contains("unknown analysis 'nope'").contains("breakdown");
        assertThat(run(f.toString())).isEqualTo(2);
        assertThat(run("--analysis", "breakdown")).isEqualTo(2);
        assertThat(run(f.toString(), "--analysis", "idle", "--param", "kernel_wait_threshold_us=abc")).isEqualTo(2);
        assertThat(err()).contains("kernel_wait_threshold_us");
        assertThat(run(f.toString(), "--analysis", "idle", "--preset", "nvidia")).isEqualTo(2);
        assertThat(run(f.toString(), "-a", "idle", "-a", "overlap", "--param", "top_n=3")).isEqualTo(2);
        assertThat(err()).contains("no chosen analysis takes --param top_n");
    }

    @Test
    void unreadableInputsExitWithThree(@TempDir Path dir) {
        assertThat(run(dir.resolve("missing.json").toString(), "--analysis", "breakdown")).isEqualTo(3);
        assertThat(err()).contains("missing.json");
        assertThat(run(shared("hta/trace_filter").toString(), "--analysis", "breakdown", "--rules",
                dir.resolve("no-rules.json").toString())).isEqualTo(3);
        assertThat(err()).contains("no-rules.json");
    }

    @Test
    void printsHtaNumbersAsJsonWithOneObjectPerRank() throws IOException {
        Path dir = shared("hta/trace_filter");
        assertThat(run(dir.toString(), "--analysis", "breakdown", "--preset", "hta", "--json")).isZero();
        JsonNode root = new ObjectMapper().readTree(out());
        assertThat(root.get("analysis").asText()).isEqualTo("breakdown");
        JsonNode ranks = root.get("tables").get("ranks");
        assertThat(ranks).hasSize(2);
        assertThat(ranks.get(0).get("rank").asInt()).isZero();
        assertThat(ranks.get(0).get("idle_pct").asDouble()).isCloseTo(53.56, within(0.01));
        assertThat(ranks.get(1).get("compute_pct").asDouble()).isCloseTo(22.57, within(0.01));
        assertThat(ranks.get(0).get("span_us").asDouble()).isCloseTo(600058, within(1.0));
    }

    @Test
    void aRulesFileReplacesThePreset(@TempDir Path tmp) throws IOException {
        Path dir = shared("hta/trace_filter");
        Path rules = Files.writeString(tmp.resolve("rules.json"), """
                {"name": "no-comm", "rules": [
                  {"id": "copies", "scope": "gpu", "name": "^Memcpy|^Memset", "class": "memory"}]}""");
        assertThat(run(dir.toString(), "-a", "overlap", "-a", "breakdown", "--rules", rules.toString(), "--json"))
                .isZero();
        JsonNode results = new ObjectMapper().readTree(out());
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("tables").get("ranks").get(0).get("overlap_pct").isNull()).isTrue();
        assertThat(results.get(0).get("findings").toString()).contains("no communication kernels");
        // with NCCL counted as compute, rank 0's compute union grows beyond HTA's 106252 µs
        assertThat(results.get(1).get("tables").get("ranks").get(0).get("compute_pct").asDouble()).isGreaterThan(30);
    }

    @Test
    void printsTablesAndFindingsAsText() {
        Path dir = shared("hta/trace_filter");
        assertThat(run(dir.toString(), "--analysis", "overlap", "--analysis", "kernels", "--param", "top_n=3")).isZero();
        assertThat(out()).contains("== Communication/computation overlap (overlap) ==", "Overlap per rank",
                "send_recv", "== Kernel breakdown (kernels) ==", "(others:", "Findings");
    }

    @Test
    void longContextProjectionOfAGeneratedTraceAsJson(@TempDir Path dir) throws Exception {
        DecoderOptions o = new DecoderOptions();
        o.layers = 4;
        o.contexts = new int[]{4096};
        o.decodeSteps = 2;
        new DecoderTraceGenerator(o).generate(dir, "decoder");
        Path trace = dir.resolve(DecoderTraceGenerator.fileName(4096, false));
        assertThat(run(trace.toString(), "--analysis", "longctx-projection", "--param", "context=32k,131072",
                "--param", "model=llama-3.1-8b", "--json")).as(err()).isZero();
        JsonNode root = new ObjectMapper().readTree(out());
        String text = root.toString();
        assertThat(text).contains("longctx-projection", "decode_doubles_at", "kv_bytes_per_token",
                "\"model\"", "llama-3.1-8b");
        JsonNode result = root.has("results") ? root.get("results").get(0) : root;
        assertThat(result.toString()).contains("\"projection\"").contains("32768").contains("131072");

        out.reset();
        assertThat(run(trace.toString(), "--analysis", "longctx-projection", "--param", "context=12x")).isEqualTo(3);
        assertThat(err()).contains("parameter context: cannot use '12x'");
    }
}
