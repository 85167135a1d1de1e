package dev.parallax.app.roofline;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Table;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A log-log roofline (Williams et al. 2009): FLOP/byte across, FLOP/s up; each roof drawn as its bandwidth slope
 * up to its peak; one circle per operator group at (intensity, achieved FLOP/s), its area proportional to the
 * group's kernel time. Hover shows the group; a click selects its slowest call.
 */
final class RooflineChart extends Pane {
    /** One group point. */
    record Point(String label, String category, double intensity, double flops, double timeUs, double pctOfRoof,
                 Location location) {
    }

    private static final double LEFT = 70;
    private static final double BOTTOM = 40;
    private static final double TOP = 14;
    private static final double RIGHT = 16;
    private static final Color[] PALETTE = {Color.web("#1565c0"), Color.web("#c62828"), Color.web("#2e7d32"),
            Color.web("#6a1b9a"), Color.web("#ef6c00"), Color.web("#00838f"), Color.web("#5d4037"), Color.web("#9e9d24")};

    private final Canvas canvas = new Canvas();
    private final List<Chart.Series> roofs;
    private final List<Point> points;
    private final Tooltip tip = new Tooltip();
    private double x0;
    private double x1;
    private double y0;
    private double y1;

    RooflineChart(List<Chart.Series> roofs, List<Point> points, Consumer<Location> select) {
        this.roofs = roofs;
        this.points = points;
        getChildren().add(canvas);
        setMinHeight(200);
        widthProperty().addListener(o -> redraw());
        heightProperty().addListener(o -> redraw());
        Tooltip.install(canvas, tip);
        canvas.setOnMouseMoved(e -> {
            Point p = hit(e.getX(), e.getY());
            tip.setText(p == null ? "" : String.format(Locale.ROOT, "%s%n%s · %.1f µs · %.2f FLOP/B · %s · %.1f %% of roofline",
                    p.label(), p.category(), p.timeUs(), p.intensity(), format(p.flops(), "FLOP/s"), p.pctOfRoof()));
        });
        canvas.setOnMouseClicked(e -> {
            Point p = hit(e.getX(), e.getY());
            if (p != null && p.location() != null) {
                select.accept(p.location());
            }
        });
    }

    /** The points drawn. */
    List<Point> points() {
        return points;
    }

    /** Centre of point {@code i} in this pane's coordinates. */
    javafx.geometry.Point2D centre(int i) {
        bounds();
        Point p = points.get(i);
        return new javafx.geometry.Point2D(px(p.intensity()), py(p.flops()));
    }

    /** The roof series of the analysis's chart. */
    static List<Chart.Series> roofs(Chart c) {
        List<Chart.Series> out = new ArrayList<>();
        if (c != null) {
            c.series().stream().filter(s -> s.name().startsWith("roof ")).forEach(out::add);
        }
        return out;
    }

    /** One point per group row with FLOPs and time. */
    static List<Point> points(Table t) {
        List<Point> out = new ArrayList<>();
        if (t == null) {
            return out;
        }
        for (int i = 0; i < t.rows().size(); i++) {
            double gflop = num(t.value(i, "gflop"));
            double total = num(t.value(i, "total_us"));
            double count = num(t.value(i, "count"));
            double intensity = num(t.value(i, "intensity"));
            if (gflop <= 0 || total <= 0 || intensity <= 0) {
                continue;
            }
            out.add(new Point(t.value(i, "op") + " " + t.value(i, "params"), String.valueOf(t.value(i, "category")),
                    intensity, gflop * 1e9 * count / (total * 1e-6), total, num(t.value(i, "roofline_pct")), t.location(i)));
        }
        return out;
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private double px(double intensity) {
        return LEFT + (Math.log10(intensity) - x0) / (x1 - x0) * (getWidth() - LEFT - RIGHT);
    }

    private double py(double flops) {
        return getHeight() - BOTTOM - (Math.log10(flops) - y0) / (y1 - y0) * (getHeight() - BOTTOM - TOP);
    }

    private double radius(Point p) {
        double total = points.stream().mapToDouble(Point::timeUs).sum();
        return 3 + 22 * Math.sqrt(total <= 0 ? 0 : p.timeUs() / total);
    }

    private Point hit(double x, double y) {
        Point best = null;
        double bestD = Double.MAX_VALUE;
        for (Point p : points) {
            double d = Math.hypot(px(p.intensity()) - x, py(p.flops()) - y);
            if (d <= radius(p) + 2 && d < bestD) {
                best = p;
                bestD = d;
            }
        }
        return best;
    }

    private void bounds() {
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        double flo = Double.MAX_VALUE;
        double fhi = -Double.MAX_VALUE;
        for (Point p : points) {
            lo = Math.min(lo, p.intensity());
            hi = Math.max(hi, p.intensity());
            flo = Math.min(flo, p.flops());
            fhi = Math.max(fhi, p.flops());
        }
        for (Chart.Series s : roofs) {
            for (int i = 0; i < s.x().length; i++) {
                lo = Math.min(lo, s.x()[i]);
                hi = Math.max(hi, s.x()[i]);
                fhi = Math.max(fhi, s.y()[i]);
            }
        }
        if (lo > hi) {
            lo = 0.1;
            hi = 1000;
            flo = 1e9;
            fhi = 1e15;
        }
        x0 = Math.floor(Math.log10(lo));
        x1 = Math.ceil(Math.log10(hi));
        y0 = Math.floor(Math.log10(Math.max(1, Math.min(flo, fhi / 1e6))));
        y1 = Math.ceil(Math.log10(fhi * 1.5));
        if (x1 <= x0) {
            x1 = x0 + 1;
        }
        if (y1 <= y0) {
            y1 = y0 + 1;
        }
    }

    private void redraw() {
        double w = getWidth();
        double h = getHeight();
        canvas.setWidth(w);
        canvas.setHeight(h);
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        if (w < LEFT + RIGHT + 20 || h < TOP + BOTTOM + 20) {
            return;
        }
        bounds();
        g.setFont(Font.font(10));
        g.setLineWidth(1);
        for (double e = x0; e <= x1; e++) {
            double x = px(Math.pow(10, e));
            g.setStroke(Color.gray(0.88));
            g.strokeLine(x, TOP, x, h - BOTTOM);
            g.setFill(Color.gray(0.3));
            g.fillText(format(Math.pow(10, e), ""), x - 8, h - BOTTOM + 14);
        }
        for (double e = y0; e <= y1; e++) {
            double y = py(Math.pow(10, e));
            g.setStroke(Color.gray(0.88));
            g.strokeLine(LEFT, y, w - RIGHT, y);
            g.setFill(Color.gray(0.3));
            g.fillText(format(Math.pow(10, e), "FLOP/s"), 4, y + 4);
        }
        g.setFill(Color.gray(0.2));
        g.fillText("arithmetic intensity (FLOP/byte)", w / 2 - 70, h - 6);
        g.setLineWidth(2);
        for (int i = 0; i < roofs.size(); i++) {
            Chart.Series s = roofs.get(i);
            g.setStroke(Color.gray(0.25 + 0.15 * i));
            for (int k = 1; k < s.x().length; k++) {
                g.strokeLine(px(s.x()[k - 1]), py(s.y()[k - 1]), px(s.x()[k]), py(s.y()[k]));
            }
            g.setFill(Color.gray(0.25));
            g.fillText(s.name().substring(5), px(s.x()[s.x().length - 1]) - 190, py(s.y()[s.y().length - 1]) - 4);
        }
        List<String> cats = new ArrayList<>();
        for (Point p : points) {
            if (!cats.contains(p.category())) {
                cats.add(p.category());
            }
            Color c = PALETTE[cats.indexOf(p.category()) % PALETTE.length];
            double r = radius(p);
            g.setFill(c.deriveColor(0, 1, 1, 0.45));
            g.fillOval(px(p.intensity()) - r, py(p.flops()) - r, 2 * r, 2 * r);
            g.setStroke(c);
            g.setLineWidth(1);
            g.strokeOval(px(p.intensity()) - r, py(p.flops()) - r, 2 * r, 2 * r);
        }
        for (int i = 0; i < cats.size(); i++) {
            g.setFill(PALETTE[i % PALETTE.length]);
            g.fillOval(LEFT + 10, TOP + 6 + 14 * i, 8, 8);
            g.setFill(Color.gray(0.2));
            g.fillText(cats.get(i), LEFT + 22, TOP + 14 + 14 * i);
        }
    }

    /** A value with an SI prefix ({@code 466.8 TFLOP/s}). */
    static String format(Object value, String unit) {
        if (!(value instanceof Number n)) {
            return String.valueOf(value);
        }
        double v = n.doubleValue();
        if (value instanceof Long || value instanceof Integer) {
            return Long.toString(n.longValue());
        }
        if (unit.equals("FLOP/s") || unit.equals("B/s") || unit.equals("FLOP") || unit.equals("B")) {
            String[] prefix = {"", "k", "M", "G", "T", "P", "E"};
            int i = 0;
            double a = Math.abs(v);
            while (a >= 1000 && i < prefix.length - 1) {
                a /= 1000;
                v /= 1000;
                i++;
            }
            return String.format(Locale.ROOT, "%.3g %s%s", v, prefix[i], unit);
        }
        if (unit.isEmpty() && v != 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-2)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
