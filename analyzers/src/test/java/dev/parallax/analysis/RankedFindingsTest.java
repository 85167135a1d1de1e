package dev.parallax.analysis;

import dev.parallax.trace.Severity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RankedFindingsTest {
    private static Finding hostBound(int rank, double pct) {
        return Finding.scored("host-bound", Finding.score(pct, 50, 75), "Rank " + rank + ": " + pct + " % host wait",
                "why", "what").at(Location.rank(rank)).withGainNs(rank * 1000L);
    }

    @Test
    void oneFindingPerCodeAcrossRanksWithTheWorstRankAndTheLinesInTheDetails() {
        RankedFindings g = new RankedFindings();
        for (int r = 0; r < 8; r++) {
            double pct = r == 4 ? 100 : 60 + r;
            g.add(r, pct, hostBound(r, pct), (who, worst) -> who + ": host wait; worst rank " + worst.rank() + " at "
                    + worst.value() + " %");
        }
        assertThat(g.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("host-bound");
            assertThat(f.summary()).isEqualTo("ranks 0–7: host wait; worst rank 4 at 100.0 %");
            assertThat(f.details()).hasSize(8).first().isEqualTo("Rank 0: 60.0 % host wait");
            assertThat(f.location().rank()).isEqualTo(4);
            // ranks run in parallel: the step gains at most the largest single-rank gain
            assertThat(f.gainNs()).isEqualTo(7000);
            // rank 4 at 100 % scores 100: the group is a warning although most members are not
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void aSingleMemberIsReportedUnchanged() {
        RankedFindings g = new RankedFindings();
        Finding f = hostBound(3, 55);
        g.add(3, 55, f, (who, worst) -> "unused");
        assertThat(g.findings()).containsExactly(f);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void rankRanges() {
        assertThat(RankedFindings.ranges("ranks", new int[] {0, 1, 2, 3, 5, 7, 8})).isEqualTo("ranks 0–3, 5, 7, 8");
        assertThat(RankedFindings.ranges("ranks", new int[] {2})).isEqualTo("rank 2");
    }

    @Test
    void scoresMapThresholdsToSeverityAsJmcRulesDo() {
        assertThat(Finding.score(50, 50, 75)).isEqualTo(25.0);
        assertThat(Finding.score(75, 50, 75)).isEqualTo(75.0);
        assertThat(Finding.score(10, 50, 75)).isEqualTo(0.0);
        assertThat(Finding.severityFor(74.9)).isEqualTo(Severity.INFO);
        assertThat(Finding.severityFor(75)).isEqualTo(Severity.WARNING);
    }
}
