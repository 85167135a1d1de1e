package dev.parallax.app.report;

import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless: the export pane previews the first page, writes the PDF in the background, leaves no temp file. */
@ExtendWith(ApplicationExtension.class)
class ExportReportPaneTest {
    @TempDir
    static Path dir;
    private ExportReportPane pane;

    @Start
    void start(Stage stage) throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("training-ddp-2rank"), dir.resolve("in"));
        List<Path> ranks;
        try (var files = Files.list(folder)) {
            ranks = files.filter(p -> p.getFileName().toString().startsWith("rank-")).sorted().toList();
        }
        TraceSet set = TraceSetLoader.withDefaults().load(ranks, Progress.none()).traceSet();
        pane = new ExportReportPane(set, List.of(), -1, -1, dir.resolve("out").resolve("report.pdf"));
        stage.setScene(new Scene(pane, 900, 560));
        stage.show();
    }

    @Test
    void previewsAndExportsAtomically(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> pane.previewImage() != null);
        assertThat(pane.previewImage().getWidth()).isGreaterThan(100);
        robot.interact(() -> pane.export());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pane.writtenProperty().get() != null);
        Path out = dir.resolve("out").resolve("report.pdf");
        assertThat(pane.writtenProperty().get()).isEqualTo(out);
        try (var files = Files.list(out.getParent())) {
            assertThat(files.toList()).containsExactly(out);
        }
        try (PDDocument doc = Loader.loadPDF(out.toFile())) {
            assertThat(PdfInspection.text(doc)).contains("rank-0.pt.trace.json.gz", "Timeline");
        }
        assertThat(pane.statusLabel().getText()).startsWith("Written report.pdf");
    }
}
