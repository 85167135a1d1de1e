package dev.parallax.app.workbench;

import dev.parallax.app.testing.TestTraces;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.app.timeline.Viewport;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import javafx.scene.control.Button;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keyboard focus, tree navigation, the status bar and Fit per trace set in the real workbench window. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFocusFxTest {
    private Workbench wb;
    private java.nio.file.Path home;

    @Start
    void start(Stage stage) throws IOException {
        home = Files.createTempDirectory("parallax-home");
        wb = new Workbench(stage, new ParallaxHome(home), new TraceOpener());
        stage.setScene(wb.createScene(1400, 900));
        stage.show();
    }

    private TimelineView timeline() {
        return wb.timeline();
    }

    private static SliceRef launch(TraceSet set) {
        Trace t = set.member(0).trace();
        SliceTrack cpu = t.tracks(TrackKind.CPU_THREAD).get(0);
        for (int r = 0; r < cpu.size(); r++) {
            if (t.string(cpu.name(r)).equals("cudaLaunchKernel")) {
                return new SliceRef(set, 0, cpu.id(), r);
            }
        }
        throw new AssertionError("no launch in the small trace");
    }

    /** One rank with one 10-second CPU slice. */
    private static TraceSet tenSeconds() {
        TraceBuilder b = new TraceBuilder("long.json");
        b.setProcessName("1", "python");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "1", "1");
        b.addSlice(cpu, 5_000_000_000L, 10_000_000_000L, b.intern("epoch"), b.intern("user_annotation"), -1);
        return new TraceSet("long", List.of(new TraceSet.Member(b.build(0, 0, 0), 0, RankSource.USER)));
    }

    @Test
    void afterAFlowLinkTheTimelineKeepsTheKeyboard(FxRobot robot) {
        TraceSet set = TestTraces.smallSet();
        robot.interact(() -> timeline().addSet(set));
        robot.interact(() -> timeline().select(launch(set)));
        robot.clickOn(wb.details().flowLinks().get(0));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().selectedProperty().get().name()).isEqualTo("gemm");
        assertThat(timeline().isFocused()).as("focus after the flow link").isTrue();
        // W still zooms: the key reaches the timeline, not the toolbar's Open… button
        double scale = timeline().model().viewport().nsPerPixel();
        robot.type(KeyCode.W);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().model().viewport().nsPerPixel()).isLessThan(scale);
    }

    @Test
    void aButtonActionReturnsTheKeyboardToTheTimeline(FxRobot robot) {
        robot.interact(() -> timeline().addSet(TestTraces.smallSet()));
        Button fit = robot.lookup(".tool-bar .button").queryAllAs(Button.class).stream()
                .filter(b -> "Fit".equals(b.getText())).findFirst().orElseThrow();
        robot.clickOn(fit);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().isFocused()).isTrue();
    }

    @Test
    void ctrlFReachesTheSearchFieldWhileTheTimelineHasFocus(FxRobot robot) {
        robot.interact(() -> timeline().addSet(TestTraces.smallSet()));
        robot.interact(() -> timeline().requestFocus());
        assertThat(timeline().isFocused()).isTrue();
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(wb.search().field().isFocused()).isTrue();
        // plain F on the timeline still focuses the selection (not the search)
        robot.interact(() -> timeline().requestFocus());
        robot.type(KeyCode.F);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().isFocused()).isTrue();
    }

    @Test
    void aClickOnATrackInTheTreeScrollsTheTimelineToItAndHighlightsIt(FxRobot robot) {
        for (int i = 0; i < 8; i++) {
            TraceSet s = TestTraces.smallSet();
            robot.interact(() -> timeline().addSet(s));
        }
        assertThat(timeline().model().scrollY()).isZero();
        TraceSet last = timeline().model().sets().get(7);
        TrackNode gpu = timeline().model().tree().nodeOf(last.member(1).trace().tracks(TrackKind.GPU_STREAM).get(0));
        TreeItem<TrackNode> item = wb.explorer().itemOf(gpu);
        robot.interact(() -> {
            for (TreeItem<TrackNode> p = item.getParent(); p != null; p = p.getParent()) {
                p.setExpanded(true);
            }
            wb.explorer().scrollTo(wb.explorer().getRow(item));
        });
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node cell = robot.lookup(".tree-cell").queryAll().stream()
                .filter(c -> c instanceof javafx.scene.control.TreeCell<?> tc && tc.getTreeItem() == item)
                .findFirst().orElseThrow();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().model().highlighted()).isSameAs(gpu);
        double y = timeline().model().layout().rowOf(gpu).y();
        assertThat(y).isPositive();
        assertThat(timeline().model().scrollY()).isGreaterThan(0).isLessThanOrEqualTo(y);
    }

    @Test
    void theStatusBarFollowsTheSelectionAndClearsWithIt(FxRobot robot) {
        TraceSet set = TestTraces.smallSet();
        robot.interact(() -> timeline().addSet(set));
        robot.interact(() -> timeline().select(launch(set)));
        assertThat(wb.statusBar().getText()).startsWith("Selected: cudaLaunchKernel").contains("10 µs");
        robot.interact(() -> timeline().clearSelection());
        assertThat(wb.statusBar().getText()).isEmpty();
    }

    @Test
    void fitFitsTheChosenSetNotTheLongestOne(FxRobot robot) {
        TraceSet small = TestTraces.smallSet();
        TraceSet big = tenSeconds();
        robot.interact(() -> {
            timeline().addSet(big);
            timeline().addSet(small);
            wb.chooseSet(small);
            wb.fit();
        });
        Viewport vp = timeline().model().viewport();
        long span = small.maxTime() - small.minTime(); // 1 ms
        assertThat(span).isEqualTo(1_000_000L);
        assertThat(vp.start()).isLessThanOrEqualTo(0).isGreaterThan(-span / 10);
        assertThat(vp.end()).isGreaterThanOrEqualTo(span).isLessThan(span + span / 10);
        robot.interact(() -> {
            wb.chooseSet(big);
            wb.fit();
        });
        assertThat(vp.end()).isGreaterThanOrEqualTo(10_000_000_000L).isLessThan(10_500_000_000L);
    }

    @Test
    void theBottomPaneKeepsTheSizeTheUserGaveIt(FxRobot robot) throws Exception {
        javafx.scene.control.SplitPane centre = robot.lookup(".split-pane").queryAllAs(javafx.scene.control.SplitPane.class)
                .stream().filter(p -> p.getOrientation() == javafx.geometry.Orientation.VERTICAL).findFirst().orElseThrow();
        assertThat(centre.getDividerPositions()[0]).isCloseTo(0.6, org.assertj.core.data.Offset.offset(0.01));
        robot.interact(() -> centre.setDividerPositions(0.45));
        WaitForAsyncUtils.waitFor(5, java.util.concurrent.TimeUnit.SECONDS,
                () -> new PaneLayout(new ParallaxHome(home)).divider("timeline.bottom", 0) > 0);
        assertThat(new PaneLayout(new ParallaxHome(home)).divider("timeline.bottom", 0))
                .isCloseTo(0.45, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void theExportDialogClosesWithEscapeAndGivesTheKeyboardBack(FxRobot robot) {
        TraceSet set = TestTraces.smallSet();
        robot.interact(() -> {
            timeline().addSet(set);
            wb.chooseSet(set);
            wb.exportReport();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Stage dialog = (Stage) javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof Stage st && st.getTitle() != null && st.getTitle().startsWith("Export report"))
                .findFirst().orElseThrow();
        robot.interact(dialog::requestFocus);
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(dialog.isShowing()).isFalse();
    }
}
