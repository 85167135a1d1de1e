package dev.parallax.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * A chart as data: its kind, axis labels and series. Views draw it with JFreeChart on screen and as
 * vector graphics in the PDF report.
 *
 * @param categories category labels for bar kinds (x positions of each series' values), else empty
 * @param xUnit      unit of the x values (tick labels are written with {@link UnitFormat}); NONE: plain numbers
 * @param yUnit      unit of the y values
 * @param markers    lines across the plot at given x or y values, each with its label
 */
public record Chart(String id, String title, Kind kind, String xLabel, String yLabel, List<String> categories,
                    List<Series> series, boolean logX, boolean logY, Unit xUnit, Unit yUnit, List<Marker> markers) {

    /** How the series are drawn ({@code STACKED_AREA}: XY series sharing their x values, stacked). */
    public enum Kind { BAR, STACKED_BAR, LINE, AREA, SCATTER, HISTOGRAM, STACKED_AREA }

    /** The axis a {@link Marker} crosses. */
    public enum Axis { X, Y }

    /**
     * A labelled line across the plot: vertical at x = {@code value} for {@link Axis#X} (e.g. where a phase
     * changes bound), horizontal at y = {@code value} for {@link Axis#Y} (e.g. a capacity limit).
     */
    public record Marker(Axis axis, double value, String label) {
        public static Marker x(double value, String label) {
            return new Marker(Axis.X, value, label);
        }

        public static Marker y(double value, String label) {
            return new Marker(Axis.Y, value, label);
        }
    }

    /**
     * One series. For bar kinds {@code y[i]} belongs to {@code categories[i]} and {@code x} is empty;
     * otherwise points are (x[i], y[i]).
     *
     * @param line in a scatter chart, draw this series as a line without point marks (e.g. a roofline's roof)
     */
    public record Series(String name, double[] x, double[] y, boolean line) {
        /** A series drawn as the chart's kind draws it. */
        public Series(String name, double[] x, double[] y) {
            this(name, x, y, false);
        }
    }

    public Chart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
        xUnit = xUnit == null ? Unit.NONE : xUnit;
        yUnit = yUnit == null ? Unit.NONE : yUnit;
        markers = List.copyOf(markers);
    }

    /** A chart without units or markers. */
    public Chart(String id, String title, Kind kind, String xLabel, String yLabel, List<String> categories,
                 List<Series> series, boolean logX, boolean logY) {
        this(id, title, kind, xLabel, yLabel, categories, series, logX, logY, Unit.NONE, Unit.NONE, List.of());
    }

    public static Chart bars(String id, String title, Kind kind, String xLabel, String yLabel,
                             List<String> categories, List<Series> series) {
        return new Chart(id, title, kind, xLabel, yLabel, categories, series, false, false);
    }

    public static Chart xy(String id, String title, Kind kind, String xLabel, String yLabel, List<Series> series) {
        return new Chart(id, title, kind, xLabel, yLabel, List.of(), series, false, false);
    }

    /**
     * Whether the chart has something to show: at least one finite value, and values that are not all the
     * same (a constant series is said better in a sentence than drawn around a degenerate axis).
     */
    public boolean isInformative() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int points = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    points++;
                }
            }
        }
        if (points == 0) {
            return false;
        }
        boolean bars = kind == Kind.BAR || kind == Kind.STACKED_BAR || kind == Kind.HISTOGRAM;
        // a single bar or bars of equal non-zero height still compare categories; a flat zero line does not
        return bars ? max != 0 || min != 0 : max > min;
    }

    public Chart withLogAxes(boolean logXAxis, boolean logYAxis) {
        return new Chart(id, title, kind, xLabel, yLabel, categories, series, logXAxis, logYAxis, xUnit, yUnit,
                markers);
    }

    /** This chart with tick labels written in {@code x} and {@code y} units. */
    public Chart withUnits(Unit x, Unit y) {
        return new Chart(id, title, kind, xLabel, yLabel, categories, series, logX, logY, x, y, markers);
    }

    /** This chart with {@code more} markers added. */
    public Chart withMarkers(List<Marker> more) {
        List<Marker> all = new ArrayList<>(markers);
        all.addAll(more);
        return new Chart(id, title, kind, xLabel, yLabel, categories, series, logX, logY, xUnit, yUnit, all);
    }
}
