package dev.parallax.app.pipeline;

import dev.parallax.model.pipeline.PipelineConfig;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineSimulator;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.model.pipeline.ScheduleKind;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hit testing of the schedule diagram: every drawn box maps back to its pass, and clicks report it. */
@ExtendWith(ApplicationExtension.class)
class ScheduleDiagramHitTest {
    private final ScheduleDiagram diagram = new ScheduleDiagram();

    @Start
    void start(Stage stage) {
        Pane root = new Pane(diagram);
        stage.setScene(new Scene(root, 1000, 500));
        stage.show();
    }

    @Test
    void theCentreOfEveryBoxIsThatPassAndGapsAreNoPass(FxRobot robot) {
        PipelineTimeline a = PipelineSimulator.simulate(ScheduleKind.INTERLEAVED, PipelineConfig.uniform(4, 8, 2, 1, 2, 0, 0.05));
        PipelineTimeline b = PipelineSimulator.simulate(ScheduleKind.ZB_H1, PipelineConfig.uniform(3, 6, 1, 1, 1, 1, 0));
        // on another clock: drawn from its own start
        List<PipelineOp> shifted = b.ops().stream().map(o -> new PipelineOp(o.stage(), o.kind(), o.microbatch(),
                o.chunk(), o.start() + 500, o.end() + 500)).toList();
        PipelineTimeline c = new PipelineTimeline("shifted", 3, shifted);
        robot.interact(() -> {
            diagram.resize(960, 460);
            diagram.setTimelines(List.of(a, c));
        });
        List<PipelineTimeline> shown = diagram.getTimelines();
        for (int i = 0; i < shown.size(); i++) {
            for (PipelineOp op : shown.get(i).ops()) {
                Rectangle2D box = diagram.boxBounds(i, op);
                assertThat(box.getMinX()).isGreaterThanOrEqualTo(78);
                assertThat(box.getMaxX()).isLessThanOrEqualTo(960 - 10 + 1e-6);
                assertThat(box.getMaxY()).isLessThan(460);
                assertThat(diagram.passAt(box.getMinX() + box.getWidth() / 2, box.getMinY() + box.getHeight() / 2))
                        .as("timeline %d %s", i, op).contains(new ScheduleDiagram.Pass(i, op));
            }
        }
        // the same pass of both timelines starts at the same x: each is drawn from its own start
        assertThat(diagram.boxBounds(1, shown.get(1).ops().get(0)).getMinX())
                .isEqualTo(diagram.boxBounds(0, b.ops().get(0)).getMinX());
        // labels, the hatched idle time before stage 3's first pass, and below the last block are no pass
        PipelineOp firstOfLast = shown.get(0).opsOf(3).get(0);
        Rectangle2D first = diagram.boxBounds(0, firstOfLast);
        assertThat(diagram.passAt(40, first.getMinY() + 5)).isEmpty();
        assertThat(diagram.passAt(first.getMinX() - 3, first.getMinY() + 5)).isEmpty();
        assertThat(diagram.passAt(500, 455)).isEmpty();
        assertThat(diagram.boxBounds(2, firstOfLast)).isNull();
        assertThat(diagram.describe(new ScheduleDiagram.Pass(0, firstOfLast)))
                .contains("stage 3: forward of micro-batch 0, chunk 0");
    }

    @Test
    void tickLabelsCarryTheirTimeUnit() {
        assertThat(ScheduleDiagram.tick(0)).isEqualTo("0");
        assertThat(ScheduleDiagram.tick(0.002)).isEqualTo("2 ms");
        assertThat(ScheduleDiagram.tick(0.0125)).isEqualTo("12.5 ms");
        assertThat(ScheduleDiagram.tick(0.03724)).isEqualTo("37.2 ms");
        assertThat(ScheduleDiagram.tick(40)).isEqualTo("40 s");
        assertThat(ScheduleDiagram.tick(2e-7)).isEqualTo("200 ns");
    }

    @Test
    void aClickReportsTheTimelineAndThePass(FxRobot robot) {
        PipelineTimeline a = PipelineSimulator.simulate(ScheduleKind.ONE_F_ONE_B, PipelineConfig.uniform(4, 8, 1, 1, 2, 0, 0));
        PipelineTimeline b = PipelineSimulator.simulate(ScheduleKind.GPIPE, PipelineConfig.uniform(4, 8, 1, 1, 2, 0, 0));
        List<ScheduleDiagram.Pass> clicked = new ArrayList<>();
        robot.interact(() -> {
            diagram.resize(960, 460);
            diagram.setTimelines(List.of(a, b));
            diagram.setOnPassClicked((t, op) -> clicked.add(new ScheduleDiagram.Pass(t, op)));
        });
        PipelineOp target = b.opsOf(2).get(5);
        Rectangle2D box = diagram.boxBounds(1, target);
        robot.clickOn(diagram.localToScreen(box.getMinX() + box.getWidth() / 2, box.getMinY() + box.getHeight() / 2));
        assertThat(clicked).containsExactly(new ScheduleDiagram.Pass(1, target));
        robot.clickOn(diagram.localToScreen(30, 5));
        assertThat(clicked).hasSize(1);
    }
}
