package dev.parallax.gpu.trace;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CounterEventsTest {
    @Test
    void microsecondsHaveThreeDecimalsWithoutFloatingPointRounding() {
        assertThat(CounterEvents.micros(0)).isEqualTo("0.000");
        assertThat(CounterEvents.micros(1)).isEqualTo("0.001");
        assertThat(CounterEvents.micros(-1005)).isEqualTo("-1.005");
        assertThat(CounterEvents.micros(1_764_130_000_123_456_789L)).isEqualTo("1764130000123456.789");
    }
}
