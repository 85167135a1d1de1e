package dev.parallax.app.serving;

import dev.parallax.serving.StepSeries;
import org.jfree.data.xy.XYSeries;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class KvCacheChartTest {
    @Test
    void shortSeriesKeepEverySampleAndEndAtTheRunEnd() {
        StepSeries s = new StepSeries("u", new long[] {1_000_000_000L, 2_000_000_000L}, new double[] {0.25, 0.5},
                4_000_000_000L);
        XYSeries x = KvCacheChart.series("u", s, 0, 100);
        assertThat(x.getItemCount()).isEqualTo(3);
        assertThat(x.getX(0).doubleValue()).isEqualTo(1.0);
        assertThat(x.getY(1).doubleValue()).isEqualTo(50.0);
        assertThat(x.getX(2).doubleValue()).isEqualTo(4.0);
        assertThat(x.getY(2).doubleValue()).isEqualTo(50.0);
    }

    @Test
    void longSeriesAreBoundedButKeepTheirExtremes() {
        Random rnd = new Random(3);
        int n = 200_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 1_000_000L;
            v[i] = 0.1 + rnd.nextDouble() * 0.8;
        }
        v[123_457] = 0.999;
        v[99_999] = 0.0001;
        StepSeries s = new StepSeries("u", t, v, t[n - 1]);
        XYSeries x = KvCacheChart.series("u", s, 0, 100);
        assertThat(x.getItemCount()).isLessThanOrEqualTo(KvCacheChart.MAX_POINTS + 1);
        assertThat(x.getMaxY()).isEqualTo(99.9);
        assertThat(x.getMinY()).isEqualTo(0.01);
        assertThat(x.getX(0).doubleValue()).isEqualTo(0.0);
        assertThat(x.getX(x.getItemCount() - 1).doubleValue()).isEqualTo(t[n - 1] / 1e9);
    }
}
