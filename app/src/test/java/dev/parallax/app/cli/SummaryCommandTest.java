package dev.parallax.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new ParallaxCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path kinetoTrace() throws IOException {
        Path f = dir.resolve("rank-3.pt.trace.json");
        Files.writeString(f, "{\"distributedInfo\":{\"rank\":1,\"world_size\":2,\"backend\":\"nccl\"},"
                + "\"baseTimeNanoseconds\":1000000000,\"traceEvents\":["
                + "{\"ph\":\"X\",\"cat\":\"cpu_op\",\"name\":\"aten::mm\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":10},"
                + "{\"ph\":\"X\",\"cat\":\"cuda_runtime\",\"name\":\"cudaLaunchKernel\",\"pid\":1,\"tid\":1,\"ts\":2,\"dur\":3},"
                + "{\"ph\":\"s\",\"cat\":\"ac2g\",\"id\":5,\"pid\":1,\"tid\":1,\"ts\":2},"
                + "{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"gemm\",\"pid\":0,\"tid\":7,\"ts\":6,\"dur\":20,"
                + "\"args\":{\"device\":0,\"stream\":7}},"
                + "{\"ph\":\"X\",\"cat\":\"kernel\",\"name\":\"ncclDevKernel_AllReduce\",\"pid\":0,\"tid\":7,\"ts\":30,\"dur\":5},"
                + "{\"ph\":\"f\",\"cat\":\"ac2g\",\"id\":5,\"pid\":0,\"tid\":7,\"ts\":6,\"bp\":\"e\"},"
                + "{\"ph\":\"X\",\"cat\":\"gpu_memcpy\",\"name\":\"Memcpy HtoD\",\"pid\":0,\"tid\":7,\"ts\":40,\"dur\":1}"
                + "]}");
        return f;
    }

    @Test
    void printsASummaryPerFile() throws IOException {
        Path f = kinetoTrace();
        assertThat(run("summary", f.toString())).isZero();
        String text = out.toString();
        assertThat(text).contains(f.toString()).contains("format       kineto")
                .contains("rank         1 (from distributedInfo.rank), world size 2, backend nccl")
                .contains("time span    41.000 µs").contains("events       X 5, f 1, s 1")
                .contains("1 CPU threads, 1 GPU streams, 0 counters, 0 async")
                .contains("flows        1").contains("diagnostics  none").contains("MB/s");
        assertThat(text.indexOf("gemm")).isLessThan(text.indexOf("ncclDevKernel_AllReduce"));
        assertThat(text).doesNotContain("Memcpy HtoD");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void printsJsonWithSnakeCaseKeys() throws IOException {
        Path f = kinetoTrace();
        assertThat(run("summary", "--json", f.toString())).isZero();
        JsonNode root = new ObjectMapper().readTree(out.toString());
        JsonNode file = root.get("files").get(0);
        assertThat(file.get("rank").asInt()).isEqualTo(1);
        assertThat(file.get("rank_source").asText()).isEqualTo("distributed_info");
        assertThat(file.get("span_ns").asLong()).isEqualTo(41_000);
        assertThat(file.get("start_ns").asLong()).isEqualTo(1_000_000_000L);
        assertThat(file.get("events_by_phase").get("X").asInt()).isEqualTo(5);
        assertThat(file.get("tracks").get("gpu_streams").asInt()).isEqualTo(1);
        assertThat(file.get("top_kernels").get(0).get("name").asText()).isEqualTo("gemm");
        assertThat(file.get("top_kernels").get(0).get("total_ns").asLong()).isEqualTo(20_000);
        assertThat(file.get("top_kernels")).hasSize(2);
        assertThat(file.get("gpu_streams").get(0).get("busy_ns").asLong()).isEqualTo(26_000);
        assertThat(file.get("flows").asInt()).isEqualTo(1);
        assertThat(file.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void exitsWith3NamingTheFileWhenAnInputCannotBeRead() throws IOException {
        Path missing = dir.resolve("missing.json");
        assertThat(run("summary", missing.toString())).isEqualTo(3);
        assertThat(err.toString()).contains(missing.toString()).contains("no such file");
        Path good = kinetoTrace();
        Path bad = Files.write(dir.resolve("notes.bin"), new byte[] {0, 1, 2});
        assertThat(run("summary", good.toString(), bad.toString())).isEqualTo(3);
        assertThat(out.toString()).contains(good.toString());
        assertThat(err.toString()).contains(bad.toString()).contains("no importer reads this file");
    }

    @Test
    void exitsWith2OnUsageErrors() {
        assertThat(run("summary")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required parameter");
        assertThat(run("summary", "--bogus", "x")).isEqualTo(2);
        assertThat(run("bench")).isEqualTo(2);
        assertThat(run("bench", "import", "--repeat", "0", "x")).isEqualTo(2);
    }

    @Test
    void reportsTruncatedFiles() throws IOException {
        String full = Files.readString(kinetoTrace());
        Path cut = Files.writeString(dir.resolve("crashed.json.tmp"), full.substring(0, full.length() - 40));
        assertThat(run("summary", cut.toString())).isZero();
        assertThat(out.toString()).contains("WARNING at byte").contains("lost");
    }

    @Test
    void benchImportReportsThroughputAndHeap() throws IOException {
        Path f = kinetoTrace();
        assertThat(run("bench", "import", "--repeat", "1", f.toString(), f.toString())).isZero();
        assertThat(out.toString()).contains("MB/s").contains("events/s").contains("bytes/event")
                .contains("2 files").contains("speed-up");
    }
}
