package dev.parallax.analysis.gpu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutliersTest {
    @Test
    void robustZScoreFindsTheHighOutlierOnly() {
        double[] v = {10, 11, 9, 10.5, 30, 10.2};
        assertThat(Outliers.median(v)).isEqualTo(10.35);
        assertThat(Outliers.high(v, 3.5, 20)).containsExactly(4);
        assertThat(Outliers.high(new double[] {10, 10.1, 9.9, 10.05}, 3.5, 20)).isEmpty();
    }

    @Test
    void withTwoRanksOnlyTheRelativeExcessCounts() {
        assertThat(Outliers.high(new double[] {10, 20}, 3.5, 20)).containsExactly(1);
        assertThat(Outliers.high(new double[] {10, 11}, 3.5, 20)).isEmpty();
        assertThat(Outliers.high(new double[] {10}, 3.5, 20)).isEmpty();
    }
}
