package dev.parallax.app.timeline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.app.testing.TestTraces;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
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

/** The "efficiency" colour mode paints kernels by their band of the roofline analysis's overlay. */
@ExtendWith(ApplicationExtension.class)
class EfficiencyColorsFxTest {
    private TimelineView view;

    @Start
    void start(Stage stage) {
        view = new TimelineView();
        stage.setScene(new Scene(new StackPane(view), 1200, 700));
        stage.show();
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 0.02 && Math.abs(a.getGreen() - b.getGreen()) < 0.02
                && Math.abs(a.getBlue() - b.getBlue()) < 0.02;
    }

    private Color pixelOf(SliceRef s) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            view.layout();
            view.paintNow();
            WritableImage img = view.canvas().snapshot(null, null);
            double[] p = view.screenPoint(s);
            return img.getPixelReader().getColor((int) p[0] - 30, (int) p[1] + 6);
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void kernelsTakeTheirBandColourAndOthersGrey(FxRobot robot) throws Exception {
        TraceSet set = TestTraces.smallSet();
        long b = TestTraces.BASE;
        // the gemm kernel [450, 600) µs is in the "< 25 %" band; the all-reduce is no modelled operator's
        Overlay ov = new Overlay(EfficiencyColors.OVERLAY_ID, "Kernel efficiency", List.of(
                new Overlay.Lane(0, "< 25 % of roofline", "#c62828", new long[] {b + 450_000}, new long[] {b + 600_000})));
        robot.interact(() -> {
            view.addSet(set);
            view.setOverlays(set, List.of(ov));
            view.goTo(Location.range(0, b, b + 1_000_000));
        });
        SliceTrack gpu = set.member(0).trace().tracks(TrackKind.GPU_STREAM).get(0);
        SliceRef gemm = new SliceRef(set, 0, gpu.id(), 0);
        SliceRef allReduce = new SliceRef(set, 0, gpu.id(), 1);
        assertThat(view.model().hasEfficiency()).isTrue();
        assertThat(near(pixelOf(gemm), SlicePalette.fill(SlicePalette.indexOf("gemm")))).isTrue();
        robot.interact(() -> view.model().setColorByEfficiency(true));
        assertThat(near(pixelOf(gemm), Color.web("#c62828"))).isTrue();
        assertThat(near(pixelOf(allReduce), EfficiencyColors.UNMODELLED)).isTrue();
    }
}
