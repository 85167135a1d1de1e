package dev.parallax.serving;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PercentilesTest {
    @Test
    void interpolatesBetweenClosestRanks() {
        double[] v = {5, 1, 4, 2, 3};
        assertThat(Percentiles.of(v, 50)).isEqualTo(3.0);
        assertThat(Percentiles.of(v, 90)).isCloseTo(4.6, within(1e-12));
        assertThat(Percentiles.of(v, 0)).isEqualTo(1.0);
        assertThat(Percentiles.of(v, 100)).isEqualTo(5.0);
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
    }

    @Test
    void histogramQuantileFollowsPrometheus() {
        double[] le = {0.1, 0.5, 1.0, Double.POSITIVE_INFINITY};
        double[] cum = {10, 30, 40, 40};
        // rank 20 lies in (0.1, 0.5]: 0.1 + 0.4 · (20 − 10) / 20 = 0.3
        assertThat(Percentiles.ofHistogram(le, cum, 0.5)).isCloseTo(0.3, within(1e-12));
        // rank 36 in (0.5, 1.0]: 0.5 + 0.5 · 6 / 10
        assertThat(Percentiles.ofHistogram(le, cum, 0.9)).isCloseTo(0.8, within(1e-12));
        double[] tail = {10, 30, 40, 50};
        assertThat(Percentiles.ofHistogram(le, tail, 0.99)).isEqualTo(1.0);
        assertThat(Percentiles.ofHistogram(le, new double[] {0, 0, 0, 0}, 0.5)).isNaN();
    }

    @RepeatedTest(5)
    void histogramQuantileOfFineBucketsApproachesTheSamplePercentile(RepetitionInfo info) {
        Random rnd = new Random(info.getCurrentRepetition());
        double[] samples = new double[5000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = rnd.nextDouble() * 2;
        }
        double[] le = new double[201];
        double[] cum = new double[201];
        for (int b = 0; b < 200; b++) {
            le[b] = (b + 1) * 0.01;
        }
        le[200] = Double.POSITIVE_INFINITY;
        for (double s : samples) {
            for (int b = 0; b < le.length; b++) {
                if (s <= le[b]) {
                    cum[b]++;
                }
            }
        }
        assertThat(Percentiles.ofHistogram(le, cum, 0.9)).isCloseTo(Percentiles.of(samples, 90), within(0.01));
    }
}
