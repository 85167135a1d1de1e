package dev.parallax.app.diff;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.diff.TraceDiff;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.workbench.ParallaxHome;
import dev.parallax.app.workbench.TraceOpener;
import dev.parallax.app.workbench.Workbench;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** File > Compare Runs… is in the workbench's menu; the compare window loads, compares and shows both runs. */
@ExtendWith(ApplicationExtension.class)
class CompareWindowFxTest {
    private Stage stage;
    private Workbench wb;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        wb = new Workbench(stage, new ParallaxHome(Files.createTempDirectory("parallax-home")), new TraceOpener());
        stage.setScene(wb.createScene(1200, 800));
        stage.show();
    }

    @Test
    void fileMenuOffersCompareAndTheWindowShowsTheComparison(FxRobot robot) throws Exception {
        MenuBar bar = (MenuBar) stage.getScene().getRoot().lookup(".menu-bar");
        Menu file = bar.getMenus().stream().filter(m -> m.getText().equals("File")).findFirst().orElseThrow();
        assertThat(file.getItems()).anyMatch(i -> "menu-compare-runs".equals(i.getId()));

        Path p = Path.of(System.getProperty("parallax.shared.traces", "../../shared/traces")).resolve("hta/trace_compare");
        assumeTrue(Files.isDirectory(p), "shared real traces not found at " + p + ": skipped");
        List<String> log = new ArrayList<>();
        AtomicReference<CompareWindow> window = new AtomicReference<>();
        robot.interact(() -> window.set(CompareWindow.open(new FakeContext(stage, log), p.resolve("base"),
                p.resolve("test"), TraceDiff.Options.defaults())));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> window.get().stage().isShowing());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.get().view().comparison().pairs()).hasSize(1);
        assertThat(window.get().stage().getTitle()).isEqualTo("Compare: test against base");
        assertThat(log).anyMatch(l -> l.contains("step time +0.0 µs"));
        robot.interact(() -> window.get().stage().close());
    }

    /** Runs background work on a thread and hands the value back on the JavaFX thread. */
    private record FakeContext(Window owner, List<String> log) implements ViewContext {
        @Override
        public void select(TraceSet set, Location location) {
        }

        @Override
        public void showRange(TraceSet set, long start, long end) {
        }

        @Override
        public Result run(String analysisId, TraceSet set, ParameterValues parameters, Progress progress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> Background background(String title, Work<T> work, Consumer<T> done) {
            Thread t = new Thread(() -> {
                try {
                    T value = work.run(Progress.none());
                    Platform.runLater(() -> done.accept(value));
                } catch (Exception e) {
                    Platform.runLater(() -> log.add("failed: " + e));
                }
            });
            t.start();
            return new Background() {
                @Override
                public void cancel() {
                }

                @Override
                public boolean isDone() {
                    return !t.isAlive();
                }
            };
        }

        @Override
        public void log(String message) {
            log.add(message);
        }

        @Override
        public Window owner() {
            return owner;
        }

        @Override
        public Path home() {
            return Path.of(".");
        }

        @Override
        public void open(List<Path> paths) {
        }

        @Override
        public void showLive(TraceSet set) {
        }

        @Override
        public void removeLive(TraceSet set) {
        }
    }
}
