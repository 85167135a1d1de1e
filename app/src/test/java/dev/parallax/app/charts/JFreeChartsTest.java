package dev.parallax.app.charts;

import dev.parallax.analysis.Chart;
import org.jfree.chart.JFreeChart;
import dev.parallax.analysis.Unit;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.TableXYDataset;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.awt.Font;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JFreeChartsTest {
    @Test
    void repeatedCategoriesAreNumberedSoNoValueIsLost() {
        assertThat(JFreeCharts.uniqueLabels(List.of("gemm", "nccl", "gemm", "gemm")))
                .containsExactly("gemm", "nccl", "gemm #2", "gemm #3");
        Chart c = Chart.bars("k", "Kernels", Chart.Kind.BAR, "Kernel", "us", List.of("gemm", "gemm"),
                List.of(new Chart.Series("time", new double[0], new double[] {3, 5})));
        CategoryDataset ds = JFreeCharts.create(c, Font.SANS_SERIF).getCategoryPlot().getDataset();
        assertThat(ds.getValue("time", "gemm").doubleValue()).isEqualTo(3.0);
        assertThat(ds.getValue("time", "gemm #2").doubleValue()).isEqualTo(5.0);
    }

    @Test
    void manyCategoriesGetSlantedLabels() {
        List<String> cats = List.of("r0", "r1", "r2", "r3", "r4", "r5", "r6");
        Chart c = Chart.bars("b", "Busy", Chart.Kind.STACKED_BAR, "Rank", "%", cats,
                List.of(new Chart.Series("busy", new double[0], new double[] {1, 2, 3, 4, 5, 6, 7})));
        CategoryPlot plot = JFreeCharts.create(c, Font.SANS_SERIF).getCategoryPlot();
        assertThat(plot.getDomainAxis().getCategoryLabelPositions()).isEqualTo(CategoryLabelPositions.UP_45);
    }

    @Test
    void histogramsKeepTheirBinsAndCounts() {
        Chart h = Chart.xy("ttft", "TTFT", Chart.Kind.HISTOGRAM, "s", "requests",
                List.of(new Chart.Series("ttft", new double[] {0.05, 0.15, 0.25}, new double[] {1, 4, 2})));
        JFreeChart jf = JFreeCharts.create(h, Font.SANS_SERIF);
        XYDataset ds = jf.getXYPlot().getDataset();
        assertThat(ds.getItemCount(0)).isEqualTo(3);
        assertThat(ds.getXValue(0, 1)).isEqualTo(0.15);
        assertThat(ds.getYValue(0, 1)).isEqualTo(4.0);
    }

    @Test
    void aScatterSeriesMarkedAsLineIsDrawnAsALineWithoutMarks() {
        Chart c = Chart.xy("r", "Roofline", Chart.Kind.SCATTER, "FLOP/byte", "FLOP/s", List.of(
                new Chart.Series("roof", new double[] {0.1, 10, 1000}, new double[] {1e11, 1e13, 1e13}, true),
                new Chart.Series("gemm", new double[] {50}, new double[] {5e12}))).withLogAxes(true, true);
        var renderer = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) JFreeCharts.create(c, Font.SANS_SERIF)
                .getXYPlot().getRenderer();
        assertThat(renderer.getSeriesLinesVisible(0)).isTrue();
        assertThat(renderer.getSeriesShapesVisible(0)).isFalse();
        assertThat(renderer.getItemLineVisible(1, 0)).isFalse();
        assertThat(renderer.getItemShapeVisible(1, 0)).isTrue();
    }

    @Test
    void aLineWithoutXValuesIsDrawnByIndexAndNonFinitePointsAreLeftOut() {
        Chart c = Chart.xy("l", "Line", Chart.Kind.LINE, "i", "v",
                List.of(new Chart.Series("v", new double[0], new double[] {2, Double.NaN, 7})));
        XYDataset ds = JFreeCharts.create(c, Font.SANS_SERIF).getXYPlot().getDataset();
        assertThat(ds.getItemCount(0)).isEqualTo(2);
        assertThat(ds.getXValue(0, 1)).isEqualTo(2.0);
        assertThat(ds.getYValue(0, 1)).isEqualTo(7.0);
    }

    @Test
    void stackedAreasOnABaseTwoTokenAxisWithLabelledMarkers() {
        double[] t = {2048, 32768, 1 << 20};
        Chart c = new Chart("p", "Prefill", Chart.Kind.STACKED_AREA, "context", "time", List.of(),
                List.of(new Chart.Series("gemm", t, new double[] {1, 16, 512}),
                        new Chart.Series("attention", t, new double[] {0.5, 128, 32768})),
                true, false, Unit.TOKENS, Unit.MS, List.of(Chart.Marker.x(23552, "decode → memory-bound at 23K"),
                Chart.Marker.y(40000, "limit")));
        XYPlot plot = JFreeCharts.create(c, Font.SANS_SERIF).getXYPlot();
        assertThat(plot.getRenderer()).isInstanceOf(StackedXYAreaRenderer2.class);
        TableXYDataset ds = (TableXYDataset) plot.getDataset();
        assertThat(ds.getItemCount()).isEqualTo(3);
        assertThat(ds.getYValue(1, 2)).isEqualTo(32768.0);
        LogAxis x = (LogAxis) plot.getDomainAxis();
        assertThat(x.getBase()).isEqualTo(2.0);
        assertThat(x.getNumberFormatOverride().format(2048.0)).isEqualTo("2K");
        assertThat(x.getNumberFormatOverride().format(1048576.0)).isEqualTo("1M");
        assertThat(((NumberAxis) plot.getRangeAxis()).getNumberFormatOverride().format(1500.0)).isEqualTo("1.5 s");
        ValueMarker v = (ValueMarker) plot.getDomainMarkers(Layer.FOREGROUND).iterator().next();
        assertThat(v.getValue()).isEqualTo(23552.0);
        assertThat(v.getLabel()).isEqualTo("decode → memory-bound at 23K");
        // the range widens to show a marker beyond the data (stacked top 33,280 ms < 40,000 ms)
        assertThat(plot.getRangeMarkers(Layer.FOREGROUND)).hasSize(1);
        assertThat(plot.getRangeAxis().getUpperBound()).isGreaterThan(40000);
    }

    @Test
    void aSingleHistogramBinStaysOnTheDataSideOfZero() throws Exception {
        Chart h = Chart.xy("tpot", "TPOT", Chart.Kind.HISTOGRAM, "seconds", "requests",
                List.of(new Chart.Series("requests", new double[] {0.025}, new double[] {6}))).withUnits(Unit.S,
                Unit.COUNT);
        JFreeChart jf = JFreeCharts.create(h, Font.SANS_SERIF);
        XYPlot plot = jf.getXYPlot();
        java.nio.file.Path png = java.nio.file.Path.of("target", "screenshots", "tpot-histogram-one-bin.png");
        java.nio.file.Files.createDirectories(png.getParent());
        org.jfree.chart.ChartUtils.saveChartAsPNG(png.toFile(), jf, 480, 300);
        assertThat(plot.getDomainAxis().getLowerBound()).isCloseTo(0.0225, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(plot.getDomainAxis().getUpperBound()).isCloseTo(0.0275, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(((NumberAxis) plot.getDomainAxis()).getNumberFormatOverride().format(0.025)).isEqualTo("25 ms");
    }

    /** Every XY chart kind: the x axis covers the data and does not stray far beyond it (none below 0 here). */
    @Test
    void everyChartKindHasAnAxisRangeFromItsData() {
        double[] x = {0.05, 0.15, 0.25};
        double[] y = {1, 4, 2};
        for (Chart.Kind kind : List.of(Chart.Kind.LINE, Chart.Kind.AREA, Chart.Kind.SCATTER, Chart.Kind.HISTOGRAM,
                Chart.Kind.STACKED_AREA)) {
            Chart c = Chart.xy("c", "C", kind, "s", "n", List.of(new Chart.Series("v", x, y)));
            XYPlot plot = JFreeCharts.create(c, Font.SANS_SERIF).getXYPlot();
            assertThat(plot.getDomainAxis().getLowerBound()).as("%s lower", kind).isBetween(0.0, 0.05);
            assertThat(plot.getDomainAxis().getUpperBound()).as("%s upper", kind).isBetween(0.25, 0.30);
            assertThat(plot.getRangeAxis().getLowerBound()).as("%s y lower", kind).isBetween(0.0, 1.0);
            assertThat(plot.getRangeAxis().getUpperBound()).as("%s y upper", kind).isBetween(4.0, 4.5);
        }
        Chart bars = Chart.bars("b", "B", Chart.Kind.BAR, "k", "n", List.of("a", "b", "c"),
                List.of(new Chart.Series("v", new double[0], y)));
        CategoryPlot cp = JFreeCharts.create(bars, Font.SANS_SERIF).getCategoryPlot();
        assertThat(cp.getRangeAxis().getLowerBound()).isEqualTo(0.0);
        assertThat(cp.getRangeAxis().getUpperBound()).isBetween(4.0, 4.5);
    }
}
