package dev.parallax.app.workbench;

import dev.parallax.app.testing.TestTraces;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Saves PNG screenshots of the window (under target/screenshots) on a real trace and on the bundled samples. */
@ExtendWith(ApplicationExtension.class)
class ScreenshotTest {
    private static final Path OUT = Path.of("target", "screenshots");
    private Workbench wb;
    private Path home;
    private final AtomicInteger loads = new AtomicInteger();

    @Start
    void start(Stage stage) throws IOException {
        home = Files.createTempDirectory("parallax-home");
        wb = new Workbench(stage, new ParallaxHome(home), new TraceOpener());
        wb.addLoadListener(r -> loads.incrementAndGet());
        stage.setScene(wb.createScene(1600, 960));
        stage.show();
    }

    private Path shoot(FxRobot robot, String name) throws Exception {
        Path file = OUT.resolve(name);
        robot.interact(() -> {
            DemoView.apply(wb.timeline(), wb.timeline().model().sets().get(0));
            wb.timeline().layout();
            wb.timeline().paintNow();
        });
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !wb.aggregate().isBusy());
        WaitForAsyncUtils.waitForFxEvents();
        int[] size = WaitForAsyncUtils.asyncFx(() -> WindowScreenshot.save(wb.stage().getScene(), file))
                .get(60, TimeUnit.SECONDS);
        assertThat(size).containsExactly(1600, 960);
        BufferedImage img = ImageIO.read(file.toFile());
        assertThat(img.getWidth()).isEqualTo(1600);
        // the picture is not blank: the timeline area holds many distinct colours (slices, text, panels)
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 60; y < 700; y += 7) {
            for (int x = 280; x < 1260; x += 5) {
                colours.add(img.getRGB(x, y));
            }
        }
        assertThat(colours.size()).isGreaterThan(20);
        return file;
    }

    @Test
    void realTraceScreenshot(FxRobot robot) throws Exception {
        Path dir = TestTraces.shared("hta/trace_filter");
        robot.interact(() -> wb.open(List.of(dir)));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> loads.get() == 1);
        assertThat(wb.timeline().model().sets()).hasSize(1);
        Path f = shoot(robot, "trace_filter.png");
        assertThat(Files.size(f)).isBetween(10_000L, 500_000L);
        assertThat(wb.details().shown()).isNotNull();
        assertThat(wb.aggregate().table().getItems()).isNotEmpty();
    }

    @Test
    void bundledSamplesScreenshot(FxRobot robot) throws Exception {
        robot.interact(() -> wb.openSamples());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> loads.get() >= 4);
        assertThat(wb.timeline().model().sets()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(wb.log().entries()).noneMatch(e -> e.level() == LogPanel.Level.ERROR);
        assertThat(wb.isFirstStart()).isFalse();
        assertThat(wb.recentFiles().entries()).isEmpty();
        shoot(robot, "samples.png");
    }
}
