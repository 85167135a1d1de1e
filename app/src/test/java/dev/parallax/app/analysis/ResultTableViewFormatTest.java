package dev.parallax.app.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Cell texts of result tables (the class needs the JavaFX toolkit, started headless). */
@ExtendWith(ApplicationExtension.class)
class ResultTableViewFormatTest {
    @Test
    void smallValuesKeepFourSignificantDigitsAndLargerOnesThreeDecimals() {
        assertThat(ResultTableView.format(6e-05, false)).isEqualTo("6.000e-05");
        assertThat(ResultTableView.format(0.01234, false)).isEqualTo("0.01234");
        assertThat(ResultTableView.format(0.0, false)).isEqualTo("0.000");
        assertThat(ResultTableView.format(12345.6789, false)).isEqualTo("12,345.679");
    }

    @Test
    void percentagesIntegersAndMissingValues() {
        assertThat(ResultTableView.format(0.004, true)).isEqualTo("0.00");
        assertThat(ResultTableView.format(53.567, true)).isEqualTo("53.57");
        assertThat(ResultTableView.format(1234567L, false)).isEqualTo("1234567");
        assertThat(ResultTableView.format(null, false)).isEqualTo("–");
        assertThat(ResultTableView.format("gemm", false)).isEqualTo("gemm");
    }
}
