package dev.parallax.app.timeline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.app.bench.SyntheticTrace;
import dev.parallax.app.testing.TestTraces;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks the canvas pixels: slices, overlay lanes and the O(pixels) bound of merged blocks. */
@ExtendWith(ApplicationExtension.class)
class TimelinePaintFxTest {
    private TimelineView view;

    @Start
    void start(Stage stage) {
        view = new TimelineView();
        stage.setScene(new Scene(new StackPane(view), 1200, 700));
        stage.show();
    }

    private WritableImage paint() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            view.layout();
            view.paintNow();
            return view.canvas().snapshot(null, null);
        }).get(30, TimeUnit.SECONDS);
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 0.02 && Math.abs(a.getGreen() - b.getGreen()) < 0.02
                && Math.abs(a.getBlue() - b.getBlue()) < 0.02;
    }

    @Test
    void slicesAndOverlayLanesArePaintedWhereTheyAre(FxRobot robot) throws Exception {
        TraceSet set = TestTraces.smallSet();
        long b = TestTraces.BASE;
        Overlay ov = new Overlay("overlap", "Overlap", List.of(
                new Overlay.Lane(0, "communication", "#e15759", new long[] {b + 650_000}, new long[] {b + 900_000})));
        robot.interact(() -> {
            view.addSet(set);
            view.setOverlays(set, List.of(ov));
            view.goTo(Location.range(0, b, b + 1_000_000));
        });
        TrackNode rank0 = view.model().tree().roots().get(0).children().get(0);
        assertThat(rank0.children().get(0).kind()).isEqualTo(TrackNode.Kind.OVERLAY);
        WritableImage img = paint();
        // the overlay lane is red inside [650, 900) µs and not before it
        TimelineRow lane = view.model().layout().rowOf(rank0.children().get(0));
        double y = view.painter().rowScreenY(view.model(), lane, 700) + lane.height() / 2;
        double g = view.painter().gutterWidth();
        Viewport vp = view.model().viewport();
        Color red = Color.web("#e15759");
        assertThat(near(img.getPixelReader().getColor((int) (g + vp.x(775_000)), (int) y), red)).isTrue();
        assertThat(near(img.getPixelReader().getColor((int) (g + vp.x(500_000)), (int) y), red)).isFalse();
        // the gemm kernel is painted in its palette colour at its computed position
        Trace t = set.member(0).trace();
        SliceTrack gpu = t.tracks(TrackKind.GPU_STREAM).get(0);
        SliceRef gemm = new SliceRef(set, 0, gpu.id(), 0);
        assertThat(gemm.name()).isEqualTo("gemm");
        double[] p = WaitForAsyncUtils.asyncFx(() -> view.screenPoint(gemm)).get(10, TimeUnit.SECONDS);
        Color expected = SlicePalette.fill(SlicePalette.indexOf("gemm"));
        assertThat(near(img.getPixelReader().getColor((int) p[0] - 30, (int) p[1] + 6), expected)).isTrue();
        assertThat(WaitForAsyncUtils.asyncFx(() -> view.hitSlice(p[0], p[1])).get()).isEqualTo(gemm);
    }

    @Test
    void denseTracksCostPixelsNotEvents(FxRobot robot) throws Exception {
        TraceSet big = SyntheticTrace.generate(1, 200_000, 5, Progress.none());
        robot.interact(() -> {
            view.addSet(big);
            view.showAll();
        });
        paint();
        long rects = view.painter().lastRectCount();
        int visibleDepthRows = 0;
        for (TimelineRow r : view.model().layout().rows()) {
            if (r.node().slices() != null) {
                visibleDepthRows += r.node().slices().depthCount();
            }
        }
        // at full zoom-out each depth row draws at most about one shape per pixel column, far fewer than slices
        assertThat(rects).isPositive().isLessThanOrEqualTo((long) visibleDepthRows * 1000 + 10);
        assertThat(rects).isLessThan(big.member(0).trace().sliceCount() / 20);
    }

    @Test
    void runIndexesChangeSpeedNotPixels(FxRobot robot) throws Exception {
        TraceSet big = SyntheticTrace.generate(1, 120_000, 9, Progress.none());
        robot.interact(() -> view.addSet(big));
        SliceTrack busiest = big.member(0).trace().sliceTracks().stream()
                .max(java.util.Comparator.comparingInt(SliceTrack::size)).orElseThrow();
        assertThat(busiest.size()).isGreaterThanOrEqualTo(TimelineView.RUN_INDEX_MIN_SLICES);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !view.isIndexing());
        assertThat(view.painter().hasRunIndex(busiest)).isTrue();
        robot.interact(view::showAll);
        WritableImage with = paint();
        robot.interact(() -> view.painter().clearCaches());
        WritableImage without = paint();
        int w = (int) with.getWidth();
        int h = (int) with.getHeight();
        long differ = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (with.getPixelReader().getArgb(x, y) != without.getPixelReader().getArgb(x, y)) {
                    differ++;
                }
            }
        }
        // merged blocks may end a pixel apart at run boundaries; everything else is identical
        assertThat(differ).isLessThan((long) w * h / 200);
    }
}
