package dev.parallax.trace.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class IdNumbersTest {
    @Test
    void decimalAndHexIdsAsLongParseReadsThem() {
        assertThat(IdNumbers.parse("137642", false)).isEqualTo(137642);
        assertThat(IdNumbers.parse("-12", false)).isEqualTo(-12);
        assertThat(IdNumbers.parse("+7", false)).isEqualTo(7);
        assertThat(IdNumbers.parse("9223372036854775807", false)).isEqualTo(Long.MAX_VALUE);
        assertThat(IdNumbers.parse("9223372036854775808", false)).isEqualTo(IdNumbers.NOT_A_NUMBER);
        assertThat(IdNumbers.parse("0x1F", true)).isEqualTo(31);
        assertThat(IdNumbers.parse("0xffffffffffffffff", true)).isEqualTo(-1L);
        assertThat(IdNumbers.parse("0x1F", false)).isEqualTo(IdNumbers.NOT_A_NUMBER);
        for (String s : new String[] {"", "-", "1.5", "abc", "12a", "0x", "0xg", "0x11112222333344445"}) {
            assertThat(IdNumbers.parse(s, true)).as(s).isEqualTo(IdNumbers.NOT_A_NUMBER);
        }
        Random r = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            long v = r.nextLong() >> r.nextInt(64);
            assertThat(IdNumbers.parse(Long.toString(v), false)).isEqualTo(v);
        }
    }

    @Test
    void doublesAsDoubleParseDoubleReadsThemAndTextIsNaN() {
        assertThat(IdNumbers.parseDouble("1.5")).isEqualTo(1.5);
        assertThat(IdNumbers.parseDouble("-2e3")).isEqualTo(-2000);
        assertThat(IdNumbers.parseDouble(".5")).isEqualTo(0.5);
        assertThat(IdNumbers.parseDouble("Infinity")).isInfinite();
        assertThat(IdNumbers.parseDouble("1f")).isEqualTo(1.0);
        assertThat(IdNumbers.parseDouble("abc")).isNaN();
        assertThat(IdNumbers.parseDouble("")).isNaN();
        assertThat(IdNumbers.parseDouble("-")).isNaN();
        assertThat(IdNumbers.parseDouble("12abc")).isNaN();
    }
}
