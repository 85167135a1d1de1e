package dev.parallax.app.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.app.analysis.ResultTableView;
import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.util.Progress;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Renders the serving views headless on the bundled (generated) serving run and checks what they show. */
@ExtendWith(ApplicationExtension.class)
class ServingPanelTest {
    private static JsonNode expected;
    private ServingPanel panel;
    private final List<Long> navigated = new ArrayList<>();

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("serving-sample");
        BundledSamples.Sample sample = BundledSamples.get("serving-vllm-burst");
        Path folder = BundledSamples.extract(sample, dir);
        expected = new ObjectMapper().readTree(folder.resolve(Path.of(sample.expectedFile()).getFileName()).toFile());
        Trace trace = TraceLoader.discover().load(folder.resolve("serving.trace.json.gz"), Progress.none());
        dev.parallax.serving.KvCacheAnalysis.Output out = new dev.parallax.serving.KvCacheAnalysis()
                .analyze(TraceSet.single(trace), ParameterValues.defaults(), Progress.none());
        ServingPanel.Data data = new ServingPanel.Data(out.result(), out.timeline());
        panel = new ServingPanel(data, navigated::add);
        stage.setScene(new Scene(panel, 1000, 600));
        stage.show();
    }

    @Test
    void kvChartShowsUsageCapacityRequestsAndPreemptions() {
        XYPlot plot = (XYPlot) panel.kvCacheView().chart().getPlot();
        XYSeriesCollection usage = (XYSeriesCollection) plot.getDataset(KvCacheChart.USAGE_DATASET);
        assertThat(usage.getSeriesCount()).isEqualTo(1);
        assertThat(usage.getSeries(0).getKey()).isEqualTo("KV usage");
        assertThat(usage.getSeries(0).getMaxY()).isCloseTo(expected.get("peak_kv_usage_percent").asDouble(), within(1e-6));
        XYSeriesCollection requests = (XYSeriesCollection) plot.getDataset(KvCacheChart.REQUESTS_DATASET);
        assertThat(requests.getSeries("running").getMaxY()).isEqualTo(expected.get("max_running").asDouble());
        assertThat(requests.getSeries("waiting").getMaxY()).isEqualTo(expected.get("max_waiting").asDouble());
        Collection<?> ranges = plot.getRangeMarkers(Layer.FOREGROUND);
        assertThat(ranges).anySatisfy(m -> assertThat(((ValueMarker) m).getValue()).isEqualTo(100.0));
        assertThat(ranges).anySatisfy(m -> assertThat(((ValueMarker) m).getValue()).isCloseTo(95.0, within(1e-9)));
        assertThat(plot.getDomainMarkers(Layer.FOREGROUND)).hasSize(expected.get("preemptions").asInt());
    }

    @Test
    void clickOnTheChartNavigatesToThatTime(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Rectangle2D area = panel.kvCacheView().viewer().getRenderingInfo().getPlotInfo().getDataArea();
        assertThat(area.getWidth()).isPositive();
        double x = area.getCenterX();
        Point2D screen = panel.kvCacheView().viewer().localToScreen(x, area.getCenterY());
        robot.clickOn(screen);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(navigated).hasSize(1);
        long expectedTime = panel.kvCacheView().timeAt(x);
        assertThat(navigated.get(0)).isCloseTo(expectedTime, within(200_000_000L));
        // the middle of the x axis lies in the middle of the run
        long runEnd = expected.get("last_step_end_ns").asLong();
        assertThat(navigated.get(0)).isBetween(runEnd / 4, runEnd * 3 / 4);
    }

    @Test
    void latencyTabShowsPercentilesAndHistogramsOfAllRequests() {
        assertThat(panel.histograms()).hasSize(3);
        XYDataset ttft = ((XYPlot) panel.histograms().get(0).getChart().getPlot()).getDataset();
        double total = 0;
        for (int c = 0; c < ttft.getItemCount(0); c++) {
            total += ttft.getYValue(0, c);
        }
        assertThat(total).isEqualTo(expected.get("requests").asDouble());
        ResultTableView latency = panel.tables().stream().filter(t -> t.table().id().equals("latency")).findFirst()
                .orElseThrow();
        assertThat(latency.columnTexts(0)).containsExactly("ttft", "tpot", "e2e");
        ResultTableView steps = panel.tables().stream().filter(t -> t.table().id().equals("steps")).findFirst()
                .orElseThrow();
        assertThat(steps.getItems()).hasSize(expected.get("engine_steps").asInt());
    }

    @Test
    void metricNamesAreDistinctLabelsInAColumnWideEnoughForThem() throws Exception {
        ResultTableView metrics = panel.tables().stream().filter(t -> t.table().id().equals("metrics")).findFirst()
                .orElseThrow();
        List<String> names = metrics.columnTexts(0);
        assertThat(names).doesNotHaveDuplicates().noneMatch(n -> n.contains("_"));
        int longest = names.stream().mapToInt(String::length).max().orElseThrow();
        assertThat(metrics.getColumns().get(0).getPrefWidth()).isGreaterThanOrEqualTo(7.0 * longest);
        WaitForAsyncUtils.waitForFxEvents();
        Path png = Path.of("target", "screenshots", "serving-metrics.png");
        Files.createDirectories(png.getParent());
        WaitForAsyncUtils.asyncFx(() -> javax.imageio.ImageIO.write(javafx.embed.swing.SwingFXUtils.fromFXImage(
                metrics.snapshot(null, null), null), "png", png.toFile())).get();
    }
}
