package dev.parallax.app.roofline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.roofline.RooflineAnalysis;
import dev.parallax.app.workbench.WindowScreenshot;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Headless (Monocle) check of the roofline view on TraceLens's MI300X trace: a click on a point selects its call. */
@ExtendWith(ApplicationExtension.class)
class RooflineViewTest {
    private static final Path TRACE = Path.of("..", "..", "shared", "traces", "AMD-AGI--TraceLens", "tests", "traces",
            "mi300", "Qwen_Qwen1.5-0.5B-Chat__1016005.json.gz");
    private final List<Location> visited = new ArrayList<>();
    private RooflineView view;
    private Result result;
    private Stage stage;

    private static Path trace() {
        Path p = TRACE;
        if (!Files.isRegularFile(p)) {
            p = Path.of("..", "..", "wt", "shared", "traces").resolve(TRACE.subpath(4, TRACE.getNameCount()));
        }
        return p;
    }

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @Test
    void pointsPerGroupAndAClickSelectsTheSlowestCall(FxRobot robot) throws Exception {
        Path p = trace();
        Assumptions.assumeTrue(Files.isRegularFile(p), "shared trace absent: " + p);
        TraceSet set = TraceSetLoader.withDefaults().load(List.of(p), Progress.none()).traceSet();
        result = new RooflineAnalysis().run(set, ParameterValues.defaults(), Progress.none());
        robot.interact(() -> {
            view = new RooflineView(result, visited::add);
            stage.setScene(new Scene(view, 1200, 900));
            stage.show();
        });
        RooflineChart chart = view.chart();
        // every group with FLOPs is a point (copies and fills have none)
        long withFlops = 0;
        var g = result.table("groups");
        for (int i = 0; i < g.rows().size(); i++) {
            if (((Number) g.value(i, "gflop")).doubleValue() > 0) {
                withFlops++;
            }
        }
        assertThat(chart.points()).hasSize((int) withFlops);
        assertThat(chart.points().get(0).label()).isEqualTo("aten::mm M=8944 N=2816 K=1024");
        Point2D c = chart.centre(0);
        Point2D screen = chart.localToScreen(c);
        robot.clickOn(screen);
        assertThat(visited).containsExactly(g.location(0));
        assertThat(view.groupTable().getItems()).hasSize(g.rows().size());
        Path out = Path.of("target", "roofline-view.png");
        robot.interact(() -> {
            try {
                WindowScreenshot.save(stage.getScene(), out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
