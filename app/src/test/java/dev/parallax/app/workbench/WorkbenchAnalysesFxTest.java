package dev.parallax.app.workbench;

import dev.parallax.analysis.Result;
import dev.parallax.app.analysis.ResultView;
import dev.parallax.app.testing.TestTraces;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.TraceSet;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench's analysis wiring, headless: a pipeline-parallel job gets its bubble analysis and overlay
 * lanes on opening; an analysis run from the Analysis menu lands in the chosen set's results and paints its
 * overlays; the report export sees those results.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchAnalysesFxTest {
    private Workbench wb;

    @Start
    void start(Stage stage) throws IOException {
        Path home = Files.createTempDirectory("parallax-home");
        wb = new Workbench(stage, new ParallaxHome(home), new TraceOpener());
        stage.setScene(wb.createScene(1400, 900));
        stage.show();
    }

    private TraceSet open(FxRobot robot, List<Path> paths) throws Exception {
        int before = wb.timeline().model().sets().size();
        robot.interact(() -> wb.open(paths));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> wb.timeline().model().sets().size() > before);
        WaitForAsyncUtils.waitForFxEvents();
        List<TraceSet> sets = wb.timeline().model().sets();
        return sets.get(sets.size() - 1);
    }

    private static boolean hasOverlayLane(Workbench wb, TraceSet set) {
        List<TrackNode> stack = new ArrayList<>(wb.timeline().model().tree().roots());
        while (!stack.isEmpty()) {
            TrackNode n = stack.remove(stack.size() - 1);
            if (n.set() == set && n.label().contains("pipeline bubble")) {
                return true;
            }
            stack.addAll(n.children());
        }
        return false;
    }

    @Test
    void pipelineJobGetsItsBubbleAnalysisAndOverlayOnOpening(FxRobot robot) throws Exception {
        Path dir = Files.createTempDirectory("pp");
        Path folder = BundledSamples.extract(BundledSamples.get("pipeline-1f1b-pp4-tp2"), dir);
        TraceSet set = open(robot, List.of(folder));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !wb.results(set).isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        Result bubbles = wb.results(set).get(0);
        assertThat(bubbles.analysisId()).isEqualTo("bubbles");
        assertThat(bubbles.metrics().get("schedule")).isEqualTo("1f1b");
        javafx.scene.layout.BorderPane box = (javafx.scene.layout.BorderPane) wb.pipelineTab().getContent();
        // the tab says which job it shows, and can run again on the chosen set
        assertThat(((javafx.scene.control.Label) box.lookup("#view-set")).getText())
                .isEqualTo("Pipeline of pipeline-1f1b-pp4-tp2 (8 ranks)");
        dev.parallax.app.pipeline.BubblesView view = (dev.parallax.app.pipeline.BubblesView) box.getCenter();
        assertThat(view.diagram().getTimelines()).hasSize(2);
        assertThat(hasOverlayLane(wb, set)).isTrue();
    }

    @Test
    void analysisRunFromTheMenuIsKeptForTheChosenSetAndItsReport(FxRobot robot) throws Exception {
        Path trace = TestTraces.shared("hta/trace_filter");
        TraceSet set = open(robot, List.of(trace));
        assertThat(wb.chosenSet()).isSameAs(set);
        robot.interact(() -> assertThat(wb.runAnalysis("breakdown")).isNotNull());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> wb.results(set).stream().anyMatch(r -> r.analysisId().equals("breakdown")));
        Result r = wb.results(set).stream().filter(x -> x.analysisId().equals("breakdown")).findFirst().orElseThrow();
        ResultView view = wb.analysesPanel().resultView();
        assertThat(view.result()).isSameAs(r);
        assertThat(r.table(r.tables().get(0).id()).rows()).hasSize(2);
    }

    @Test
    void contributedViewsAndMenusArePluggedInThroughTheRegistry(FxRobot robot) throws Exception {
        assertThat(wb.viewTab("pipeline")).isPresent();
        assertThat(wb.viewTab("serving")).isPresent();
        javafx.scene.control.MenuBar bar = (javafx.scene.control.MenuBar) ((javafx.scene.layout.VBox) ((javafx.scene.layout.BorderPane)
                wb.root()).getTop()).getChildren().get(0);
        assertThat(bar.getMenus()).extracting(javafx.scene.control.Menu::getText).containsSubsequence("Analysis", "Profile", "Help");
        Path dir = Files.createTempDirectory("serving");
        BundledSamples.Sample sample = BundledSamples.get("serving-vllm-burst");
        Path folder = BundledSamples.extract(sample, dir);
        TraceSet set = open(robot, List.of(folder.resolve("serving.trace.json.gz")));
        robot.interact(() -> assertThat(wb.showView("serving", set)).isTrue());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> wb.servingTab().getContent() instanceof javafx.scene.layout.BorderPane p
                        && p.getCenter() instanceof dev.parallax.app.serving.ServingPanel);
        assertThat(wb.results(set)).extracting(Result::analysisId).contains("kvcache");
        // the tab can be run again, and then uses the set chosen in the toolbar (here a training job: n/a)
        TraceSet other = dev.parallax.app.testing.TestTraces.smallSet();
        robot.interact(() -> wb.chooseSet(other));
        javafx.scene.control.Button again = (javafx.scene.control.Button) ((javafx.scene.layout.BorderPane)
                wb.servingTab().getContent()).getTop().lookup(".button");
        robot.interact(again::fire);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> wb.servingTab().getContent()
                .lookup("#view-not-applicable") != null);
        assertThat(((javafx.scene.control.Label) wb.servingTab().getContent().lookup("#view-set")).getText())
                .isEqualTo("Serving of small (2 ranks)");
    }
}
