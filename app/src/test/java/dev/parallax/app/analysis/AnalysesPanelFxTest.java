package dev.parallax.app.analysis;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.bench.SyntheticTraceSet;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Chooses an analysis, edits a parameter, runs it off the UI thread, cancels a run. */
@ExtendWith(ApplicationExtension.class)
class AnalysesPanelFxTest {
    private final List<Location> visited = new ArrayList<>();
    private AnalysesPanel panel;

    /** One rank: a GEMM stream and an NCCL stream, half of the all-reduce under the GEMM. */
    static TraceSet smallSet() {
        TraceBuilder b = new TraceBuilder("panel-test");
        int compute = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        b.setGpuStream(compute, 0, 7);
        int comm = b.sliceTrack(TrackKind.GPU_STREAM, "0", "9");
        b.setGpuStream(comm, 0, 9);
        int kernel = b.intern("kernel");
        int stream = b.intern("stream");
        ArgStore.Builder a = b.args();
        a.begin();
        a.putLong(stream, 7);
        b.addSlice(compute, 0, 100_000, b.intern("gemm"), kernel, a.end());
        a.begin();
        a.putLong(stream, 9);
        b.addSlice(comm, 50_000, 100_000, b.intern("ncclKernel_AllReduce_RING_LL_Sum_float"), kernel, a.end());
        Trace t = b.build(0, 0, 0);
        return new TraceSet("small", List.of(new TraceSet.Member(t, 0, RankSource.USER)));
    }

    @Start
    void start(Stage stage) {
        panel = new AnalysesPanel(Analyses.discover(), visited::add);
        stage.setScene(new Scene(panel, 1200, 800));
        stage.show();
    }

    @Test
    void runsTheChosenAnalysisInTheBackgroundAndShowsItsResult(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#run-analysis").queryButton().isDisabled()).isTrue();
        robot.interact(() -> {
            panel.setTraceSet(smallSet());
            assertThat(panel.select("overlap")).isTrue();
        });
        assertThat(panel.propertySheet().getItems()).extracting(i -> i.getName())
                .contains("preset", "rules", "low_overlap_pct");
        List<Result> shown = new ArrayList<>();
        robot.interact(() -> panel.resultView().resultProperty().addListener((o, a, b) -> shown.add(b)));
        robot.clickOn("#run-analysis");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> panel.resultView().result() != null);
        WaitForAsyncUtils.waitForFxEvents();
        Result r = panel.resultView().result();
        assertThat(r.analysisId()).isEqualTo("overlap");
        assertThat((Double) r.table("ranks").value(0, "overlap_pct")).isEqualTo(50.0);
        assertThat(robot.lookup("#analysis-status").queryAs(Label.class).getText()).startsWith("Done");
        assertThat(panel.resultView().tabs().getTabs()).isNotEmpty();
        assertThat(shown).containsExactly(r);
        assertThat(r.overlays().get(0).lanes()).extracting(l -> l.label())
                .containsExactly("compute", "communication", "exposed communication");

        robot.interact(() -> {
            panel.setParameter("preset", "hta");
            panel.setParameter("low_overlap_pct", 60.0);
        });
        assertThat(panel.currentValues().asMap()).containsEntry("preset", "hta").containsEntry("low_overlap_pct", 60.0);
        robot.clickOn("#run-analysis");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> panel.resultView().result() != r);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(panel.resultView().result().findings())
                .anyMatch(f -> f.code().equals(dev.parallax.analysis.gpu.PresetNotes.PRESET_FILTERS))
                .anyMatch(f -> f.code().equals(dev.parallax.analysis.overlap.CommComputeOverlapAnalysis.LOW_OVERLAP)
                        && f.gainNs() == 50_000);
    }

    @Test
    void cancelStopsARunAndKeepsThePreviousView(FxRobot robot) throws Exception {
        TraceSet big = SyntheticTraceSet.generate(400_000, 4, 3);
        Task<?>[] task = new Task<?>[1];
        robot.interact(() -> {
            panel.setTraceSet(big);
            panel.select("breakdown");
            task[0] = panel.runSelected();
            assertThat(robot.lookup("#cancel-analysis").queryButton().isDisabled()).isFalse();
            panel.cancel();
            assertThat(task[0].getState()).isEqualTo(Worker.State.CANCELLED);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#analysis-status").queryAs(Label.class).getText()).isEqualTo("Cancelled.");
        assertThat(panel.resultView().result()).isNull();
        assertThat(robot.lookup("#run-analysis").queryButton().isDisabled()).isFalse();
    }
}
