package dev.parallax.analysis.gpu;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MicrosAsDoubleTest {
    @Test
    void matchesDecimalParsingAtEpochScale() {
        Random rnd = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            long ns = 1_600_000_000_000_000_000L + (rnd.nextLong() >>> 4) % 400_000_000_000_000_000L;
            if (i % 10 == 0) {
                ns = ns / 1000 * 1000 + 125 * rnd.nextInt(8); // exact ties on the 1/8 µs grid
            }
            assertThat(MicrosAsDouble.of(ns)).as("ns %d", ns).isEqualTo(MicrosAsDouble.exact(ns));
        }
        assertThat(MicrosAsDouble.of(1_712_195_495_506_290_123L)).isEqualTo(1712195495506290.123);
        assertThat(MicrosAsDouble.of(5_877)).isEqualTo(5.877);
        assertThat(MicrosAsDouble.of(-5_877)).isEqualTo(-5.877);
    }
}
