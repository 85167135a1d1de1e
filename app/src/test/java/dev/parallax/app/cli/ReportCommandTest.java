package dev.parallax.app.cli;

import dev.parallax.samples.BundledSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parallax report}: exit codes, messages, and that it never writes over an input. */
class ReportCommandTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesTheReportOfABundledSample(@TempDir Path dir) throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("training-ddp-2rank"), dir);
        Path pdf = dir.resolve("out").resolve("report.pdf");
        Run r = run(folder.resolve("rank-0.pt.trace.json.gz").toString(), folder.resolve("rank-1.pt.trace.json.gz").toString(),
                "-o", pdf.toString(), "--sections", "summary,diagnostics");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote " + pdf).contains("2 ranks");
        assertThat(new String(Files.readAllBytes(pdf), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (var files = Files.list(pdf.getParent())) {
            assertThat(files).containsExactly(pdf);
        }
    }

    @Test
    void usageErrorsAndUnreadableInputsWriteNothing(@TempDir Path dir) throws Exception {
        Path pdf = dir.resolve("report.pdf");
        Path trace = dir.resolve("trace.json");
        Files.writeString(trace, "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"k\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":5}]}");

        Run unknownAnalysis = run(trace.toString(), "-o", pdf.toString(), "--analyses", "no-such");
        assertThat(unknownAnalysis.code()).isEqualTo(2);
        assertThat(unknownAnalysis.err()).contains("unknown analysis 'no-such'");

        Run unknownSection = run(trace.toString(), "-o", pdf.toString(), "--sections", "cover");
        assertThat(unknownSection.code()).isEqualTo(2);
        assertThat(unknownSection.err()).contains("unknown section 'cover'");

        Run missing = run(dir.resolve("absent.json").toString(), "-o", pdf.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertThat(missing.err()).contains("absent.json");
        assertThat(pdf).doesNotExist();
    }

    @Test
    void neverWritesOverAnInputTrace(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.json");
        String json = "{\"traceEvents\":[{\"ph\":\"X\",\"name\":\"k\",\"pid\":1,\"tid\":1,\"ts\":0,\"dur\":5}]}";
        Files.writeString(trace, json);
        Run r = run(trace.toString(), "-o", dir.resolve(".").resolve("trace.json").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("is an input trace");
        assertThat(Files.readString(trace)).isEqualTo(json);
    }
}
