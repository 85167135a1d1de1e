package dev.parallax.app.pipeline;

import dev.parallax.model.pipeline.OpKind;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineTimeline;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pipeline schedule diagram: one block per timeline, one row per stage, a box per F/B/W pass labelled with its
 * micro-batch, idle time inside the iteration hatched. Several timelines (say, measured above simulated) share
 * one time scale, each drawn from its own start (a measured timeline's clock offset does not matter), so they
 * can be compared directly. Painted on a {@link Canvas}, one pass per box.
 */
public class ScheduleDiagram extends Region {
    /** Colours of the passes: forward, input-gradient backward, weight-gradient backward. */
    public static final Color FORWARD = Color.web("#4e79a7");
    public static final Color BACKWARD = Color.web("#59a14f");
    public static final Color WEIGHT = Color.web("#f28e2b");
    private static final double LABEL_WIDTH = 78;
    private static final double ROW_HEIGHT = 22;
    private static final double ROW_GAP = 3;
    private static final double TITLE_HEIGHT = 18;
    private static final double BLOCK_GAP = 10;
    private static final double AXIS_HEIGHT = 18;

    private final Canvas canvas = new Canvas();
    private List<PipelineTimeline> timelines = List.of();

    public ScheduleDiagram() {
        getChildren().add(canvas);
        getStyleClass().add("schedule-diagram");
        setMinSize(200, 80);
    }

    /** Shows these timelines, top to bottom, on a common time scale. */
    public void setTimelines(List<PipelineTimeline> timelines) {
        this.timelines = List.copyOf(timelines);
        requestLayout();
        paint();
    }

    /** The timelines shown. */
    public List<PipelineTimeline> getTimelines() {
        return timelines;
    }

    /** Height that shows every row of every timeline at the default row height. */
    @Override
    protected double computePrefHeight(double width) {
        double h = AXIS_HEIGHT;
        for (PipelineTimeline t : timelines) {
            h += TITLE_HEIGHT + t.stages() * (ROW_HEIGHT + ROW_GAP) + BLOCK_GAP;
        }
        return Math.max(h, 80);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 640;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        paint();
    }

    /** Boxes drawn in the last paint (for tests and hit testing): one per pass. */
    public int paintedBoxes() {
        return painted;
    }

    private int painted;
    private double pixelsPerSecond;

    /** Horizontal scale of the last paint, pixels per second of timeline time. */
    public double pixelsPerSecond() {
        return pixelsPerSecond;
    }

    private void paint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        painted = 0;
        if (timelines.isEmpty() || w <= LABEL_WIDTH + 10) {
            return;
        }
        double span = Math.max(timelines.stream().mapToDouble(PipelineTimeline::makespan).max().orElse(1), 1e-12);
        double plotWidth = w - LABEL_WIDTH - 10;
        double scale = plotWidth / span;
        pixelsPerSecond = scale;
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        double y = 4;
        for (PipelineTimeline t : timelines) {
            g.setFill(Color.BLACK);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(String.format(Locale.ROOT, "%s   makespan %.4g, bubble %.4g (%.1f%%)", t.label(), t.makespan(),
                    t.bubbleTime(), 100 * t.bubbleFraction()), 4, y + TITLE_HEIGHT / 2);
            y += TITLE_HEIGHT;
            double t0 = t.start();
            for (int s = 0; s < t.stages(); s++) {
                double rowY = y + s * (ROW_HEIGHT + ROW_GAP);
                g.setFill(Color.gray(0.25));
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText("stage " + s, 4, rowY + ROW_HEIGHT / 2);
                hatch(g, LABEL_WIDTH, rowY, t.makespan() * scale, ROW_HEIGHT);
                for (PipelineOp op : opsOf(t, s)) {
                    double bx = LABEL_WIDTH + (op.start() - t0) * scale;
                    double bw = Math.max(1, op.duration() * scale);
                    g.setFill(colour(op.kind(), op.chunk()));
                    g.fillRect(bx, rowY, bw, ROW_HEIGHT);
                    g.setStroke(Color.WHITE);
                    g.setLineWidth(0.8);
                    g.strokeRect(bx, rowY, bw, ROW_HEIGHT);
                    painted++;
                    String label = Integer.toString(op.microbatch());
                    if (bw > 7.0 * label.length() + 2) {
                        g.setFill(Color.WHITE);
                        g.setTextAlign(TextAlignment.CENTER);
                        g.fillText(label, bx + bw / 2, rowY + ROW_HEIGHT / 2);
                    }
                }
            }
            y += t.stages() * (ROW_HEIGHT + ROW_GAP) + BLOCK_GAP;
        }
        axis(g, y, span, scale);
    }

    private static List<PipelineOp> opsOf(PipelineTimeline t, int stage) {
        List<PipelineOp> out = new ArrayList<>();
        for (PipelineOp op : t.ops()) {
            if (op.stage() == stage) {
                out.add(op);
            }
        }
        return out;
    }

    /** Diagonal hatching for idle time; the passes are painted over it. */
    private static void hatch(GraphicsContext g, double x, double y, double width, double height) {
        if (width <= 0) {
            return;
        }
        g.setFill(Color.gray(0.96));
        g.fillRect(x, y, width, height);
        g.save();
        g.beginPath();
        g.rect(x, y, width, height);
        g.clip();
        g.setStroke(Color.gray(0.7));
        g.setLineWidth(1);
        for (double d = x - height; d < x + width; d += 6) {
            g.strokeLine(d, y + height, d + height, y);
        }
        g.restore();
    }

    private static Color colour(OpKind kind, int chunk) {
        Color c = switch (kind) {
            case F -> FORWARD;
            case B -> BACKWARD;
            case W -> WEIGHT;
        };
        return chunk % 2 == 1 ? c.darker() : c;
    }

    /** Time axis from 0 (each timeline's own start) to the longest makespan. */
    private void axis(GraphicsContext g, double y, double span, double scale) {
        g.setStroke(Color.gray(0.4));
        g.setLineWidth(1);
        g.strokeLine(LABEL_WIDTH, y, LABEL_WIDTH + span * scale, y);
        double step = niceStep(span * 70 / Math.max(70, span * scale));
        g.setFill(Color.gray(0.3));
        g.setTextAlign(TextAlignment.CENTER);
        for (double t = 0; t <= span + 1e-9; t += step) {
            double x = LABEL_WIDTH + t * scale;
            g.strokeLine(x, y, x, y + 4);
            g.fillText(String.format(Locale.ROOT, "%.4g", t), x, y + 11);
        }
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }
}
