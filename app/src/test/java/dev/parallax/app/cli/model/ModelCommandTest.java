package dev.parallax.app.cli.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.app.cli.ParallaxCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/** Runs {@code parallax model ...} in-process and reads its JSON. */
class ModelCommandTest {
    private record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new ParallaxCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsCatalogIds() throws Exception {
        Run r = run("model", "list", "--json");
        assertThat(r.code()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("hardware").findValuesAsText("id")).contains("a100-80gb-sxm", "h100-sxm", "mi300x");
        assertThat(j.get("models").findValuesAsText("id")).contains("yi-34b-200k", "llama-2-70b", "gpt3-175b");
    }

    @Test
    void longContextReproducesThePaperExample() throws Exception {
        // Yao Fu 2024: Yi-34B (34B nominal) at 50K on an A100 80GB: 1 concurrent user, 9.8 s for 250 decode tokens
        Run r = run("model", "longctx", "--model", "yi-34b-200k", "--hardware", "a100-80gb-sxm", "--context", "50000",
                "--parameters", "34e9", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("kv_bytes_per_token").asDouble()).isEqualTo(245_760.0);
        assertThat(j.get("kv_bytes").asDouble()).isEqualTo(245_760.0 * 50_000);
        assertThat(j.get("weights_bytes").asDouble()).isEqualTo(68e9);
        assertThat(j.get("max_concurrency").asLong()).isEqualTo(1);
        assertThat(250 * j.get("decode_seconds_per_token").asDouble()).isCloseTo(9.8, withinPercentage(1));
        assertThat(j.get("prefill_seconds").asDouble()).isPositive();
        assertThat(j.get("context_switch_seconds").asDouble()).isCloseTo(245_760.0 * 50_000 / 32e9, withinPercentage(1e-9));
    }

    @Test
    void longContextSweepAndTensorParallel() throws Exception {
        Run r = run("model", "longctx", "--model", "llama-3.1-70b", "--hardware", "h100-sxm", "--gpus", "8",
                "--context", "32768", "--batch", "4", "--sweep", "6", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode sweep = r.json().get("sweep");
        assertThat(sweep).hasSize(6);
        assertThat(sweep.get(5).get("context").asLong()).isEqualTo(131_072);
        assertThat(sweep.get(5).get("kv_bytes").asDouble()).isGreaterThan(sweep.get(0).get("kv_bytes").asDouble());
        assertThat(r.json().get("assumptions").get("tensor_parallel").asInt()).isEqualTo(8);
    }

    @Test
    void rooflineListsOperatorsAndTotals() throws Exception {
        Run r = run("model", "roofline", "--model", "llama-2-7b", "--hardware", "a100-80gb-sxm", "--context", "1024",
                "--batch", "1", "--phase", "decode", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("ridge_point").asDouble()).isCloseTo(312e12 / 2039e9, within(1e-6));
        assertThat(j.get("operators").findValuesAsText("name")).contains("q_proj", "attention", "down_proj", "lm_head");
        assertThat(j.get("operators").findValuesAsText("bound")).containsOnly("memory");
        assertThat(j.get("totals").get("arithmetic_intensity").asDouble()).isCloseTo(1.0, within(0.05));
        Run prefill = run("model", "roofline", "--model", "llama-2-7b", "--hardware", "a100-80gb-sxm", "--context", "4096",
                "--batch", "1", "--phase", "prefill", "--json");
        assertThat(prefill.json().get("totals").get("memory_bound_time_fraction").asDouble()).isLessThan(0.05);
    }

    @Test
    void mfuUsesMegatronAndPalmConventions() throws Exception {
        Run r = run("model", "mfu", "--model", "gpt3-175b", "--hardware", "a100-80gb-sxm", "--gpus", "1024",
                "--batch", "1536", "--seq", "2048", "--iteration-seconds", "20", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        double f = 96.0 * 1536 * 2048 * 96 * 12288.0 * 12288 * (1 + 2048 / (6.0 * 12288) + 50257 / (16.0 * 96 * 12288));
        assertThat(j.get("flops_per_iteration").asDouble()).isCloseTo(f, withinPercentage(1e-9));
        assertThat(j.get("mfu").asDouble()).isBetween(0.4, 0.7);
        assertThat(j.get("hfu").asDouble()).isGreaterThan(j.get("mfu").asDouble());
    }

    @Test
    void pipelineReportsBubbles() throws Exception {
        Run r = run("model", "pipeline", "--schedule", "1f1b", "--stages", "4", "--microbatches", "8", "--tf", "1",
                "--tb", "1", "--tw", "1", "--json", "--ops");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("bubble_time").asDouble()).isEqualTo(9.0);
        assertThat(j.get("bubble_fraction").asDouble()).isCloseTo(3.0 / 11, within(1e-12));
        assertThat(j.get("makespan").asDouble()).isEqualTo(33.0);
        assertThat(j.get("ops")).hasSize(4 * 8 * 2);
        Run zb = run("model", "pipeline", "--schedule", "zb-h2", "--stages", "4", "--microbatches", "8", "--json");
        assertThat(zb.json().get("bubble_time").asDouble()).isZero();
        Run uneven = run("model", "pipeline", "--schedule", "zb-h1", "--stages", "2", "--microbatches", "4",
                "--tf", "1,1.5", "--json");
        assertThat(uneven.code()).as(uneven.err()).isZero();
        assertThat(uneven.json().get("closed_form_bubble_time").isNull()).isTrue();
    }

    @Test
    void collectiveTime() throws Exception {
        Run r = run("model", "collective", "--op", "allreduce", "--ranks", "8", "--bytes", "1e9", "--bandwidth", "100", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("seconds").asDouble()).isCloseTo(0.0175, within(1e-12));
        assertThat(r.json().get("bus_bandwidth").asDouble()).isCloseTo(100e9, withinPercentage(1e-9));
        Run gib = run("model", "collective", "--op", "allgather", "--ranks", "4", "--bytes", "1GiB", "--bandwidth", "50", "--json");
        assertThat(gib.json().get("bytes").asDouble()).isEqualTo(1024.0 * 1024 * 1024);
    }

    @Test
    void exitCodesAndMessages(@TempDir Path dir) throws Exception {
        Run unknown = run("model", "longctx", "--model", "no-such", "--hardware", "h100-sxm");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown model 'no-such'");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{ \"models\": [ {\"id\": \"x\"} ] }");
        Run unreadable = run("model", "list", "--catalog", bad.toString());
        assertThat(unreadable.code()).isEqualTo(3);
        assertThat(unreadable.err()).contains("bad.json").contains("models[0]");
        Run missingOption = run("model", "pipeline", "--stages", "4");
        assertThat(missingOption.code()).isEqualTo(2);
    }

    @Test
    void userCatalogAndConfigJson(@TempDir Path dir) throws Exception {
        Path cfg = Files.createDirectories(dir.resolve("tiny")).resolve("config.json");
        Files.writeString(cfg, "{\"model_type\":\"llama\",\"num_hidden_layers\":2,\"hidden_size\":128,"
                + "\"num_attention_heads\":4,\"num_key_value_heads\":2,\"intermediate_size\":256,\"vocab_size\":100}");
        Run r = run("model", "longctx", "--model", cfg.toString(), "--hardware", "l40s", "--context", "1000", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("kv_bytes_per_token").asDouble()).isEqualTo(2.0 * 2 * 2 * 32 * 2);
        Run listed = run("model", "list", "--json", "--catalog", cfg.toString());
        assertThat(listed.json().get("models").findValuesAsText("id")).contains("tiny");
    }
}
