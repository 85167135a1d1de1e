package dev.parallax.analysis;

import java.util.List;

/**
 * A chart as data: its kind, axis labels and series. Views draw it with JFreeChart on screen and as
 * vector graphics in the PDF report.
 *
 * @param categories category labels for bar kinds (x positions of each series' values), else empty
 */
public record Chart(String id, String title, Kind kind, String xLabel, String yLabel, List<String> categories,
                    List<Series> series, boolean logX, boolean logY) {

    /** How the series are drawn. */
    public enum Kind { BAR, STACKED_BAR, LINE, AREA, SCATTER, HISTOGRAM }

    /**
     * One series. For bar kinds {@code y[i]} belongs to {@code categories[i]} and {@code x} is empty;
     * otherwise points are (x[i], y[i]).
     */
    public record Series(String name, double[] x, double[] y) {
    }

    public Chart {
        categories = List.copyOf(categories);
        series = List.copyOf(series);
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
        return new Chart(id, title, kind, xLabel, yLabel, categories, series, logXAxis, logYAxis);
    }
}
