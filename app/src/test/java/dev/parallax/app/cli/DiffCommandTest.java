package dev.parallax.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code parallax diff}: text and JSON on HTA's trace_compare pair, usage errors and unreadable inputs. */
class DiffCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new DiffCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Path compare() {
        Path p = Path.of(System.getProperty("parallax.shared.traces", "../../shared/traces")).resolve("hta/trace_compare");
        assumeTrue(Files.isDirectory(p), "shared real traces not found at " + p + ": skipped");
        return p;
    }

    @Test
    void jsonOfHtaTraceComparePair() throws Exception {
        Path p = compare();
        Run r = run(p.resolve("base").toString(), p.resolve("test").toString(), "--steps", "1010", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.path("analysis").asText()).isEqualTo("diff");
        assertThat(j.path("metrics").path("step_time_a_us").asDouble()).isEqualTo(122149.0);
        assertThat(j.path("metrics").path("step_time_delta_us").asDouble()).isEqualTo(0.0);
        JsonNode kernel = null;
        for (JsonNode k : j.path("tables").path("kernels")) {
            if (k.path("name").asText().equals("at::native::vectorized_elementwise_kernel")) {
                kernel = k;
            }
        }
        assertThat(kernel).isNotNull();
        assertThat(kernel.path("total_us_a").asDouble()).isEqualTo(211.0);
        assertThat(kernel.path("total_us_b").asDouble()).isEqualTo(207.0);
        assertThat(kernel.path("delta_us").asDouble()).isEqualTo(-4.0);
        assertThat(j.path("tables").has("explain")).isTrue();
    }

    @Test
    void textOfTwoRanksOfOneFolderAndSameFileTwice() {
        Path p = compare();
        Run r = run(p.resolve("base").toString(), p.resolve("base").toString(), "--ranks", "1:1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("What explains the difference").contains("Step time is the same");
    }

    @Test
    void reportWithBaselineAddsTheComparison(@TempDir Path dir) throws Exception {
        Path p = compare();
        Path pdf = dir.resolve("r.pdf");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(p.resolve("test").toString(),
                "--baseline", p.resolve("base").toString(), "-o", pdf.toString(), "--analyses", "breakdown",
                "--sections", "summary,analyses");
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 analyses");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.toFile())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertThat(text).contains("Comparison of two runs").contains("What explains the difference")
                    .contains("All2All_Pooled_Req");
        }
        int missing = new CommandLine(new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(p.resolve("test").toString(),
                "--baseline", dir.resolve("absent").toString(), "-o", dir.resolve("x.pdf").toString());
        assertThat(missing).isEqualTo(3);
        assertThat(dir.resolve("x.pdf")).doesNotExist();
    }

    @Test
    void usageErrorsAndUnreadableInputs(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("t.json");
        Files.writeString(trace, "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"k\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":5}]}");
        assertThat(run(trace.toString()).code()).isEqualTo(2);
        Run badSteps = run(trace.toString(), trace.toString(), "--steps", "x");
        assertThat(badSteps.code()).isEqualTo(2);
        assertThat(badSteps.err()).contains("steps 'x'");
        Run badRank = run(trace.toString(), trace.toString(), "--ranks", "7");
        assertThat(badRank.code()).isEqualTo(2);
        assertThat(badRank.err()).contains("no rank 7");
        Run missing = run(dir.resolve("absent.json").toString(), trace.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("absent.json");
        Files.writeString(dir.resolve("bad.json"), "not json at all");
        assertThat(run(trace.toString(), dir.resolve("bad.json").toString()).code()).isEqualTo(3);
    }
}
