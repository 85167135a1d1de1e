package dev.parallax.app.pipeline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.bubbles.BubbleAnalysis;
import dev.parallax.analysis.bubbles.WorkPatterns;
import dev.parallax.model.pipeline.OpKind;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import javafx.geometry.Point2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Headless (Monocle) checks of the pipeline view on the bundled 1F1B sample: both schedules drawn, a click on
 * a measured pass navigates to that pass's slice, and a trace without a pipeline shows why.
 */
@ExtendWith(ApplicationExtension.class)
class BubblesViewTest {
    @TempDir
    static Path dir;
    private static TraceSet pipelineSet;
    private static Result pipelineResult;

    private final List<Location> visited = new ArrayList<>();
    private BubblesView view;

    @BeforeAll
    static void analyseSample() throws Exception {
        Path folder = BundledSamples.extract(BundledSamples.get("pipeline-1f1b-pp4-tp2"), dir);
        List<Path> ranks;
        try (var files = Files.list(folder)) {
            ranks = files.filter(p -> p.getFileName().toString().startsWith("rank-")).sorted().toList();
        }
        pipelineSet = TraceSetLoader.withDefaults().load(ranks, Progress.none()).traceSet();
        pipelineResult = new BubbleAnalysis().run(pipelineSet, ParameterValues.defaults(), Progress.none());
    }

    @Start
    void start(Stage stage) {
        view = new BubblesView(visited::add);
        stage.setScene(new Scene(view, 1200, 900));
        stage.show();
    }

    @Test
    void showsMeasuredAboveSimulatedAndAClickOnAMeasuredPassGoesToItsSlice(FxRobot robot) {
        robot.interact(() -> view.show(pipelineResult));
        ScheduleDiagram d = view.diagram();
        List<PipelineTimeline> shown = d.getTimelines();
        assertThat(shown).hasSize(2);
        assertThat(shown.get(0).label()).isEqualTo("measured (rank 0,2,4,6; last iteration)");
        assertThat(shown.get(1).label()).isEqualTo("simulated with the measured stage times");
        for (PipelineTimeline t : shown) {
            assertThat(t.stages()).isEqualTo(4);
            assertThat(t.ops()).hasSize(4 * 8 * 2);
        }
        assertThat(d.paintedBoxes()).isEqualTo(128);
        assertThat(view.header().getText()).startsWith("1f1b schedule · 4 stages · 8 micro-batches · 1 chunk · bubble: measured ")
                .contains("simulated ").contains("theoretical ");
        assertThat(view.message()).isEmpty();

        // stage 2 (rank 4), forward of micro-batch 3
        PipelineOp op = shown.get(0).opsOf(2).stream()
                .filter(o -> o.kind() == OpKind.F && o.microbatch() == 3).findFirst().orElseThrow();
        Table measured = pipelineResult.table("measured_ops");
        int row = -1;
        for (int r = 0; r < measured.rows().size(); r++) {
            if (((Number) measured.value(r, "stage")).intValue() == 2 && "F".equals(measured.value(r, "kind"))
                    && ((Number) measured.value(r, "microbatch")).intValue() == 3) {
                row = r;
            }
        }
        Location expected = measured.location(row);
        assertThat(expected.rank()).isEqualTo(4);
        assertThat(expected.trackId()).isNotNegative();
        assertThat(expected.row()).isNotNegative();

        Rectangle2D box = d.boxBounds(0, op);
        assertThat(box.getWidth()).isGreaterThan(3);
        double cx = box.getMinX() + box.getWidth() / 2;
        double cy = box.getMinY() + box.getHeight() / 2;
        assertThat(d.passAt(cx, cy)).contains(new ScheduleDiagram.Pass(0, op));
        assertThat(d.passAt(cx, box.getMinY() - 2)).isEmpty(); // the gap between rows
        Point2D screen = d.localToScreen(cx, cy);
        robot.clickOn(screen);
        assertThat(visited).containsExactly(expected);
        // the slice the location names is that pass's forward annotation on rank 4
        Trace trace = pipelineSet.byRank(4).trace();
        SliceTrack track = trace.sliceTracks().stream().filter(t -> t.id() == expected.trackId()).findFirst().orElseThrow();
        String name = trace.string(track.name(expected.row()));
        assertThat(name).matches(Pattern.compile(WorkPatterns.DEFAULT_FORWARD));
        // and its time range is the drawn pass's, on the iteration clock of the table
        long iterationStart = measured.rowLocations().stream().mapToLong(Location::start).min().orElseThrow();
        assertThat((expected.start() - iterationStart) / 1e9).isCloseTo(op.start(), within(1e-9));
        assertThat((expected.end() - expected.start()) / 1e9).isCloseTo(op.duration(), within(1e-9));

        // a simulated pass has no place in the trace: clicking it goes nowhere
        PipelineOp simulated = shown.get(1).opsOf(2).get(0);
        Rectangle2D simBox = d.boxBounds(1, simulated);
        robot.clickOn(d.localToScreen(simBox.getMinX() + simBox.getWidth() / 2, simBox.getMinY() + simBox.getHeight() / 2));
        assertThat(visited).hasSize(1);
    }

    @Test
    void everyMeasuredPassMapsBackToItsOwnRow(FxRobot robot) {
        robot.interact(() -> view.show(pipelineResult));
        Table measured = pipelineResult.table("measured_ops");
        PipelineTimeline t = view.diagram().getTimelines().get(view.measuredTimelineIndex());
        assertThat(t.ops()).hasSize(measured.rows().size());
        for (PipelineOp op : t.ops()) {
            Location loc = view.measuredLocation(op);
            int r = measured.rowLocations().indexOf(loc);
            assertThat(r).as("%s", op).isNotNegative();
            assertThat(((Number) measured.value(r, "stage")).intValue()).isEqualTo(op.stage());
            assertThat(measured.value(r, "kind")).isEqualTo(op.kind().name());
            assertThat(((Number) measured.value(r, "microbatch")).intValue()).isEqualTo(op.microbatch());
            assertThat(((Number) measured.value(r, "start_seconds")).doubleValue()).isEqualTo(op.start());
        }
    }

    @Test
    void aTraceWithoutAPipelineShowsWhyInsteadOfAnEmptyDiagram(FxRobot robot) throws Exception {
        // one rank alone has no pipeline process group of two or more stages in the set
        TraceSet single = TraceSet.single(pipelineSet.byRank(0).trace());
        Result r = new BubbleAnalysis().run(single, ParameterValues.defaults(), Progress.none());
        robot.interact(() -> view.show(r));
        Optional<String> message = view.message();
        assertThat(message).isPresent();
        assertThat(message.get()).startsWith("Not a pipeline-parallel trace");
        assertThat(view.diagram().getTimelines()).isEmpty();
        assertThat(view.measuredTimelineIndex()).isEqualTo(-1);
        assertThat(view.resultView().result()).isSameAs(r);
        // a pipeline result afterwards brings the diagram back
        robot.interact(() -> view.show(pipelineResult));
        assertThat(view.message()).isEmpty();
        assertThat(view.diagram().getTimelines()).hasSize(2);
    }
}
