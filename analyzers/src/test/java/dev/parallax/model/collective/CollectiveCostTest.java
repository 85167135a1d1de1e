package dev.parallax.model.collective;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

/** Against nccl-tests doc/PERFORMANCE.md: busBw = algBw · factor, with the factors per collective. */
class CollectiveCostTest {
    @Test
    void busBandwidthFactorsAreNcclTests() {
        assertThat(CollectiveOp.ALL_REDUCE.busBandwidthFactor(8)).isEqualTo(2 * 7 / 8.0);
        assertThat(CollectiveOp.REDUCE_SCATTER.busBandwidthFactor(8)).isEqualTo(7 / 8.0);
        assertThat(CollectiveOp.ALL_GATHER.busBandwidthFactor(4)).isEqualTo(3 / 4.0);
        assertThat(CollectiveOp.ALL_TO_ALL.busBandwidthFactor(2)).isEqualTo(0.5);
        assertThat(CollectiveOp.BROADCAST.busBandwidthFactor(16)).isEqualTo(1.0);
        assertThat(CollectiveOp.REDUCE.busBandwidthFactor(16)).isEqualTo(1.0);
    }

    @Test
    void ringAllReduceTime() {
        // t = (S/B) · 2(n−1)/n: 1 GB over 8 ranks at 100 GB/s bus bandwidth = 17.5 ms
        CollectiveCost c = CollectiveCost.estimate(CollectiveOp.ALL_REDUCE, 8, 1e9, 100e9, 0);
        assertThat(c.seconds()).isCloseTo(0.0175, withinPercentage(1e-9));
        assertThat(c.busBandwidth()).isCloseTo(100e9, withinPercentage(1e-9));
        assertThat(c.algorithmBandwidth()).isCloseTo(1e9 / 0.0175, withinPercentage(1e-9));
        // latency lowers the achieved bus bandwidth
        CollectiveCost slow = CollectiveCost.estimate(CollectiveOp.ALL_REDUCE, 8, 1e6, 100e9, 5e-6);
        assertThat(slow.seconds()).isCloseTo(1e6 * 1.75 / 100e9 + 14 * 5e-6, withinPercentage(1e-9));
        assertThat(slow.busBandwidth()).isLessThan(100e9);
        assertThat(CollectiveCost.estimate(CollectiveOp.BROADCAST, 1, 1e9, 1e9, 0).seconds()).isZero();
    }

    @Test
    void parsesNames() {
        assertThat(CollectiveOp.parse("all-reduce")).isEqualTo(CollectiveOp.ALL_REDUCE);
        assertThat(CollectiveOp.parse("ReduceScatter")).isEqualTo(CollectiveOp.REDUCE_SCATTER);
        assertThatThrownBy(() -> CollectiveOp.parse("gather")).hasMessageContaining("allreduce");
    }
}
