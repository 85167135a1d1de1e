package dev.parallax.app.criticalpath;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.criticalpath.CriticalPathAnalysis;
import dev.parallax.trace.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhatIfMenuTest {
    @Test
    void statusLineIsTheWhatIfSummaryOrTheReason() {
        Result r = Result.builder(CriticalPathAnalysis.ID, "Critical path")
                .finding(Finding.of(CriticalPathAnalysis.CPU_BOUND, Severity.INFO, "cpu", "", ""))
                .finding(Finding.of(CriticalPathAnalysis.WHAT_IF, Severity.INFO, "gain 20 µs", "", "")).build();
        assertThat(WhatIfMenu.summary(r)).isEqualTo("gain 20 µs");
        Result na = Result.builder(CriticalPathAnalysis.ID, "Critical path").notApplicable("no steps").build();
        assertThat(WhatIfMenu.summary(na)).isEqualTo("Critical path: no steps");
    }
}
