package dev.parallax.app.costmodel;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.longctx.LongContextProjectionAnalysis;
import dev.parallax.app.analysis.ResultChartView;
import dev.parallax.app.view.ViewContext;
import dev.parallax.samples.decoder.DecoderOptions;
import dev.parallax.samples.decoder.DecoderTraceGenerator;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.json.ChromeJsonImporter;
import dev.parallax.util.Progress;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.app.report.ReportContent;
import dev.parallax.app.report.ReportRenderer;
import javafx.collections.FXCollections;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless (Monocle): the Cost Model tab's "From a trace set" mode offers the opened set, projects it, and draws
 * time per operator class against a base-2 log axis of context lengths with the bound changes marked.
 */
@ExtendWith(ApplicationExtension.class)
class LongContextPanelTest {
    @TempDir
    static Path dir;
    private CostModelView view;
    private TraceSet set;
    private final List<Result> recorded = new ArrayList<>();

    /** Runs the analysis directly and background work on the calling thread. */
    private static final class DirectContext implements ViewContext {
        @Override
        public void select(TraceSet set, Location location) {
        }

        @Override
        public void showRange(TraceSet set, long start, long end) {
        }

        @Override
        public Result run(String analysisId, TraceSet set, ParameterValues parameters, Progress progress) {
            return new LongContextProjectionAnalysis().run(set, parameters, progress);
        }

        @Override
        public <T> Background background(String title, Work<T> work, Consumer<T> done) {
            try {
                done.accept(work.run(Progress.none()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new Background() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return true;
                }
            };
        }

        @Override
        public void log(String message) {
        }

        @Override
        public Window owner() {
            return null;
        }

        @Override
        public Path home() {
            return dir;
        }

        @Override
        public void open(List<Path> paths) {
        }

        @Override
        public void showLive(TraceSet set) {
        }

        @Override
        public void removeLive(TraceSet set) {
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        DecoderOptions o = new DecoderOptions();
        o.layers = 2;
        o.contexts = new int[]{256};
        o.decodeBatch = 384; // GEMMs of 384 tokens per step: compute-bound until the KV reads take over
        o.decodeSteps = 1;
        new DecoderTraceGenerator(o).generate(dir, "decoder");
        set = TraceSet.single(new ChromeJsonImporter().load(
                dir.resolve(DecoderTraceGenerator.fileName(256, false)), Progress.none()));
        view = new CostModelView(Catalog.builtIn(), FXCollections.observableArrayList(set), new DirectContext(),
                (s, r) -> recorded.add(r));
        stage.setScene(new Scene(view, 1400, 860));
        stage.show();
    }

    private static XYPlot plot(ResultChartView c) {
        return c.jfreeChart().getXYPlot();
    }

    @Test
    void theCostModelTabProjectsTheOpenedTraceSetOnALogAxisWithTheBoundChangesMarked(FxRobot robot)
            throws Exception {
        LongContextPanel panel = view.traceProjection();
        // the opened set is offered and, being the only one, chosen and projected when the tab opens
        assertThat(panel.setChooser().getItems()).containsExactly(set);
        assertThat(panel.setChooser().getValue()).isSameAs(set);
        assertThat(recorded).hasSize(1);
        robot.interact(() -> {
            robot.lookup("#longctx-context").queryTextInputControl().setText("256,1k,4k,16k,64k,256k,1m");
            panel.project();
        });
        Result r = panel.resultView().result();
        assertThat(recorded).hasSize(2).last().isSameAs(r);
        assertThat(r.table("projection").rows()).hasSize(7);
        assertThat(r.table("projection").value(6, "context")).isEqualTo(1L << 20);

        for (String id : List.of("prefill_time", "decode_time", "kv_memory", "concurrency")) {
            XYPlot p = plot(panel.chart(id));
            assertThat(p.getDomainAxis()).as(id).isInstanceOf(LogAxis.class);
            LogAxis x = (LogAxis) p.getDomainAxis();
            assertThat(x.getBase()).isEqualTo(2.0);
            assertThat(x.getLowerBound()).as(id).isLessThanOrEqualTo(256);
            assertThat(x.getUpperBound()).as(id).isGreaterThanOrEqualTo(1 << 20);
            assertThat(x.getNumberFormatOverride().format(32768.0)).isEqualTo("32K");
            assertThat(x.getNumberFormatOverride().format(1048576.0)).isEqualTo("1M");
        }
        // time per operator class stacked, in ms on the axis
        XYPlot prefill = plot(panel.chart("prefill_time"));
        assertThat(prefill.getRenderer()).isInstanceOf(StackedXYAreaRenderer2.class);
        assertThat(prefill.getDataset().getSeriesCount()).isGreaterThanOrEqualTo(2);
        assertThat(((NumberAxis) prefill.getRangeAxis()).getNumberFormatOverride().format(2.0)).isEqualTo("2 ms");

        // a vertical marker at each computed bound change inside the sweep
        int marked = 0;
        for (String phase : List.of("prefill", "decode")) {
            Object at = r.metric(phase + "_bound_changes_at").value();
            if (at instanceof Number n && n.longValue() >= 256 && n.longValue() <= 1 << 20) {
                marked++;
                Collection<?> markers = plot(panel.chart(phase + "_time")).getDomainMarkers(Layer.FOREGROUND);
                assertThat(markers).as(phase).anySatisfy(m -> {
                    assertThat(((ValueMarker) m).getValue()).isEqualTo(n.doubleValue());
                    assertThat(((ValueMarker) m).getLabel()).startsWith(phase + " → " + (phase.equals("prefill")
                            ? "compute" : "memory") + "-bound at ");
                });
            }
        }
        // prefill of one 256-token prompt is memory-bound (GEMM intensity ≈ 256 FLOP/B, below the H100's ridge)
        // and turns compute-bound; decode of 384 sequences turns memory-bound as the KV reads grow
        assertThat(marked).as("bound changes in %s", r.metricList()).isEqualTo(2);
        // the KV chart: HBM left as a horizontal line, in bytes
        double budget = ((Number) r.metric("kv_budget_bytes").value()).doubleValue();
        Collection<?> hbm = plot(panel.chart("kv_memory")).getRangeMarkers(Layer.FOREGROUND);
        assertThat(hbm).singleElement().satisfies(m -> assertThat(((ValueMarker) m).getValue()).isEqualTo(budget));

        WritableImage image = snapshot(robot);
        Path png = Path.of("target", "screenshots", "costmodel-trace.png");
        Files.createDirectories(png.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", png.toFile());
    }

    @Test
    void aSetOpenedWhileTheCatalogModeShowsIsProjectedWhenTheTraceModeIsShown(FxRobot robot) throws Exception {
        assertThat(recorded).hasSize(1);
        TraceSet second = TraceSet.single(new ChromeJsonImporter().load(
                dir.resolve(DecoderTraceGenerator.fileName(256, false)), Progress.none()));
        TabPane modes = robot.lookup("#costmodel-modes").queryAs(TabPane.class);
        robot.interact(() -> {
            modes.getSelectionModel().select(0);
            view.traceProjection().setChooser().getItems().add(second);
        });
        assertThat(view.traceProjection().setChooser().getValue()).isSameAs(second);
        assertThat(recorded).as("not projected while hidden").hasSize(1);
        robot.interact(() -> modes.getSelectionModel().select(1));
        assertThat(recorded).hasSize(2);
        assertThat(view.traceProjection().resultView().result()).isSameAs(recorded.get(1));
    }

    @Test
    void theReportSectionDrawsTheSameChartsWithTheirMarkers() throws Exception {
        Result r = new DirectContext().run(LongContextProjectionAnalysis.ID, set, ParameterValues.parse(
                new LongContextProjectionAnalysis().parameters(), java.util.Map.of("context", "256,4k,64k,1m")),
                Progress.none());
        Path pdf = dir.resolve("longctx.pdf");
        new ReportRenderer().render(ReportContent.of(set, List.of(r)), pdf, Progress.none());
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            int page = 0;
            for (int i = 0; i < doc.getNumberOfPages(); i++) {
                PDFTextStripper one = new PDFTextStripper();
                one.setStartPage(i + 1);
                one.setEndPage(i + 1);
                if (one.getText(doc).contains("Prefill time by operator class")) {
                    page = i;
                    break;
                }
            }
            Path png = Path.of("target", "screenshots", "costmodel-report.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(page, 80), "png", png.toFile());
            String text = new PDFTextStripper().getText(doc);
            // chart text is vector text in the PDF: the markers' labels are searchable
            assertThat(text).contains("Prefill time by operator class", "prefill → compute-bound at",
                    "decode → memory-bound at", "HBM left for KV");
        }
    }

    private WritableImage snapshot(FxRobot robot) {
        WritableImage[] out = new WritableImage[1];
        robot.interact(() -> out[0] = view.snapshot(null, null));
        return out[0];
    }
}
