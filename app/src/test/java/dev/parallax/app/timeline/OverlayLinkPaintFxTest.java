package dev.parallax.app.timeline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.app.testing.TestTraces;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
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

/** The critical path's outlines and arrows land on the slices they name. */
@ExtendWith(ApplicationExtension.class)
class OverlayLinkPaintFxTest {
    private TimelineView view;

    @Start
    void start(Stage stage) {
        view = new TimelineView();
        stage.setScene(new Scene(new StackPane(view), 1200, 700));
        stage.show();
    }

    /** Pixels of the path's orange-red (antialiased) in the box around (x, y). */
    private static int pathPixels(WritableImage img, double x, double y, int r) {
        int n = 0;
        for (int dx = -r; dx <= r; dx++) {
            for (int dy = -r; dy <= r; dy++) {
                Color c = img.getPixelReader().getColor((int) x + dx, (int) y + dy);
                if (c.getRed() > 0.7 && c.getRed() - c.getGreen() > 0.35 && c.getRed() - c.getBlue() > 0.45) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void outlinesMarkedSlicesAndDrawsArrowsBetweenThem(FxRobot robot) throws Exception {
        TraceSet set = TestTraces.smallSet();
        long b = TestTraces.BASE;
        Trace t = set.member(0).trace();
        SliceTrack cpu = t.tracks(TrackKind.CPU_THREAD).get(0);
        SliceTrack gpu = t.tracks(TrackKind.GPU_STREAM).get(0);
        int launch = 3; // step, opA, opB, cudaLaunchKernel in start order
        assertThat(t.string(cpu.name(launch))).isEqualTo("cudaLaunchKernel");
        Overlay ov = new Overlay("critical-path", "Critical path", List.of(),
                List.of(new Overlay.Mark(0, gpu.id(), 0)),
                List.of(new Overlay.Link(0, cpu.id(), launch, b + 410_000, gpu.id(), 0, b + 450_000,
                        "kernel_launch_delay")));
        robot.interact(() -> {
            view.addSet(set);
            view.setOverlays(set, List.of(ov));
            view.goTo(Location.range(0, b, b + 1_000_000));
        });
        WritableImage img = WaitForAsyncUtils.asyncFx(() -> {
            view.layout();
            view.paintNow();
            return view.canvas().snapshot(null, null);
        }).get(30, TimeUnit.SECONDS);
        double[] gemm = WaitForAsyncUtils.asyncFx(() -> view.painter().sliceBounds(view.model(),
                new SliceRef(set, 0, gpu.id(), 0), 700)).get(10, TimeUnit.SECONDS);
        double[] call = WaitForAsyncUtils.asyncFx(() -> view.painter().sliceBounds(view.model(),
                new SliceRef(set, 0, cpu.id(), launch), 700)).get(10, TimeUnit.SECONDS);
        // the outline runs along gemm's top edge, not along the unmarked nccl kernel's
        assertThat(pathPixels(img, gemm[0] + gemm[2] / 2, gemm[1], 1)).isPositive();
        double[] nccl = WaitForAsyncUtils.asyncFx(() -> view.painter().sliceBounds(view.model(),
                new SliceRef(set, 0, gpu.id(), 1), 700)).get(10, TimeUnit.SECONDS);
        assertThat(pathPixels(img, nccl[0] + nccl[2] / 2, nccl[1], 1)).isZero();
        // the arrow: from the launch call's start to gemm's start, head at gemm's start
        double mx = (call[0] + gemm[0]) / 2;
        double my = (call[1] + call[3] / 2 + gemm[1] + gemm[3] / 2) / 2;
        assertThat(pathPixels(img, mx, my, 3)).isPositive();
        assertThat(pathPixels(img, gemm[0] - 3, gemm[1] + gemm[3] / 2, 2)).isPositive();
    }
}
