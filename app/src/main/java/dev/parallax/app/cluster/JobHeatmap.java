package dev.parallax.app.cluster;

import dev.parallax.cluster.Heatmap;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.List;
import java.util.Locale;

/**
 * The ranks × steps heatmap on a canvas: one row per rank (ranks that share a pixel row show their worst
 * value), one column per profiler step, coloured from the lowest value (dark blue) to the highest (yellow).
 * A click selects the rank under the mouse ({@link #selectedRankProperty}).
 */
public final class JobHeatmap extends Pane {
    private static final double LEFT = 64;
    private static final double TOP = 22;
    private static final double BOTTOM = 18;

    private final Heatmap heatmap;
    private final Canvas canvas = new Canvas();
    private final IntegerProperty selectedRank = new SimpleIntegerProperty(this, "selectedRank", -1);
    private boolean idle;

    public JobHeatmap(Heatmap heatmap) {
        this.heatmap = heatmap;
        setId("job-heatmap");
        getChildren().add(canvas);
        setMinHeight(120);
        widthProperty().addListener((o, a, b) -> draw());
        heightProperty().addListener((o, a, b) -> draw());
        selectedRank.addListener((o, a, b) -> draw());
        canvas.setOnMouseClicked(e -> {
            int r = rankAt(e.getY());
            if (r >= 0) {
                selectedRank.set(r);
            }
        });
    }

    /** Shows idle percentage (true) or step time (false). */
    public void showIdle(boolean idle) {
        this.idle = idle;
        draw();
    }

    public IntegerProperty selectedRankProperty() {
        return selectedRank;
    }

    private List<List<Double>> values() {
        return idle ? heatmap.idlePct() : heatmap.stepTimeUs();
    }

    /** The rank drawn at height {@code y}, or -1. */
    public int rankAt(double y) {
        int n = heatmap.ranks().size();
        double h = getHeight() - TOP - BOTTOM;
        if (n == 0 || y < TOP || y >= TOP + h) {
            return -1;
        }
        int i = (int) Math.min(n - 1, Math.floor((y - TOP) / h * n));
        return heatmap.ranks().get(i);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
    }

    private void draw() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, getWidth(), getHeight());
        g.setFont(Font.font(11));
        int n = heatmap.ranks().size();
        int steps = heatmap.steps().size();
        if (n == 0 || steps == 0) {
            g.setFill(Color.GRAY);
            g.fillText("No profiler steps: run the job with the breakdown analysis for the heatmap.", 8, 20);
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Double> row : values()) {
            for (Double v : row) {
                if (v != null) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double w = Math.max(1, getWidth() - LEFT - 8);
        double h = Math.max(1, getHeight() - TOP - BOTTOM);
        double cw = w / steps;
        int pixelRows = (int) Math.max(1, Math.min(n, Math.floor(h)));
        double rh = h / pixelRows;
        for (int pr = 0; pr < pixelRows; pr++) {
            int r0 = (int) ((long) pr * n / pixelRows);
            int r1 = (int) Math.max(r0 + 1, (long) (pr + 1) * n / pixelRows);
            for (int s = 0; s < steps; s++) {
                Double worst = null;
                for (int r = r0; r < r1; r++) {
                    Double v = values().get(r).get(s);
                    if (v != null && (worst == null || v > worst)) {
                        worst = v;
                    }
                }
                g.setFill(worst == null ? Color.gray(0.9) : colour(hi > lo ? (worst - lo) / (hi - lo) : 0));
                g.fillRect(LEFT + s * cw, TOP + pr * rh, Math.ceil(cw), Math.ceil(rh));
            }
        }
        g.setFill(Color.BLACK);
        g.fillText(String.format(Locale.ROOT, "%s per rank and step: %.1f (dark) … %.1f %s (yellow)",
                idle ? "Idle" : "Step time", lo, hi, idle ? "%" : "µs"), LEFT, 14);
        g.fillText("rank " + heatmap.ranks().get(0), 4, TOP + 10);
        g.fillText("rank " + heatmap.ranks().get(n - 1), 4, TOP + h - 2);
        g.fillText(heatmap.steps().get(0), LEFT, TOP + h + 13);
        if (steps > 1) {
            String last = heatmap.steps().get(steps - 1);
            g.fillText(last, LEFT + w - 7 * last.length(), TOP + h + 13);
        }
        int sel = heatmap.ranks().indexOf(selectedRank.get());
        if (sel >= 0) {
            double y = TOP + (double) sel / n * h;
            g.setStroke(Color.RED);
            g.setLineWidth(2);
            g.strokeRect(LEFT - 1, y - 1, w + 2, Math.max(rh, h / n) + 2);
        }
    }

    /** A perceptually ordered scale from dark blue through teal and green to yellow (viridis's endpoints). */
    static Color colour(double t) {
        double x = Math.max(0, Math.min(1, t));
        Color[] stops = {Color.rgb(68, 1, 84), Color.rgb(59, 82, 139), Color.rgb(33, 145, 140),
                Color.rgb(94, 201, 98), Color.rgb(253, 231, 37)};
        double p = x * (stops.length - 1);
        int i = (int) Math.min(stops.length - 2, Math.floor(p));
        return stops[i].interpolate(stops[i + 1], p - i);
    }
}
