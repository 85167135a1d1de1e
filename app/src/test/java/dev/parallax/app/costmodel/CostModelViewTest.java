package dev.parallax.app.costmodel;

import dev.parallax.app.pipeline.ScheduleDiagram;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.pipeline.PipelineConfig;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineSimulator;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.model.pipeline.ScheduleKind;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.controlsfx.control.PropertySheet;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/** Headless (Monocle) checks that the Cost Model view recomputes its plots when its properties change. */
@ExtendWith(ApplicationExtension.class)
class CostModelViewTest {
    private static final double GIB = 1024.0 * 1024 * 1024;
    private CostModelView view;

    @Start
    void start(Stage stage) {
        view = new CostModelView(Catalog.builtIn());
        stage.setScene(new Scene(view, 1200, 740));
        stage.show();
    }

    private XYSeriesCollection kv() {
        return (XYSeriesCollection) ((XYPlot) view.kvChart().getPlot()).getDataset();
    }

    @Test
    void changingTheModelUpdatesTheKvSeries(FxRobot robot) {
        robot.interact(() -> view.modelProperty().set("llama-2-7b"));
        double first = kv().getSeries(1).getX(0).doubleValue();
        double mha = kv().getSeries(1).getY(0).doubleValue();
        // Llama 2 7B: 2 · 32 layers · 32 KV heads · 128 · 2 bytes per token
        assertThat(mha).isCloseTo(first * 2 * 32 * 32 * 128 * 2 / GIB, withinPercentage(1e-9));
        robot.interact(() -> view.modelProperty().set("llama-2-70b"));
        double gqa = kv().getSeries(1).getY(0).doubleValue();
        assertThat(gqa).isCloseTo(first * 2 * 80 * 8 * 128 * 2 / GIB, withinPercentage(1e-9));
        // the HBM limit is drawn: H100 80 GiB minus the 70B weights is negative on one GPU, so no marker;
        // with 4 GPUs there is room and the marker appears
        assertThat(((XYPlot) view.kvChart().getPlot()).getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).isNull();
        robot.interact(() -> view.gpusProperty().set(4));
        var markers = ((XYPlot) view.kvChart().getPlot()).getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
        assertThat(markers).hasSize(1);
        double free = (4 * 80 * GIB - Catalog.builtIn().model("llama-2-70b").parameterCount(true) * 2) / GIB;
        assertThat(((ValueMarker) markers.iterator().next()).getValue()).isCloseTo(free, within(1e-6));
    }

    @Test
    void propertySheetEditsReachThePlots(FxRobot robot) {
        double before = kv().getSeries(0).getY(0).doubleValue();
        PropertySheet.Item batch = view.propertySheet().getItems().stream()
                .filter(i -> i.getName().equals("Batch")).findFirst().orElseThrow();
        robot.interact(() -> batch.setValue(8));
        assertThat(view.batchProperty().get()).isEqualTo(8);
        assertThat(kv().getSeries(0).getY(0).doubleValue()).isCloseTo(8 * before, withinPercentage(1e-9));
        XYSeriesCollection roof = (XYSeriesCollection) ((XYPlot) view.rooflineChart().getPlot()).getDataset();
        assertThat(roof.getSeriesCount()).isEqualTo(3);
        assertThat(roof.getSeries(1).getItemCount()).isGreaterThan(5);
        assertThat(roof.getSeries(2).getItemCount()).isGreaterThan(5);
    }

    @Test
    void pipelinePropertiesRedrawTheSchedule(FxRobot robot) {
        robot.interact(() -> {
            view.scheduleProperty().set("zb-h1");
            view.stagesProperty().set(3);
            view.microbatchesProperty().set(6);
        });
        PipelineTimeline shown = view.scheduleDiagram().getTimelines().get(0);
        assertThat(shown.stages()).isEqualTo(3);
        assertThat(shown.ops()).hasSize(3 * 6 * 3);
        assertThat(shown.bubbleTime()).isCloseTo(2 * (1 + 1 - 1), within(1e-9));
    }

    @Test
    void droppedConfigBecomesASelectableModel(FxRobot robot, @TempDir Path dir) throws Exception {
        Path cfg = Files.createDirectories(dir.resolve("tiny-lm")).resolve("config.json");
        Files.writeString(cfg, "{\"model_type\":\"llama\",\"num_hidden_layers\":2,\"hidden_size\":128,"
                + "\"num_attention_heads\":4,\"num_key_value_heads\":1,\"intermediate_size\":256,\"vocab_size\":100}");
        ModelArchitecture m = Catalog.readConfigFile(cfg);
        robot.interact(() -> view.addModel(m));
        assertThat(view.modelProperty().get()).isEqualTo("tiny-lm");
        double x = kv().getSeries(1).getX(0).doubleValue();
        assertThat(kv().getSeries(1).getY(0).doubleValue()).isCloseTo(x * 2 * 2 * 1 * 32 * 2 / GIB, withinPercentage(1e-9));
    }

    @Test
    void scheduleDiagramDrawsOneBoxPerPassForEveryTimeline(FxRobot robot) {
        ScheduleDiagram d = view.scheduleDiagram();
        PipelineTimeline a = PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B, PipelineConfig.uniform(4, 8, 1, 1, 2, 0, 0));
        PipelineTimeline b = PipelineSimulator.simulate(ScheduleKind.ZB_H2, PipelineConfig.uniform(4, 8, 1, 1, 1, 1, 0));
        robot.interact(() -> {
            d.resize(900, 400);
            d.setTimelines(List.of(a, b));
        });
        assertThat(d.paintedBoxes()).isEqualTo(a.ops().size() + b.ops().size());
        double scale = d.pixelsPerSecond();
        // labels take 78 px and 10 px stay free at the right; the longest makespan fills the rest
        assertThat(scale).isCloseTo((d.getWidth() - 88) / Math.max(a.makespan(), b.makespan()), within(1e-9));
        // a measured timeline on another clock (starting at t = 1000) is drawn from its own start, same scale
        List<PipelineOp> shifted = b.ops().stream().map(o -> new PipelineOp(o.stage(), o.kind(), o.microbatch(),
                o.chunk(), o.start() + 1000, o.end() + 1000)).toList();
        robot.interact(() -> d.setTimelines(List.of(a, new PipelineTimeline("measured", 4, shifted))));
        assertThat(d.pixelsPerSecond()).isCloseTo(scale, within(1e-9));
    }

    /** The schedule's axis and titles carry time units (a 37 ms iteration reads "ms", not "0.03724"). */
    @Test
    void scheduleDiagramScreenshotInMilliseconds(FxRobot robot) throws Exception {
        ScheduleDiagram d = view.scheduleDiagram();
        PipelineTimeline a = PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B,
                PipelineConfig.uniform(4, 8, 1, 0.001, 0.002, 0, 0));
        robot.interact(() -> {
            d.resize(900, 260);
            d.setTimelines(List.of(a));
        });
        java.nio.file.Path png = java.nio.file.Path.of("target", "screenshots", "schedule-diagram.png");
        java.nio.file.Files.createDirectories(png.getParent());
        org.testfx.util.WaitForAsyncUtils.asyncFx(() -> javax.imageio.ImageIO.write(
                javafx.embed.swing.SwingFXUtils.fromFXImage(d.snapshot(null, null), null), "png", png.toFile())).get();
        assertThat(a.makespan()).isCloseTo(0.033, within(1e-12)); // (8 + 3) · 3 ms
    }

    /** Log-axis tick labels in the axis unit: seconds as ms/µs, never E-notation like "1.12E-2". */
    @Test
    void timeAxesAreLabelledInTimeUnitsWithoutENotation(FxRobot robot) throws Exception {
        robot.interact(() -> view.modelProperty().set("llama-2-7b"));
        for (org.jfree.chart.JFreeChart c : java.util.List.of(view.prefillChart(), view.decodeChart(),
                view.kvChart(), view.concurrencyChart())) {
            java.text.NumberFormat f = ((org.jfree.chart.axis.ValueAxis) ((XYPlot) c.getPlot()).getRangeAxis()) instanceof
                    org.jfree.chart.axis.LogAxis l ? l.getNumberFormatOverride() : null;
            assertThat(f).as(c.getTitle().getText()).isNotNull();
            assertThat(f.format(0.0112)).doesNotContain("E");
        }
        java.text.NumberFormat prefill = ((org.jfree.chart.axis.LogAxis) ((XYPlot) view.prefillChart().getPlot())
                .getRangeAxis()).getNumberFormatOverride();
        assertThat(prefill.format(0.0112)).isEqualTo("11.2 ms");
        java.nio.file.Path png = java.nio.file.Path.of("target", "screenshots", "costmodel-catalog.png");
        java.nio.file.Files.createDirectories(png.getParent());
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        org.jfree.chart.ChartUtils.saveChartAsPNG(png.toFile(), view.decodeChart(), 560, 360);
    }
}
