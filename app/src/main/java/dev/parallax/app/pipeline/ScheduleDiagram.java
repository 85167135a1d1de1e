package dev.parallax.app.pipeline;

import dev.parallax.analysis.UnitFormat;
import dev.parallax.model.pipeline.OpKind;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineTimeline;
import javafx.geometry.Rectangle2D;
import javafx.geometry.VPos;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Pipeline schedule diagram: one block per timeline, one row per stage, a box per F/B/W pass labelled with its
 * micro-batch, idle time inside the iteration hatched. Several timelines (say, measured above simulated) share
 * one time scale, each drawn from its own start (a measured timeline's clock offset does not matter), so they
 * can be compared directly. Painted on a {@link Canvas}, one pass per box. A pass can be found from a point
 * ({@link #passAt}) and a point from a pass ({@link #boxBounds}); clicks on a pass go to
 * {@link #setOnPassClicked}, and hovering shows the pass and its duration.
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
    private static final double TOP = 4;

    private final Canvas canvas = new Canvas();
    private final Tooltip tooltip = new Tooltip();
    private List<PipelineTimeline> timelines = List.of();
    private BiConsumer<Integer, PipelineOp> onPassClicked;
    private boolean tooltipInstalled;

    /**
     * A pass as drawn: the index of its timeline in {@link #getTimelines()} and the pass.
     *
     * @param timeline index of the timeline, 0 = top
     * @param op       the pass
     */
    public record Pass(int timeline, PipelineOp op) {
    }

    public ScheduleDiagram() {
        getChildren().add(canvas);
        getStyleClass().add("schedule-diagram");
        setMinSize(200, 80);
        tooltip.setShowDelay(javafx.util.Duration.millis(250));
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && onPassClicked != null) {
                passAt(e.getX(), e.getY()).ifPresent(p -> onPassClicked.accept(p.timeline(), p.op()));
            }
        });
        addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(passAt(e.getX(), e.getY())));
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(Optional.empty()));
    }

    /** Called with the timeline index and the pass when a pass is clicked (primary button); null: none. */
    public void setOnPassClicked(BiConsumer<Integer, PipelineOp> handler) {
        this.onPassClicked = handler;
    }

    /** The pass drawn at this point (diagram coordinates), if any. */
    public Optional<Pass> passAt(double x, double y) {
        double scale = scale(getWidth());
        if (scale <= 0 || x < LABEL_WIDTH) {
            return Optional.empty();
        }
        double top = TOP;
        for (int i = 0; i < timelines.size(); i++) {
            PipelineTimeline t = timelines.get(i);
            double rows = top + TITLE_HEIGHT;
            double rel = y - rows;
            if (rel >= 0 && rel < t.stages() * (ROW_HEIGHT + ROW_GAP)) {
                int stage = (int) (rel / (ROW_HEIGHT + ROW_GAP));
                if (rel - stage * (ROW_HEIGHT + ROW_GAP) >= ROW_HEIGHT) {
                    return Optional.empty();
                }
                PipelineOp best = null;
                double bestDistance = Double.MAX_VALUE;
                for (PipelineOp op : t.opsOf(stage)) {
                    double bx = LABEL_WIDTH + (op.start() - t.start()) * scale;
                    double bw = Math.max(1, op.duration() * scale);
                    if (x >= bx && x <= bx + bw) {
                        double d = Math.abs(x - (bx + bw / 2));
                        if (d < bestDistance) {
                            bestDistance = d;
                            best = op;
                        }
                    }
                }
                return best == null ? Optional.empty() : Optional.of(new Pass(i, best));
            }
            top = rows + t.stages() * (ROW_HEIGHT + ROW_GAP) + BLOCK_GAP;
        }
        return Optional.empty();
    }

    /**
     * Where a pass of timeline {@code timeline} is drawn at the current size, in diagram coordinates; null when
     * the timeline does not exist or nothing is drawn (the diagram is too narrow).
     */
    public Rectangle2D boxBounds(int timeline, PipelineOp op) {
        double scale = scale(getWidth());
        if (scale <= 0 || timeline < 0 || timeline >= timelines.size()) {
            return null;
        }
        double top = TOP;
        for (int i = 0; i < timeline; i++) {
            top += TITLE_HEIGHT + timelines.get(i).stages() * (ROW_HEIGHT + ROW_GAP) + BLOCK_GAP;
        }
        PipelineTimeline t = timelines.get(timeline);
        double rowY = top + TITLE_HEIGHT + op.stage() * (ROW_HEIGHT + ROW_GAP);
        double bx = LABEL_WIDTH + (op.start() - t.start()) * scale;
        return new Rectangle2D(bx, rowY, Math.max(1, op.duration() * scale), ROW_HEIGHT);
    }

    /** Pixels per second at this width: the longest makespan fills the plot; 0 when nothing can be drawn. */
    private double scale(double width) {
        if (timelines.isEmpty() || width <= LABEL_WIDTH + 10) {
            return 0;
        }
        double span = Math.max(timelines.stream().mapToDouble(PipelineTimeline::makespan).max().orElse(1), 1e-12);
        return (width - LABEL_WIDTH - 10) / span;
    }

    private void hover(Optional<Pass> pass) {
        if (pass.isEmpty()) {
            if (tooltipInstalled) {
                Tooltip.uninstall(this, tooltip);
                tooltipInstalled = false;
            }
            setCursor(Cursor.DEFAULT);
            return;
        }
        tooltip.setText(describe(pass.get()));
        if (!tooltipInstalled) {
            Tooltip.install(this, tooltip);
            tooltipInstalled = true;
        }
        setCursor(onPassClicked != null ? Cursor.HAND : Cursor.DEFAULT);
    }

    /** Tooltip text of a pass: timeline, stage, kind, micro-batch, chunk and duration. */
    public String describe(Pass pass) {
        PipelineOp op = pass.op();
        String kind = switch (op.kind()) {
            case F -> "forward";
            case B -> "backward";
            case W -> "weight gradient";
        };
        PipelineTimeline t = timelines.get(pass.timeline());
        return String.format(Locale.ROOT, "%s\nstage %d: %s of micro-batch %d%s\n%.4g ms, from %.4g ms", t.label(),
                op.stage(), kind, op.microbatch(), op.chunk() > 0 || hasChunks(t) ? ", chunk " + op.chunk() : "",
                op.duration() * 1e3, (op.start() - t.start()) * 1e3);
    }

    private static boolean hasChunks(PipelineTimeline t) {
        return t.ops().stream().anyMatch(o -> o.chunk() > 0);
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
        double h = TOP + AXIS_HEIGHT;
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
        double scale = scale(w);
        if (scale <= 0) {
            return;
        }
        double span = (w - LABEL_WIDTH - 10) / scale;
        pixelsPerSecond = scale;
        g.setFont(Font.font(11));
        g.setTextBaseline(VPos.CENTER);
        double y = TOP;
        for (PipelineTimeline t : timelines) {
            g.setFill(Color.BLACK);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(String.format(Locale.ROOT, "%s   makespan %s, bubble %s (%.1f %%)", t.label(),
                    tick(t.makespan()), tick(t.bubbleTime()), 100 * t.bubbleFraction()), 4, y + TITLE_HEIGHT / 2);
            y += TITLE_HEIGHT;
            double t0 = t.start();
            for (int s = 0; s < t.stages(); s++) {
                double rowY = y + s * (ROW_HEIGHT + ROW_GAP);
                g.setFill(Color.gray(0.25));
                g.setTextAlign(TextAlignment.LEFT);
                g.fillText("stage " + s, 4, rowY + ROW_HEIGHT / 2);
                hatch(g, LABEL_WIDTH, rowY, t.makespan() * scale, ROW_HEIGHT);
                for (PipelineOp op : t.opsOf(s)) {
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
            g.fillText(tick(t), x, y + 11);
        }
    }

    /** A time in seconds as a label in the unit that fits ("2 ms", "12.5 ms", "40 s"); the origin is a bare "0". */
    static String tick(double seconds) {
        return seconds == 0 ? "0" : UnitFormat.duration(seconds * 1e9);
    }

    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
    }
}
