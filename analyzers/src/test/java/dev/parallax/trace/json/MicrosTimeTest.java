package dev.parallax.trace.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MicrosTimeTest {
    private static long parse(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return MicrosTime.parse(b, 0, b.length);
    }

    @Test
    void convertsMicrosecondTextToExactNanoseconds() {
        assertThat(parse("0")).isZero();
        assertThat(parse("1.5")).isEqualTo(1500);
        assertThat(parse("0.001")).isEqualTo(1);
        assertThat(parse(".25")).isEqualTo(250);
        assertThat(parse("7.")).isEqualTo(7000);
        assertThat(parse("-0.5")).isEqualTo(-500);
        assertThat(parse("1623142623460111.125")).isEqualTo(1623142623460111125L);
        assertThat(parse("4458676522709.059")).isEqualTo(4458676522709059L);
        assertThat(parse("1.0005")).isEqualTo(1001);
        assertThat(parse("1.0004999")).isEqualTo(1000);
        assertThat(parse("1e3")).isEqualTo(1_000_000);
        assertThat(parse("1.5E-3")).isEqualTo(2);
        assertThat(parse(" 12 ")).isEqualTo(12_000);
    }

    @Test
    void rejectsWhatIsNotAFiniteTimeInRange() {
        assertThat(parse("")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("abc")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("NaN")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("Infinity")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("-")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("1.2.3")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("99999999999999999999")).isEqualTo(MicrosTime.INVALID);
        assertThat(parse("1e300")).isEqualTo(MicrosTime.INVALID);
    }

    @Test
    void roundTripsEveryNanosecondValueWrittenWithThreeDecimals() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            long ns = rnd.nextLong() % 9_000_000_000_000_000_000L;
            String text = (ns < 0 ? "-" : "") + Math.abs(ns / 1000) + "." + String.format("%03d", Math.abs(ns % 1000));
            assertThat(parse(text)).as(text).isEqualTo(ns);
        }
    }

    @Test
    void subMicrosecondDurationsThatDoubleArithmeticGetsWrongStayExact() {
        // (long) (x * 1000) on doubles: 4458676522709.059 * 1000 = 4.458676522709059E15 is exact here,
        // but differences of rounded starts and ends are not; integer parsing keeps end - start exact.
        long start = parse("1682725898236567.001");
        long end = parse("1682725898236567.002");
        assertThat(end - start).isEqualTo(1);
        assertThat(parse("0.3") - parse("0.1")).isEqualTo(200);
    }
}
