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
        stage.sizeToScene(); // the stage is shared by the tests; one of them narrows it
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

    /** The serving sample opened as a folder (trace + vLLM log on one clock), in a 1280-px window. */
    @Test
    void servingFolderScreenshot(FxRobot robot) throws Exception {
        Path folder = dev.parallax.samples.BundledSamples.extract(
                dev.parallax.samples.BundledSamples.get("serving-vllm-burst"), home.resolve("samples"));
        robot.interact(() -> {
            wb.stage().setWidth(1280);
            wb.stage().setHeight(800);
            wb.open(List.of(folder));
        });
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> loads.get() == 1);
        var set = wb.timeline().model().sets().get(0);
        assertThat(set.maxTime() - set.minTime()).isLessThan(300_000_000_000L);
        robot.interact(() -> {
            wb.fit();
            wb.timeline().paintNow();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Path file = OUT.resolve("serving-folder-1280.png");
        int[] size = WaitForAsyncUtils.asyncFx(() -> WindowScreenshot.save(wb.stage().getScene(), file))
                .get(60, TimeUnit.SECONDS);
        assertThat(size[0]).isEqualTo(1280);
        // the toolbar fits: its last item, the set chooser, is laid out inside the window (not in the ">>" menu)
        javafx.scene.control.ComboBox<?> chooser = robot.lookup(".tool-bar .combo-box")
                .queryAs(javafx.scene.control.ComboBox.class);
        assertThat(chooser.getScene()).isNotNull();
        assertThat(chooser.localToScene(chooser.getBoundsInLocal()).getMaxX()).isLessThanOrEqualTo(1280);
        // and the key hint is in the status bar
        assertThat(robot.lookup(".key-hint").queryAs(javafx.scene.control.Label.class).getText()).startsWith("W/S zoom");
    }

    /** A log that cannot be aligned (wrong zone given) opens with a readable warning inside the window. */
    @Test
    void unalignedLogWarningScreenshot(FxRobot robot) throws Exception {
        Path folder = dev.parallax.samples.BundledSamples.extract(
                dev.parallax.samples.BundledSamples.get("serving-vllm-burst"), home.resolve("samples"));
        System.setProperty(dev.parallax.serving.io.ServingClock.ZONE_PROPERTY, "+05:00");
        try {
            robot.interact(() -> wb.open(List.of(folder)));
            WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> loads.get() == 1);
        } finally {
            System.clearProperty(dev.parallax.serving.io.ServingClock.ZONE_PROPERTY);
        }
        assertThat(wb.log().entries()).anyMatch(e -> e.level() == LogPanel.Level.WARNING
                && e.text().contains("vllm-serve.log: NOT aligned") && e.text().contains("parallax.log.zone"));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.stage.Window popup = javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.stage.PopupWindow && w.isShowing()).findFirst().orElseThrow();
        // inside the window
        assertThat(popup.getX()).isGreaterThanOrEqualTo(wb.stage().getX());
        assertThat(popup.getX() + popup.getWidth()).isLessThanOrEqualTo(wb.stage().getX() + wb.stage().getWidth() + 1);
        javafx.scene.control.Label text = (javafx.scene.control.Label) popup.getScene().getRoot()
                .lookupAll(".label").stream().filter(n -> n instanceof javafx.scene.control.Label l
                        && l.getText() != null && l.getText().contains("NOT aligned")).findFirst().orElseThrow();
        assertThat(text.getText()).contains("View > Shift Clock of a Rank…");
        javafx.scene.paint.Color fill = (javafx.scene.paint.Color) text.getTextFill();
        assertThat(fill.getBrightness()).as("light text on the dark notification").isGreaterThan(0.8);
        WaitForAsyncUtils.asyncFx(() -> WindowScreenshot.save(popup.getScene(), OUT.resolve("notification.png")))
                .get(60, TimeUnit.SECONDS);
    }
}
