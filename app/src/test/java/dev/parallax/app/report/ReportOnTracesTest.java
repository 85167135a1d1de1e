package dev.parallax.app.report;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.AnalysisRunner;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports on real traces and on the bundled samples, read back with PDFBox: sections present, table numbers
 * equal to the analysis results, charts drawn as vectors, diagnostics shown for a damaged input. The PDFs
 * are kept under target/reports/ for review.
 */
class ReportOnTracesTest {
    private static final Path KEEP = Path.of("target", "reports");

    private static Path sharedTraces() {
        Path p = Path.of(System.getProperty("parallax.shared.traces", "../../shared/traces"));
        Assumptions.assumeTrue(Files.isDirectory(p), "real traces not found at " + p + ": skipped");
        return p;
    }

    private static TraceSet load(List<Path> paths) throws Exception {
        TraceSetLoader.Outcome o = TraceSetLoader.withDefaults().load(paths, Progress.none());
        assertThat(o.failures()).isEmpty();
        return o.traceSet();
    }

    private static PDDocument render(TraceSet set, List<Result> results, String name) throws Exception {
        Files.createDirectories(KEEP);
        Path out = KEEP.resolve(name);
        new ReportRenderer().render(ReportContent.of(set, results), out, Progress.none());
        return Loader.loadPDF(out.toFile());
    }

    private static int pageWith(PDDocument doc, String text) throws Exception {
        for (int i = 0; i < doc.getNumberOfPages(); i++) {
            if (PdfInspection.pageText(doc, i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void realMultiRankTraceGetsEveryAnalysisSection() throws Exception {
        Path folder = sharedTraces().resolve("hta/trace_filter");
        TraceSet set = load(List.of(folder));
        List<Result> results = AnalysisRunner.run(set, Analyses.discover().all(), Map.of(), Progress.none());
        try (PDDocument doc = render(set, results, "hta-trace-filter.pdf")) {
            String text = PdfInspection.text(doc);
            assertThat(text).contains("sampled_rank-0.json.gz", "sampled_rank-1.json.gz", "Contents",
                    "Executive summary", "Timeline", "Appendix: load diagnostics");
            for (Result r : results) {
                if (!r.applies()) {
                    // no section: one line in the summary names it and says why
                    assertThat(text).contains("Not applicable to these traces", r.title());
                    continue;
                }
                assertThat(text).contains(r.title());
                for (Table t : r.tables()) {
                    for (int row = 0; row < Math.min(5, t.rows().size()); row++) {
                        for (int c = 0; c < t.columns().size(); c++) {
                            Object v = t.rows().get(row).get(c);
                            if (v instanceof Number) {
                                assertThat(text).as("%s %s", r.analysisId(), t.id())
                                        .contains(UnitFormat.format(v, t.columns().get(c).unit()));
                            }
                        }
                    }
                }
            }
            assertThat(PdfInspection.allFontsEmbedded(doc)).isTrue();
        }
    }

    @Test
    void pipelineSampleReportShowsTheStageTableWithTheAnalysisNumbersAndVectorCharts(@TempDir Path dir) throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("pipeline-1f1b-pp4-tp2"), dir);
        List<Path> ranks;
        try (var files = Files.list(folder)) {
            ranks = files.filter(p -> p.getFileName().toString().startsWith("rank-")).sorted().toList();
        }
        TraceSet set = load(ranks);
        List<Result> results = AnalysisRunner.run(set, List.of(Analyses.discover().byId("bubbles").orElseThrow()),
                Map.of(), Progress.none());
        Result bubbles = results.get(0);
        try (PDDocument doc = render(set, results, "sample-pipeline-1f1b.pdf")) {
            String text = PdfInspection.text(doc);
            Table stages = bubbles.table("stages");
            for (int s = 0; s < stages.rows().size(); s++) {
                assertThat(text).contains(UnitFormat.format(stages.value(s, "bubble_fraction"), Unit.FRACTION));
                assertThat(text).contains(UnitFormat.format(stages.value(s, "busy_seconds"), Unit.S));
            }
            int chartPage = pageWith(doc, "Where each stage's iteration goes");
            assertThat(chartPage).isPositive();
            assertThat(PdfInspection.forms(doc.getPage(chartPage))).isPositive();
            assertThat(PdfInspection.images(doc.getPage(chartPage))).isZero();
            assertThat(text).contains("Stage 2 (rank 4) is");
        }
    }

    @Test
    void damagedInputStillRendersWithItsDiagnostics(@TempDir Path dir) throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("training-ddp-2rank"), dir);
        Path rank0 = folder.resolve("rank-0.pt.trace.json.gz");
        byte[] json;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(rank0))) {
            json = in.readAllBytes();
        }
        Path cut = dir.resolve("rank-0.pt.trace.json");
        Files.write(cut, java.util.Arrays.copyOf(json, json.length * 2 / 3));
        TraceSet set = load(List.of(cut));
        assertThat(set.member(0).trace().diagnostics().truncated()).isTrue();
        try (PDDocument doc = render(set, List.of(), "damaged-input.pdf")) {
            String text = PdfInspection.text(doc);
            assertThat(text).contains("Appendix: load diagnostics", "rank-0.pt.trace.json", "The file was cut off");
        }
        Files.copy(KEEP.resolve("damaged-input.pdf"), dir.resolve("copy.pdf"), StandardCopyOption.REPLACE_EXISTING);
    }
}
