package dev.parallax.app.report;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportRendererTest {

    private static Trace trace(String name, int rank) {
        TraceBuilder b = new TraceBuilder(name);
        int gpu = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "100", "100");
        int gemm = b.intern("sm90_gemm_bf16");
        int nccl = b.intern("ncclDevKernel_AllReduce_Sum_bf16_RING_LL");
        int op = b.intern("aten::linear — линейный 线性");
        for (int i = 0; i < 200; i++) {
            b.addSlice(gpu, i * 1000L, 600, i % 3 == 0 ? nccl : gemm, 0, -1);
            b.addSlice(cpu, i * 1000L, 200, op, 0, -1);
        }
        b.diagnostics().report(Severity.WARNING, "truncated", "file cut off after the last complete event", 12345);
        b.diagnostics().markTruncated(77);
        return b.build(0, 0, 0);
    }

    private static Result result() {
        Table t = new Table.Builder("per_rank", "Breakdown per rank")
                .column("rank", "Rank").column("idle_pct", "Idle", dev.parallax.analysis.Unit.PERCENT)
                .column("compute_us", "Compute", dev.parallax.analysis.Unit.US)
                .column("top_kernel", "Top kernel")
                .row(0, 12.345, 98765L, "gemm_линейный_线性").row(1, 54.72, 135548L, "sm90_gemm").build();
        Chart c = Chart.bars("breakdown", "Time per rank", Chart.Kind.STACKED_BAR, "rank", "µs",
                List.of("0", "1"), List.of(new Chart.Series("compute", new double[0], new double[] {10, 20}),
                        new Chart.Series("idle", new double[0], new double[] {5, 3})));
        return Result.builder("breakdown", "Temporal breakdown")
                .metric("ranks", 2, dev.parallax.analysis.Unit.COUNT)
                .table(t).chart(c)
                .finding(Finding.of("gpu-idle", Severity.WARNING, "Rank 1 idles 54.72 % of its span",
                        "It waits for the others.", "Look at its input pipeline."))
                .build();
    }

    @Test
    void rendersEverySectionWithSearchableTextVectorChartsAndEmbeddedFonts(@TempDir Path dir) throws Exception {
        TraceSet set = new TraceSet("job", List.of(new TraceSet.Member(trace("rank-0.json", 0), 0,
                dev.parallax.trace.RankSource.FILE_NAME), new TraceSet.Member(trace("rank-1.json", 1), 1,
                dev.parallax.trace.RankSource.FILE_NAME)));
        Path out = dir.resolve("report.pdf");
        new ReportRenderer().render(ReportContent.of(set, List.of(result())), out, Progress.none());
        assertThat(Files.list(dir).toList()).containsExactly(out);
        Path keep = Path.of("target", "reports");
        Files.createDirectories(keep);
        Files.copy(out, keep.resolve("synthetic-two-ranks.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (PDDocument doc = Loader.loadPDF(out.toFile())) {
            String text = PdfInspection.text(doc);
            assertThat(text).contains("Contents", "Executive summary", "Temporal breakdown", "Timeline",
                    "Appendix: load diagnostics", "Rank 1 idles 54.72 % of its span", "rank-0.json");
            // every value formatted from its unit: %, and µs at the scale that fits
            assertThat(text).contains("12.3 %", "54.7 %", "98.8 ms", "136 ms");
            assertThat(text).contains("Time per rank", "compute");
            assertThat(text).contains("file cut off after the last complete event", "77 bytes");
            assertThat(text).contains("линейный");
            if (java.nio.file.Files.exists(java.nio.file.Path.of("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"))) {
                assertThat(text).contains("线性");
            }
            assertThat(text).contains("Page 1 of " + doc.getNumberOfPages());
            assertThat(PdfInspection.allFontsEmbedded(doc)).isTrue();
            int chartPage = -1;
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                if (PdfInspection.pageText(doc, i).contains("Time per rank")) {
                    chartPage = i;
                }
            }
            assertThat(chartPage).isGreaterThan(0);
            assertThat(PdfInspection.forms(doc.getPage(chartPage))).isGreaterThan(0);
            assertThat(PdfInspection.images(doc.getPage(chartPage))).isZero();
            assertThat(doc.getPage(1).getAnnotations()).isNotEmpty();
            assertThat(doc.getDocumentCatalog().getDocumentOutline().children()).isNotEmpty();
        }
    }

    @Test
    void aHeaderOfANarrowedTextColumnBreaksBetweenWordsNeverInsideOne() throws Exception {
        Table.Builder tb = new Table.Builder("wide", "Wide table");
        String[] keys = {"file", "format", "importer", "detail", "note", "hint", "more", "extra", "last"};
        for (String k : keys) {
            tb.column(k, k.equals("format") ? "Throughput" : "Column " + k, dev.parallax.analysis.Unit.NONE);
        }
        String longText = "a-very-long-value-that-does-not-fit-".repeat(4);
        for (int r = 0; r < 3; r++) {
            Table.RowBuilder row = tb.newRow(null);
            for (String k : keys) {
                row.set(k, k.equals("format") ? "j" : longText + r);
            }
            row.add();
        }
        Result res = Result.builder("wide", "Wide").table(tb.build()).build();
        ReportContent content = new ReportContent("Wide", TraceSet.single(trace("rank-0.json", 0)), List.of(res),
                java.util.EnumSet.of(ReportContent.Section.ANALYSES), java.time.ZonedDateTime.now(), -1, -1);
        try (PDDocument doc = new ReportRenderer().build(content, Progress.none())) {
            String text = PdfInspection.text(doc);
            // the text columns were shortened (ellipsis), yet the one-letter column's header stays whole
            assertThat(text).contains("…");
            assertThat(text).containsPattern("(?m)\\bThroughput\\b");
            assertThat(text).doesNotContainPattern("(?m)\\bThroughpu?\\s*$");
        }
    }

    @Test
    void theCoverListsEveryAnalysisWrappedWithinThePage() throws Exception {
        List<Result> results = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            results.add(Result.builder("a" + i, "Communication/computation analysis number " + i).metric("v", i).build());
        }
        ReportContent content = new ReportContent("Cover", TraceSet.single(trace("rank-0.json", 0)), results,
                java.util.EnumSet.of(ReportContent.Section.ANALYSES), java.time.ZonedDateTime.now(), -1, -1);
        try (PDDocument doc = new ReportRenderer().build(content, Progress.none())) {
            // only the text inside the page: a line running off the right edge loses its end here
            var page = doc.getPage(0);
            var stripper = new org.apache.pdfbox.text.PDFTextStripperByArea();
            stripper.addRegion("page", new java.awt.geom.Rectangle2D.Float(0, 0,
                    page.getMediaBox().getWidth(), page.getMediaBox().getHeight()));
            stripper.extractRegions(page);
            String cover = stripper.getTextForRegion("page").replaceAll("\\s+", " ");
            for (int i = 0; i < 9; i++) {
                assertThat(cover).contains("analysis number " + i);
            }
        }
    }

    @Test
    void contentsTakeAsManyPagesAsTheirEntriesNeedAndLinkEveryHeading() throws Exception {
        TraceSet set = TraceSet.single(trace("rank-0.json", 0));
        for (int analyses : new int[] {38, 39}) {
            List<Result> results = new java.util.ArrayList<>();
            for (int i = 0; i < analyses; i++) {
                results.add(Result.builder("a" + i, "Analysis " + i).metric("value", i).build());
            }
            ReportContent content = new ReportContent("Contents check", set, results,
                    java.util.EnumSet.of(ReportContent.Section.ANALYSES), java.time.ZonedDateTime.now(), -1, -1);
            try (PDDocument doc = new ReportRenderer().build(content, Progress.none())) {
                int tocPages = analyses <= 38 ? 1 : 2;
                int links = 0;
                for (int p = 1; p <= tocPages; p++) {
                    assertThat(doc.getPage(p).getAnnotations()).as("%d analyses, contents page %d", analyses, p)
                            .isNotEmpty();
                    links += doc.getPage(p).getAnnotations().size();
                }
                assertThat(links).isEqualTo(analyses);
                assertThat(PdfInspection.pageText(doc, tocPages + 1)).as("first section after the contents")
                        .contains("Analysis 0").doesNotContain("Contents");
            }
        }
    }

    @Test
    void summaryLeadsWithTheLargestGainsAndNamesWhatDoesNotApplyWithoutASection(@TempDir Path dir) throws Exception {
        TraceSet set = TraceSet.single(trace("rank-0.json", 0));
        Result idle = Result.builder("idle", "GPU idle time breakdown")
                .finding(Finding.of("host-bound", Severity.WARNING, "ranks 0–7: host wait", "e", "s").withGainNs(5_000_000))
                .finding(Finding.of("small", Severity.WARNING, "A small thing", "e", "s").withGainNs(1_000))
                .finding(Finding.of("note", Severity.INFO, "Just a note", "e", "s"))
                .build();
        Result kv = Result.builder("kvcache", "KV cache and serving")
                .notApplicable("no KV-cache counters, request spans, latency histograms or prefill/decode steps").build();
        Path out = dir.resolve("r.pdf");
        new ReportRenderer().render(ReportContent.of(set, List.of(idle, kv)), out, Progress.none());
        try (PDDocument doc = Loader.loadPDF(out.toFile())) {
            String text = PdfInspection.text(doc);
            int gains = text.indexOf("Largest estimated gains");
            assertThat(gains).isPositive();
            // largest gain first, with its estimate; the rest follow by severity
            assertThat(text.indexOf("ranks 0–7: host wait (est. gain 5 ms)")).isGreaterThan(gains);
            assertThat(text.indexOf("A small thing")).isGreaterThan(text.indexOf("ranks 0–7: host wait"));
            assertThat(text).contains("Not applicable to these traces (1)", "KV cache and serving: no KV-cache counters");
            // no section, not on the cover: its title appears once, in the summary line
            assertThat(text.split("KV cache and serving", -1)).hasSize(2);
            assertThat(text).contains("(1 not applicable, see the summary)");
        }
    }
}
