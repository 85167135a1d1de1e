package dev.parallax.trace.json;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalNumbersTest {
    private static void same(String text) {
        byte[] b = ("[" + text + ",").getBytes(StandardCharsets.ISO_8859_1);
        double got = DecimalNumbers.parse(b, 1, text.length());
        assertThat(Double.doubleToRawLongBits(got)).as(text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void givesParseDoublesBitsForEveryShapeOfNumber() {
        for (String s : new String[] {"0.0", "-0.0", "0e0", "-0E-5", "1.5", "-2.25", "0.1", "0.3", "1e22", "1e23",
                "9007199254740993.0", "123456789012345.6", "1234567890123456.7", "0.000001", "1e-22", "1e-23",
                "4.9e-324", "1.7976931348623157e308", "1e309", "2.2250738585072014E-308", "12.5e+3", "7E2",
                "0.30000000000000004", "100.000", "0.0000000000000000000000001"}) {
            same(s);
        }
        Random rnd = new Random(17);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> rnd.nextDouble() * 1000;
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                case 2 -> rnd.nextInt(100_000) / 100.0;
                default -> (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(60) - 30);
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            same(Double.toString(d));
            same(String.format(Locale.ROOT, "%.3f", d));
            same(String.format(Locale.ROOT, "%.6e", d));
            same(String.format(Locale.ROOT, "%.17g", d).trim());
        }
    }
}
