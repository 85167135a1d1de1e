package dev.parallax.app.diff;

import dev.parallax.analysis.Table;
import dev.parallax.analysis.diff.StepSelection;
import dev.parallax.analysis.diff.TraceDiff;
import dev.parallax.app.timeline.SliceRef;
import dev.parallax.util.Progress;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The compare view on HTA's trace_compare pair, headless: both timelines, aligned steps, rows selecting slices. */
@ExtendWith(ApplicationExtension.class)
class CompareViewFxTest {
    private CompareView view;

    @Start
    void start(Stage stage) {
        view = new CompareView((a, p) -> { });
        stage.setScene(new Scene(view, 1200, 900));
        stage.show();
    }

    private static Path traces() {
        Path p = Path.of(System.getProperty("parallax.shared.traces", "../../shared/traces")).resolve("hta/trace_compare");
        assumeTrue(Files.isDirectory(p), "shared real traces not found at " + p + ": skipped");
        return p;
    }

    @Test
    void rowsSelectMatchingSlicesOnBothSidesAndZoomIsShared(FxRobot robot) throws Exception {
        Path p = traces();
        StepSelection step = StepSelection.parse("1010");
        CompareWindow.Loaded loaded = CompareWindow.compute(p.resolve("base"), p.resolve("test"),
                TraceDiff.Options.defaults().withSteps(step, step), Progress.none());
        robot.interact(() -> view.show(loaded.a(), loaded.b(), loaded.comparison()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.resultView().tabs().getTabs()).extracting(t -> t.getText()).anyMatch(t -> t.contains("explains"));
        Table kernels = view.comparison().result().table("kernels");
        int row = -1;
        for (int i = 0; i < kernels.rows().size(); i++) {
            if ("at::native::vectorized_elementwise_kernel".equals(kernels.value(i, "name"))) {
                row = i;
            }
        }
        int r = row;
        AtomicReference<DiffSelection.Match> match = new AtomicReference<>();
        robot.interact(() -> match.set(view.showRow(kernels, r)));
        WaitForAsyncUtils.waitForFxEvents();
        // step 1010: two instances in A, one in B
        assertThat(match.get().a().slices()).hasSize(2);
        assertThat(match.get().b().slices()).hasSize(1);
        SliceRef selA = view.timelineA().selectedProperty().get();
        SliceRef selB = view.timelineB().selectedProperty().get();
        assertThat(selA.name()).startsWith("void at::native::vectorized_elementwise_kernel");
        assertThat(selB.name()).startsWith("void at::native::vectorized_elementwise_kernel");
        assertThat(selA.set()).isSameAs(loaded.a());
        assertThat(selB.set()).isSameAs(loaded.b());
        robot.interact(() -> view.timelineA().zoomAt(300, 0.5));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.timelineB().model().viewport().nsPerPixel())
                .isEqualTo(view.timelineA().model().viewport().nsPerPixel());
        assertThat(view.timelineB().model().viewport().start() - view.timelineA().model().viewport().start())
                .isEqualTo(view.sync().shift());
    }
}
