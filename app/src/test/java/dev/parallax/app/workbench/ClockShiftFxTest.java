package dev.parallax.app.workbench;

import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.DialogPane;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** View > Shift Clock of a Rank…: a log on another clock is moved by a typed offset, in the window. */
@ExtendWith(ApplicationExtension.class)
class ClockShiftFxTest {
    private Workbench wb;

    @Start
    void start(Stage stage) throws IOException {
        wb = new Workbench(stage, new ParallaxHome(Files.createTempDirectory("parallax-home")), new TraceOpener());
        stage.setScene(wb.createScene(1280, 800));
        stage.show();
    }

    @Test
    void offsetsAreReadInHumanUnits() {
        assertThat(ClockShift.parse("250 ms")).contains(250_000_000L);
        assertThat(ClockShift.parse("-1.5 s")).contains(-1_500_000_000L);
        assertThat(ClockShift.parse("3600")).contains(3_600_000_000_000L);
        assertThat(ClockShift.parse("+12 µs")).contains(12_000L);
        assertThat(ClockShift.parse("2 min")).contains(120_000_000_000L);
        assertThat(ClockShift.parse("-1 h")).contains(-3_600_000_000_000L);
        assertThat(ClockShift.parse("soon")).isEmpty();
        assertThat(ClockShift.parse("")).isEmpty();
    }

    @Test
    void theMenuItemMovesTheChosenRankByTheTypedOffset(FxRobot robot) throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("serving-vllm-burst"),
                Files.createTempDirectory("serving"));
        robot.interact(() -> wb.open(List.of(folder)));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> !wb.timeline().model().sets().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        TraceSet before = wb.chosenSet();
        assertThat(before.size()).isEqualTo(2);
        TraceSet.Member log = before.members().get(1); // the dialog proposes the last rank
        TraceSet.Member trace = before.members().get(0);
        assertThat(log.trace().source()).endsWith("vllm-serve.log");

        MenuBar bar = (MenuBar) wb.root().lookup(".menu-bar");
        MenuItem item = bar.getMenus().stream().flatMap(m -> m.getItems().stream())
                .filter(i -> "shift-clock".equals(i.getId())).findFirst().orElseThrow();
        assertThat(item.getText()).isEqualTo("Shift Clock of a Rank…");
        Platform.runLater(item::fire);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        robot.type(KeyCode.ENTER); // the proposed rank: the log
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog().map(d -> d.lookup(".text-field") != null)
                .orElse(false));
        WaitForAsyncUtils.waitForFxEvents();
        TextField field = (TextField) dialog().orElseThrow().lookup(".text-field");
        robot.interact(() -> field.setText("-5 s"));
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> wb.chosenSet() != before);
        WaitForAsyncUtils.waitForFxEvents();

        TraceSet after = wb.chosenSet();
        assertThat(wb.timeline().model().sets()).containsExactly(after);
        Trace moved = after.byRank(log.rank()).trace();
        assertThat(moved.minTime()).isEqualTo(log.trace().minTime() - 5_000_000_000L);
        assertThat(moved.maxTime()).isEqualTo(log.trace().maxTime() - 5_000_000_000L);
        assertThat(after.byRank(trace.rank()).trace()).isSameAs(trace.trace());
        assertThat(wb.log().entries()).anyMatch(e -> e.text().startsWith("Shifted rank " + log.rank()));
        robot.interact(() -> {
            try {
                WindowScreenshot.save(wb.root().getScene(), Path.of("target", "screenshots", "shift-clock.png"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private static Optional<Node> dialog() {
        return Window.getWindows().stream().filter(w -> w.getScene() != null
                && w.getScene().getRoot() instanceof DialogPane).map(w -> (Node) w.getScene().getRoot()).findFirst();
    }
}
