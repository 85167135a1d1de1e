package dev.parallax.serving;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyHistogramTest {
    @Test
    void binsSpanZeroToTheLargestValueInSecondsAndLeaveOutUnmeasuredRequests() {
        Chart h = ServingReport.latencyHistogram("tpot_histogram", "TPOT",
                new double[] {0.01, 0.02, 0.04, -0.5, Double.NaN});
        Chart.Series s = h.series().get(0);
        assertThat(h.xUnit()).isEqualTo(Unit.S);
        assertThat(s.x()).hasSize(20);
        assertThat(s.x()[0]).isCloseTo(0.001, within(1e-12));   // 0.04 / 20 / 2
        assertThat(s.x()[19]).isCloseTo(0.039, within(1e-12));
        assertThat(Arrays.stream(s.x()).min().getAsDouble()).isPositive();
        assertThat(Arrays.stream(s.y()).sum()).isEqualTo(3.0);  // the negative and NaN values are not counted
        assertThat(s.y()[5]).isEqualTo(1.0);                       // 0.01 in [0.01, 0.012)
        assertThat(s.y()[19]).isEqualTo(1.0);                      // the largest value falls in the last bin
    }
}
