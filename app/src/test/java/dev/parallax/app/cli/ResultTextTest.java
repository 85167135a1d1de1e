package dev.parallax.app.cli;

import dev.parallax.analysis.Result;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTextTest {
    @Test
    void smallDoublesKeepFourSignificantDigits() {
        assertThat(ResultText.format(6e-05, "p2p_latency_seconds")).isEqualTo("6.000e-05");
        assertThat(ResultText.format(0.0123456, "x_seconds")).isEqualTo("0.01235");
        assertThat(ResultText.format(0.5, "ratio")).isEqualTo("0.5000");
        assertThat(ResultText.format(-0.25, "delta")).isEqualTo("-0.2500");
    }

    @Test
    void largerDoublesAndZeroKeepThreeDecimals() {
        assertThat(ResultText.format(1234.56789, "total_us")).isEqualTo("1234.568");
        assertThat(ResultText.format(1.0, "x")).isEqualTo("1.000");
        assertThat(ResultText.format(0.0, "x")).isEqualTo("0.000");
    }

    @Test
    void percentagesKeepTwoDecimalsAtAnySize() {
        assertThat(ResultText.format(0.004, "idle_pct")).isEqualTo("0.00");
        assertThat(ResultText.format(42.126, "share_pct_of_step")).isEqualTo("42.13");
    }

    @Test
    void missingAndNonFiniteValuesPrintAsDashAndOthersAsText() {
        assertThat(ResultText.format(null, "x")).isEqualTo("-");
        assertThat(ResultText.format(Double.NaN, "x")).isEqualTo("-");
        assertThat(ResultText.format(Double.POSITIVE_INFINITY, "x")).isEqualTo("-");
        assertThat(ResultText.format(7L, "count")).isEqualTo("7");
        assertThat(ResultText.format("nccl", "backend")).isEqualTo("nccl");
    }

    @Test
    void printedMetricsUseTheSameFormat() {
        Result r = Result.builder("comm", "Communication").metric("p2p_latency_seconds", 6e-05)
                .metric("overlap_pct", 12.345).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ResultText.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), r, 10);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("== Communication (comm) ==")
                .contains("  p2p_latency_seconds: 6.000e-05").contains("  overlap_pct: 12.35");
    }
}
