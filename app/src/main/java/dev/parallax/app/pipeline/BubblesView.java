package dev.parallax.app.pipeline;

import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.app.analysis.Navigator;
import dev.parallax.app.analysis.ResultView;
import dev.parallax.model.pipeline.OpKind;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineTimeline;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The workbench's pipeline view of a {@code bubbles} analysis result: a header with the schedule and the
 * measured, simulated and theoretical bubble fractions; the measured schedule of the shown iteration above the
 * same schedule simulated with the measured stage times, on one time scale ({@link ScheduleDiagram}); below,
 * the result's tables, charts and findings ({@link ResultView}). Clicking a measured pass sends its place in
 * the trace to the {@link Navigator}.
 */
public final class BubblesView extends BorderPane {
    /** Start of the summary finding of a result that found no pipeline. */
    public static final String NOT_PIPELINE = "Not a pipeline-parallel trace";

    private final Navigator navigator;
    private final Label header = new Label();
    private final Label message = new Label();
    private final ScheduleDiagram diagram = new ScheduleDiagram();
    private final ScrollPane diagramPane = new ScrollPane(diagram);
    private final StackPane top = new StackPane();
    private final ResultView resultView;
    private final Map<PassKey, Location> measuredLocations = new HashMap<>();
    private int measuredTimeline = -1;
    private Result result;

    /** Identifies a pass within the shown iteration. */
    private record PassKey(int stage, OpKind kind, int microbatch, int chunk) {
        static PassKey of(PipelineOp op) {
            return new PassKey(op.stage(), op.kind(), op.microbatch(), op.chunk());
        }
    }

    public BubblesView(Navigator navigator) {
        this.navigator = navigator == null ? Navigator.none() : navigator;
        this.resultView = new ResultView(this.navigator);
        setId("bubbles-view");
        header.setId("bubbles-header");
        header.setPadding(new Insets(4, 6, 4, 6));
        header.setStyle("-fx-font-weight: bold;");
        message.setId("bubbles-message");
        message.setWrapText(true);
        message.setPadding(new Insets(12));
        diagramPane.setFitToWidth(true);
        diagramPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        diagram.setOnPassClicked(this::passClicked);
        top.getChildren().add(diagramPane);
        SplitPane split = new SplitPane(top, resultView);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        setTop(header);
        setCenter(split);
        show(null);
    }

    /** Shows a {@code bubbles} result (null clears the view). */
    public void show(Result bubblesResult) {
        this.result = bubblesResult;
        measuredLocations.clear();
        measuredTimeline = -1;
        resultView.show(bubblesResult);
        Optional<String> notPipeline = bubblesResult == null ? Optional.of("No pipeline analysis yet.")
                : bubblesResult.applies() ? Optional.empty()
                : Optional.of(notPipelineText(bubblesResult.applicability().reason()));
        Table measured = bubblesResult == null ? null : bubblesResult.table("measured_ops");
        if (notPipeline.isEmpty() && (measured == null || measured.rows().isEmpty())) {
            notPipeline = Optional.of("The result holds no measured pipeline passes.");
        }
        if (notPipeline.isPresent()) {
            header.setText(bubblesResult == null ? "Pipeline" : bubblesResult.title());
            message.setText(notPipeline.get());
            diagram.setTimelines(List.of());
            top.getChildren().setAll(message);
            return;
        }
        header.setText(headerText(bubblesResult));
        int stages = stages(bubblesResult);
        List<PipelineTimeline> timelines = new ArrayList<>();
        List<PipelineOp> measuredOps = ops(measured);
        for (int r = 0; r < measured.rows().size(); r++) {
            Location loc = measured.location(r);
            if (loc != null) {
                measuredLocations.put(PassKey.of(measuredOps.get(r)), loc);
            }
        }
        measuredTimeline = timelines.size();
        timelines.add(new PipelineTimeline("measured (" + ranksText(bubblesResult, measured) + "; last iteration)",
                stages, measuredOps));
        Table simulated = bubblesResult.table("simulated_ops");
        if (simulated != null && !simulated.rows().isEmpty()) {
            timelines.add(new PipelineTimeline("simulated with the measured stage times", stages, ops(simulated)));
        }
        diagram.setTimelines(timelines);
        top.getChildren().setAll(diagramPane);
    }

    /** The place in the trace of a measured pass of the shown iteration, or null. */
    public Location measuredLocation(PipelineOp op) {
        return measuredLocations.get(PassKey.of(op));
    }

    /** Index of the measured timeline in the diagram, -1 when none is shown. */
    public int measuredTimelineIndex() {
        return measuredTimeline;
    }

    public ScheduleDiagram diagram() {
        return diagram;
    }

    public ResultView resultView() {
        return resultView;
    }

    /** The header line (schedule, stages, micro-batches, chunks, bubble fractions). */
    public Label header() {
        return header;
    }

    private static String notPipelineText(String reason) {
        return reason.regionMatches(true, 0, NOT_PIPELINE, 0, NOT_PIPELINE.length())
                ? NOT_PIPELINE + reason.substring(NOT_PIPELINE.length()) : NOT_PIPELINE + ": " + reason;
    }

    /** The message shown in place of the diagram, when it is shown. */
    public Optional<String> message() {
        return top.getChildren().contains(message) ? Optional.of(message.getText()) : Optional.empty();
    }

    public Result result() {
        return result;
    }

    private void passClicked(int timeline, PipelineOp op) {
        if (timeline == measuredTimeline) {
            Location loc = measuredLocation(op);
            if (loc != null) {
                navigator.goTo(loc);
            }
        }
    }

    private static List<PipelineOp> ops(Table t) {
        List<PipelineOp> ops = new ArrayList<>(t.rows().size());
        for (int r = 0; r < t.rows().size(); r++) {
            ops.add(new PipelineOp(number(t.value(r, "stage")).intValue(), OpKind.valueOf(String.valueOf(t.value(r, "kind"))),
                    number(t.value(r, "microbatch")).intValue(), number(t.value(r, "chunk")).intValue(),
                    number(t.value(r, "start_seconds")).doubleValue(), number(t.value(r, "end_seconds")).doubleValue()));
        }
        return ops;
    }

    private static int stages(Result r) {
        if (r.metrics().get("stages") instanceof Number n) {
            return n.intValue();
        }
        int max = -1;
        for (String id : List.of("measured_ops", "simulated_ops")) {
            Table t = r.table(id);
            if (t != null) {
                for (int i = 0; i < t.rows().size(); i++) {
                    max = Math.max(max, number(t.value(i, "stage")).intValue());
                }
            }
        }
        return max + 1;
    }

    /** "rank 0,2,4,6": the ranks of the stages in stage order. */
    private static String ranksText(Result r, Table measured) {
        TreeMap<Integer, Integer> rankOfStage = new TreeMap<>();
        Table stages = r.table("stages");
        if (stages != null && stages.columnIndex("rank") >= 0) {
            for (int i = 0; i < stages.rows().size(); i++) {
                rankOfStage.put(number(stages.value(i, "stage")).intValue(), number(stages.value(i, "rank")).intValue());
            }
        } else {
            for (int i = 0; i < measured.rows().size(); i++) {
                Location loc = measured.location(i);
                if (loc != null && loc.rank() >= 0) {
                    rankOfStage.putIfAbsent(number(measured.value(i, "stage")).intValue(), loc.rank());
                }
            }
        }
        StringJoiner j = new StringJoiner(",");
        rankOfStage.values().forEach(v -> j.add(Integer.toString(v)));
        return "rank " + j;
    }

    private static String headerText(Result r) {
        Map<String, Object> m = r.metrics();
        return String.format(Locale.ROOT, "%s schedule · %s stages · %s micro-batches · %s chunk%s · bubble: measured %s, simulated %s, theoretical %s",
                m.getOrDefault("schedule", "?"), text(m.get("stages")), text(m.get("microbatches")), text(m.get("chunks")),
                Integer.valueOf(1).equals(m.get("chunks")) ? "" : "s", percent(m.get("bubble_fraction")),
                percent(m.get("simulated_bubble_fraction")), percent(m.get("theoretical_bubble_fraction")));
    }

    private static String text(Object v) {
        return v == null ? "?" : String.valueOf(v);
    }

    private static String percent(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f %%", 100 * n.doubleValue()) : "–";
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("expected a number, got " + v);
    }
}
