package dev.parallax.app.cli;

import dev.parallax.app.cluster.JobFixtures;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parallax report JOB.parallax.json}: a section per reduction of a cluster job's result. */
class JobReportTest {
    @Test
    void reportsEveryReductionOfAJobResult(@TempDir Path dir) throws Exception {
        Path job = JobFixtures.write(dir);
        Path pdf = dir.resolve("job.pdf");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new ReportCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(job.toString(), "-o", pdf.toString());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("job result, 8 ranks");
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text).contains("Job overview", "Distributions across ranks", "Stragglers",
                "Steps across ranks", "Collective arrival skew", "Ranks by node", "Unreadable ranks",
                "Rank 5 stands out", "rank-7.json: binary data", "steps.median_us");
        assertThat(text).doesNotContain("Timeline snapshots");
    }
}
