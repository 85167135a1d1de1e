package dev.parallax.analysis;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChartTest {
    private static Chart line(double... y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i;
        }
        return Chart.xy("c", "c", Chart.Kind.LINE, "t", "v", List.of(new Chart.Series("s", x, y)));
    }

    @Test
    void emptyOrConstantDataIsNotWorthAChart() {
        assertThat(line().isInformative()).isFalse();
        assertThat(line(Double.NaN, Double.NaN).isInformative()).isFalse();
        // the "requests per step" of a training job: all zero, which would be drawn on a ±5E-9 axis
        assertThat(line(0, 0, 0).isInformative()).isFalse();
        assertThat(line(3, 3, 3).isInformative()).isFalse();
        assertThat(line(0, 1, 0).isInformative()).isTrue();
        Chart bars = Chart.bars("b", "b", Chart.Kind.BAR, "rank", "%", List.of("rank 0"),
                List.of(new Chart.Series("idle", new double[0], new double[] {42})));
        assertThat(bars.isInformative()).isTrue();
    }
}
