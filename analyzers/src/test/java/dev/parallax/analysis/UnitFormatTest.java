package dev.parallax.analysis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitFormatTest {
    @Test
    void durationsTakeTheScaleThatFits() {
        assertThat(UnitFormat.format(850L, Unit.NS)).isEqualTo("850 ns");
        assertThat(UnitFormat.format(12.4, Unit.US)).isEqualTo("12.4 µs");
        assertThat(UnitFormat.format(8780.0, Unit.US)).isEqualTo("8.78 ms");
        assertThat(UnitFormat.format(1.5, Unit.S)).isEqualTo("1.5 s");
        assertThat(UnitFormat.format(150.0, Unit.S)).isEqualTo("2.5 min");
        assertThat(UnitFormat.format(6e-05, Unit.S)).isEqualTo("60 µs");
        assertThat(UnitFormat.format(0.0, Unit.MS)).isEqualTo("0 ns");
    }

    @Test
    void bytesInBinaryUnits() {
        assertThat(UnitFormat.format(512L, Unit.BYTES)).isEqualTo("512 B");
        assertThat(UnitFormat.format(1536L, Unit.BYTES)).isEqualTo("1.5 KiB");
        assertThat(UnitFormat.format(80L << 30, Unit.BYTES)).isEqualTo("80 GiB");
    }

    @Test
    void percentagesFractionsRatiosCountsAndRates() {
        assertThat(UnitFormat.format(98.5444, Unit.PERCENT)).isEqualTo("98.5 %");
        assertThat(UnitFormat.format(0.004, Unit.PERCENT)).isEqualTo("0.004 %");
        assertThat(UnitFormat.format(0.2, Unit.FRACTION)).isEqualTo("20 %");
        assertThat(UnitFormat.format(1.25, Unit.RATIO)).isEqualTo("1.25×");
        assertThat(UnitFormat.format(1234567L, Unit.COUNT)).isEqualTo("1,234,567");
        assertThat(UnitFormat.format(3.12e14, Unit.FLOP_PER_S)).isEqualTo("312 TFLOP/s");
        assertThat(UnitFormat.format(1500.0, Unit.TOKENS_PER_S)).isEqualTo("1.5 k tokens/s");
        assertThat(UnitFormat.format(2.0, Unit.PER_S)).isEqualTo("2/s");
    }

    @Test
    void missingAndTextValues() {
        assertThat(UnitFormat.format(null, Unit.US)).isEqualTo("—");
        assertThat(UnitFormat.format(Double.NaN, Unit.US)).isEqualTo("—");
        assertThat(UnitFormat.format("1f1b", Unit.NONE)).isEqualTo("1f1b");
        assertThat(UnitFormat.format(4, Unit.NONE)).isEqualTo("4");
    }
}
