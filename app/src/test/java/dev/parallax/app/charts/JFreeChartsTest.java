package dev.parallax.app.charts;

import dev.parallax.analysis.Chart;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
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
    void aLineWithoutXValuesIsDrawnByIndexAndNonFinitePointsAreLeftOut() {
        Chart c = Chart.xy("l", "Line", Chart.Kind.LINE, "i", "v",
                List.of(new Chart.Series("v", new double[0], new double[] {2, Double.NaN, 7})));
        XYDataset ds = JFreeCharts.create(c, Font.SANS_SERIF).getXYPlot().getDataset();
        assertThat(ds.getItemCount(0)).isEqualTo(2);
        assertThat(ds.getXValue(0, 1)).isEqualTo(2.0);
        assertThat(ds.getYValue(0, 1)).isEqualTo(7.0);
    }
}
