package dev.parallax.app.cluster;

import dev.parallax.app.workbench.ParallaxHome;
import dev.parallax.app.workbench.TraceOpener;
import dev.parallax.app.workbench.Workbench;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import dev.parallax.samples.BundledSamples;
import javafx.geometry.Point2D;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A job result dropped on the workbench opens as a job view; a rank chosen there opens on the timeline. */
@ExtendWith(ApplicationExtension.class)
class JobViewFxTest {
    @TempDir
    Path dir;
    private Workbench wb;

    @Start
    void start(Stage stage) throws IOException {
        Path home = Files.createTempDirectory("parallax-home");
        wb = new Workbench(stage, new ParallaxHome(home), new TraceOpener());
        stage.setScene(wb.createScene(1400, 900));
        stage.show();
    }

    @Test
    void jobResultOpensByContentAndARankOpensOnTheTimeline(FxRobot robot) throws Exception {
        // rank 0's recorded path holds a real trace (gzip content under a .json name: recognised by content)
        Path sample = BundledSamples.extract(BundledSamples.get("training-ddp-2rank"), dir.resolve("s"));
        Files.copy(sample.resolve("rank-0.pt.trace.json.gz"), dir.resolve("rank-0.json"));
        JobResult job = JobFixtures.job(dir);
        Path file = dir.resolve("result.json");
        JobResultJson.write(job, file);

        robot.interact(() -> assertThat(wb.dropHandler().accept(List.of(file.toFile()))).isTrue());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> robot.lookup("#job-view").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        JobView view = robot.lookup("#job-view").queryAs(JobView.class);
        assertThat(view.job().ranks()).hasSize(8);
        assertThat(wb.timeline().model().sets()).isEmpty();
        assertThat(view.rankTable().getItems()).hasSize(8);
        assertThat(view.tabs().getTabs()).extracting(t -> t.getText()).contains("Ranks", "Job overview",
                "Stragglers", "Collective arrival skew", "Ranks by node", "Unreadable ranks");

        // a click on the heatmap's sixth of eight rows selects rank 5 (the straggler)
        JobHeatmap heatmap = view.heatmap();
        double top = 22;
        double h = heatmap.getHeight() - 22 - 18;
        Point2D p = heatmap.localToScreen(200, top + h * 5.5 / 7);
        robot.clickOn(p);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.selectedRank()).isEqualTo(5);
        assertThat(view.openTraceButton().getText()).isEqualTo("Open rank 5's trace");

        robot.interact(() -> view.selectRank(0));
        robot.clickOn("#job-open-trace");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !wb.timeline().model().sets().isEmpty());
        assertThat(wb.timeline().model().sets().get(0).size()).isEqualTo(1);
        javafx.scene.Node n = view;
        while (!(n instanceof TabPane)) {
            n = n.getParent();
        }
        // the timeline tab is shown again, the job tab stays open
        assertThat(((TabPane) n).getSelectionModel().getSelectedIndex()).isZero();
        assertThat(((TabPane) n).getTabs()).anyMatch(t -> "job-tab".equals(t.getId()));
    }

    @Test
    void recordedPathsMapToLocalFiles() {
        assertThat(JobTabs.localPath("file:/tmp/a/rank-1.json")).isEqualTo(Path.of("/tmp/a/rank-1.json"));
        assertThat(JobTabs.localPath("file:///tmp/a/rank-1.json")).isEqualTo(Path.of("/tmp/a/rank-1.json"));
        assertThat(JobTabs.localPath("/tmp/a/rank-1.json")).isEqualTo(Path.of("/tmp/a/rank-1.json"));
        assertThat(JobTabs.localPath("hdfs://nn:8020/job/rank-1.json")).isNull();
        assertThat(JobTabs.localPath("s3a://bucket/job/rank-1.json")).isNull();
    }
}
