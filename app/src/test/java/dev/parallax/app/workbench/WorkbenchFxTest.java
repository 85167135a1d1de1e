package dev.parallax.app.workbench;

import dev.parallax.analysis.Location;
import dev.parallax.app.testing.TestTraces;
import dev.parallax.app.timeline.AreaSelection;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.app.timeline.TimeFormat;
import dev.parallax.app.timeline.TimelineRow;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.app.timeline.TrackNode;
import dev.parallax.app.timeline.Viewport;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the real workbench window headless (Monocle) on real traces. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchFxTest {
    private Workbench wb;
    private Path home;

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

    /** Opens both ranks of hta/trace_filter through the drop handler and waits for the load. */
    private TraceSet openTraceFilter(FxRobot robot) throws Exception {
        Path dir = TestTraces.shared("hta/trace_filter");
        List<java.io.File> files = List.of(dir.resolve("sampled_rank-0.json.gz").toFile(),
                dir.resolve("sampled_rank-1.json.gz").toFile());
        robot.interact(() -> assertThat(wb.dropHandler().accept(files)).isTrue());
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !timeline().model().sets().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        return timeline().model().sets().get(0);
    }

    private Point2D screen(double canvasX, double canvasY) {
        return timeline().canvas().localToScreen(canvasX, canvasY);
    }

    /** The longest slice of the first GPU stream of rank 0. */
    private static SliceRef longestKernel(TraceSet set) {
        Trace t = set.member(0).trace();
        SliceTrack best = null;
        int bestRow = -1;
        for (SliceTrack st : t.tracks(TrackKind.GPU_STREAM)) {
            for (int r = 0; r < st.size(); r++) {
                if (best == null || st.duration(r) > best.duration(bestRow)) {
                    best = st;
                    bestRow = r;
                }
            }
        }
        return new SliceRef(set, 0, best.id(), bestRow);
    }

    @Test
    void droppedRankFilesOpenAsOneSetOnOneAxis(FxRobot robot) throws Exception {
        TraceSet set = openTraceFilter(robot);
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.members()).extracting(TraceSet.Member::rank).containsExactly(0, 1);
        TrackNode root = timeline().model().tree().roots().get(0);
        assertThat(root.children()).extracting(TrackNode::rank).containsExactly(0, 1);
        Viewport vp = timeline().model().viewport();
        assertThat(vp.start()).isLessThanOrEqualTo(0);
        assertThat(vp.end()).isGreaterThanOrEqualTo(set.maxTime() - set.minTime());
        assertThat(wb.explorer().getRoot().getChildren()).hasSize(1);
        assertThat(wb.log().entries()).anyMatch(e -> e.text().startsWith("Opened") && e.text().contains("2 rank"));
        assertThat(wb.recentFiles().entries()).hasSize(1);
        assertThat(wb.recentFiles().entries().get(0)).extracting(p -> p.getFileName().toString())
                .containsExactly("sampled_rank-0.json.gz", "sampled_rank-1.json.gz");
        assertThat(new RecentFiles(home.resolve("recent.txt")).entries()).isEqualTo(wb.recentFiles().entries());
    }

    @Test
    void perfettoKeysZoomAtTheMouseAndPan(FxRobot robot) throws Exception {
        openTraceFilter(robot);
        double g = timeline().painter().gutterWidth();
        double mx = g + 300;
        robot.moveTo(screen(mx, 200));
        robot.interact(() -> timeline().requestFocus());
        Viewport vp = timeline().model().viewport();
        double scale0 = vp.nsPerPixel();
        long under0 = vp.time(300);
        robot.type(KeyCode.W);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vp.nsPerPixel()).isCloseTo(scale0 * 0.8, org.assertj.core.data.Offset.offset(scale0 * 1e-6));
        assertThat((double) Math.abs(vp.time(300) - under0)).isLessThanOrEqualTo(2 * vp.nsPerPixel());
        robot.type(KeyCode.W, 3);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vp.nsPerPixel()).isCloseTo(scale0 * Math.pow(0.8, 4), org.assertj.core.data.Offset.offset(scale0 * 1e-6));
        long start = vp.start();
        robot.type(KeyCode.D);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat((double) (vp.start() - start)).isCloseTo(0.1 * vp.width() * vp.nsPerPixel(),
                org.assertj.core.data.Offset.offset(2.0));
        robot.type(KeyCode.A, 2);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vp.start()).isLessThan(start);
        double scale = vp.nsPerPixel();
        robot.type(KeyCode.S);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vp.nsPerPixel()).isCloseTo(scale / 0.8, org.assertj.core.data.Offset.offset(scale * 1e-6));
        assertThat(timeline().frameCount()).isPositive();
    }

    @Test
    void clickingASliceShowsItsDetails(FxRobot robot) throws Exception {
        TraceSet set = openTraceFilter(robot);
        SliceRef k = longestKernel(set);
        robot.interact(() -> timeline().goTo(Location.slice(0, k.track(), k.row(), k.start(), k.end())));
        assertThat(timeline().selectedProperty().get()).isEqualTo(k);
        Viewport vp = timeline().model().viewport();
        assertThat(vp.start()).isLessThanOrEqualTo(k.start() - set.minTime());
        assertThat(vp.end()).isGreaterThanOrEqualTo(k.end() - set.minTime());
        robot.interact(() -> timeline().requestFocus());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().selectedProperty().get()).isNull();
        double[] p = WaitForAsyncUtils.asyncFx(() -> timeline().screenPoint(k)).get(10, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
        robot.clickOn(screen(p[0], p[1]), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().selectedProperty().get()).isEqualTo(k);
        assertThat(wb.details().shown()).isEqualTo(k);
        assertThat(robot.lookup("#details-name").queryAs(Label.class).getText()).isEqualTo(k.name());
        assertThat(robot.lookup("#details-duration").queryAs(Label.class).getText())
                .isEqualTo(TimeFormat.duration(k.end() - k.start()));
        assertThat(robot.lookup("#details-category").queryAs(Label.class).getText()).isEqualTo("kernel");
        assertThat(robot.lookup("#details-rank").queryAs(Label.class).getText()).isEqualTo("0");
        // a kernel has no children on its stream: self time equals its duration
        assertThat(robot.lookup("#details-self").queryAs(Label.class).getText())
                .isEqualTo(TimeFormat.duration(k.end() - k.start()));
        // trace_filter has no flow events: the launch is found by the shared correlation id
        assertThat(wb.details().flowLinks()).hasSize(1);
        assertThat(wb.details().flowLinks().get(0).getText()).startsWith("↔ cudaLaunchKernel");
        robot.interact(() -> wb.details().flowLinks().get(0).fire());
        SliceRef launch = timeline().selectedProperty().get();
        assertThat(launch.name()).isEqualTo("cudaLaunchKernel");
        assertThat(launch.start()).isLessThanOrEqualTo(k.start());
        Trace tr = set.member(0).trace();
        int corr = tr.strings().find("correlation");
        assertThat(tr.args().getLong(launch.sliceTrack().args(launch.row()), corr, tr.strings(), -1))
                .isEqualTo(tr.args().getLong(k.sliceTrack().args(k.row()), corr, tr.strings(), -2));
        robot.interact(() -> timeline().select(k));
                // F focuses the selection, M marks its range
        robot.type(KeyCode.F, KeyCode.M);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().model().hasMark()).isTrue();
        assertThat(timeline().model().markStart()).isEqualTo(k.start() - set.minTime());
    }

    @Test
    void draggingAcrossTracksAggregatesTheArea(FxRobot robot) throws Exception {
        TraceSet set = openTraceFilter(robot);
        SliceRef k = longestKernel(set);
        robot.interact(() -> timeline().showRange(set, k.start() - (k.end() - k.start()) * 20,
                k.end() + (k.end() - k.start()) * 20));
        robot.interact(() -> timeline().scrollToNode(timeline().model().tree().nodeOf(k.sliceTrack()).parent()));
        TimelineRow proc = timeline().model().layout().rowOf(timeline().model().tree().nodeOf(k.sliceTrack()).parent());
        double top = timeline().painter().rowScreenY(timeline().model(), proc, timeline().canvas().getHeight());
        double g = timeline().painter().gutterWidth();
        robot.drag(screen(g + 50, top + 30), MouseButton.PRIMARY).moveTo(screen(g + 500, top + 110))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        AreaSelection area = timeline().areaProperty().get();
        assertThat(area).isNotNull();
        assertThat(area.tracks()).isNotEmpty().allMatch(n -> n.rank() == 0);
        long expected = 0;
        for (TrackNode n : area.tracks()) {
            if (n.slices() != null) {
                expected += n.slices().countOverlapping(area.absoluteStart(set), area.absoluteEnd(set));
            }
        }
        assertThat(expected).isPositive();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !wb.aggregate().isBusy());
        WaitForAsyncUtils.waitForFxEvents();
        long shown = wb.aggregate().table().getItems().stream().mapToLong(r -> r.count()).sum();
        assertThat(shown).isEqualTo(expected);
        String tsv = wb.aggregate().tsv();
        assertThat(tsv.split("\n")).hasSize(wb.aggregate().table().getItems().size() + 1);
        assertThat(wb.aggregate().table().getColumns()).allMatch(c -> c.isSortable());
        // sorting by count (the column header click) reorders the table, and the TSV follows it
        robot.interact(() -> {
            var count = wb.aggregate().table().getColumns().get(1);
            count.setSortType(javafx.scene.control.TableColumn.SortType.DESCENDING);
            wb.aggregate().table().getSortOrder().setAll(List.of(count));
        });
        var items = wb.aggregate().table().getItems();
        for (int i = 1; i < items.size(); i++) {
            assertThat(items.get(i - 1).count()).isGreaterThanOrEqualTo(items.get(i).count());
        }
        assertThat(wb.aggregate().tsv().split("\n")[1]).startsWith(items.get(0).name().replace('\t', ' '));
    }

    @Test
    void searchCountsMatchesAndStepsThroughThem(FxRobot robot) throws Exception {
        TraceSet set = openTraceFilter(robot);
        robot.interact(() -> wb.search().setQuery("ncclKernel", false));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> wb.search().matches() != null);
        long naive = 0;
        for (Trace t : set.traces()) {
            for (SliceTrack st : t.sliceTracks()) {
                for (int r = 0; r < st.size(); r++) {
                    naive += t.string(st.name(r)).toLowerCase(Locale.ROOT).contains("ncclkernel") ? 1 : 0;
                }
            }
        }
        assertThat(naive).isPositive();
        assertThat((long) wb.search().matchCount()).isEqualTo(naive);
        long[] marks = timeline().model().searchMarks();
        assertThat(marks).hasSize((int) naive);
        for (int i = 1; i < marks.length; i++) {
            assertThat(marks[i]).isGreaterThanOrEqualTo(marks[i - 1]);
        }
        robot.clickOn("#search-field").type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        SliceRef first = timeline().selectedProperty().get();
        assertThat(first).isNotNull();
        assertThat(first.name()).contains("ncclKernel");
        int i0 = wb.search().currentIndex();
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
        SliceRef second = timeline().selectedProperty().get();
        assertThat(wb.search().currentIndex()).isEqualTo((i0 + 1) % (int) naive);
        assertThat(second.start()).isGreaterThanOrEqualTo(first.start());
        assertThat(robot.lookup("#search-count").queryAs(Label.class).getText())
                .isEqualTo(String.format("%,d / %,d", i0 + 2, naive));
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().selectedProperty().get()).isEqualTo(first);
        // the selected match is on screen
        Viewport vp = timeline().model().viewport();
        long d = first.start() - set.minTime();
        assertThat(d).isBetween(vp.start() - (first.end() - first.start()), vp.end());
    }

    @Test
    void flowLinksSelectTheOtherEnd(FxRobot robot) {
        TraceSet set = TestTraces.smallSet();
        robot.interact(() -> timeline().addSet(set));
        Trace t = set.member(0).trace();
        SliceTrack cpu = t.tracks(TrackKind.CPU_THREAD).get(0);
        int launch = -1;
        for (int r = 0; r < cpu.size(); r++) {
            if (t.string(cpu.name(r)).equals("cudaLaunchKernel")) {
                launch = r;
            }
        }
        SliceRef l = new SliceRef(set, 0, cpu.id(), launch);
        robot.interact(() -> timeline().select(l));
        assertThat(wb.details().flowLinks()).hasSize(1);
        robot.clickOn(wb.details().flowLinks().get(0));
        WaitForAsyncUtils.waitForFxEvents();
        SliceRef k = timeline().selectedProperty().get();
        assertThat(k.name()).isEqualTo("gemm");
        assertThat(k.sliceTrack().kind()).isEqualTo(TrackKind.GPU_STREAM);
        assertThat(wb.details().flowLinks()).hasSize(1);
        assertThat(wb.details().flowLinks().get(0).getText()).startsWith("← cudaLaunchKernel");
    }

    @Test
    void pinningAndCollapsingFromTheExplorerChangeTheTimelineRows(FxRobot robot) {
        TraceSet set = TestTraces.smallSet();
        robot.interact(() -> timeline().addSet(set));
        TrackNode gpu = timeline().model().tree().nodeOf(set.member(1).trace().tracks(TrackKind.GPU_STREAM).get(0));
        robot.interact(() -> timeline().setPinned(gpu, true));
        assertThat(timeline().model().layout().pinnedRows()).extracting(TimelineRow::node).containsExactly(gpu);
        assertThat(timeline().model().layout().rows()).noneMatch(r -> r.node() == gpu);
        TrackNode rank1 = timeline().model().tree().roots().get(0).children().get(1);
        int before = timeline().model().layout().rows().size();
        robot.interact(() -> wb.explorer().itemOf(rank1).setExpanded(false));
        assertThat(timeline().model().tree().isCollapsed(rank1)).isTrue();
        List<TimelineRow> rows = timeline().model().layout().rows();
        assertThat(rows.size()).isLessThan(before);
        assertThat(rows).noneMatch(r -> r.node().parent() != null && r.node().parent().parent() == rank1);
        assertThat(timeline().model().layout().pinnedRows()).extracting(TimelineRow::node).containsExactly(gpu);
        robot.interact(() -> timeline().setCollapsed(rank1, false));
        assertThat(wb.explorer().itemOf(rank1).isExpanded()).isTrue();
    }

    @Test
    void aCutOffTraceOpensWithItsRepairInTheLog(FxRobot robot) throws Exception {
        Path src = TestTraces.shared("hta/trace_filter/sampled_rank-0.json.gz");
        byte[] all;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(src))) {
            all = in.readAllBytes();
        }
        Path cut = home.resolve("crashed_rank-0.json.tmp");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length * 3 / 5));
        robot.interact(() -> wb.dropHandler().accept(List.of(cut.toFile())));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !timeline().model().sets().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(timeline().model().sets().get(0).member(0).trace().diagnostics().truncated()).isTrue();
        assertThat(wb.log().entries()).anyMatch(e -> e.level() == LogPanel.Level.WARNING
                && e.text().contains("crashed_rank-0.json.tmp"));
        assertThat(timeline().model().sets().get(0).member(0).trace().sliceCount()).isPositive();
    }

    @Test
    void aFileNoImporterReadsIsRefusedWithItsName(FxRobot robot) throws Exception {
        Path bad = home.resolve("notes.txt");
        Files.writeString(bad, "these are not trace events\n");
        robot.interact(() -> wb.dropHandler().accept(List.of(bad.toFile())));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> wb.log().entries().stream().anyMatch(e -> e.level() == LogPanel.Level.ERROR));
        assertThat(timeline().model().sets()).isEmpty();
        assertThat(wb.log().entries()).anyMatch(e -> e.level() == LogPanel.Level.ERROR && e.text().contains("notes.txt"));
    }
}
