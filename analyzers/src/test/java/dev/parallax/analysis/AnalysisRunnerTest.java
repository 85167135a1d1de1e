package dev.parallax.analysis;

import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How one parameter map reaches several analyses, and what a failing analysis leaves behind. */
class AnalysisRunnerTest {
    private static final Parameter<Double> THRESHOLD = Parameter.ofDouble("threshold", "a threshold", 1.0);
    private static final Parameter<Integer> TOP = Parameter.ofInt("top", "rows shown", 5);

    /** An analysis that reports the values it was given as metrics, or does what {@code body} says. */
    private record Echo(String id, List<Parameter<?>> parameters, Function<ParameterValues, Result> body)
            implements Analysis {
        Echo(String id, List<Parameter<?>> parameters) {
            this(id, parameters, null);
        }

        @Override
        public String title() {
            return "Echo " + id;
        }

        @Override
        public String description() {
            return "reports its parameter values";
        }

        @Override
        public Result run(TraceSet traces, ParameterValues values, Progress progress) {
            if (body != null) {
                return body.apply(values);
            }
            Result.Builder b = Result.builder(id, title());
            for (Parameter<?> p : parameters) {
                b.metric(p.id(), values.get(p));
            }
            return b.build();
        }
    }

    @Test
    void plainKeysReachEveryAnalysisThatDeclaresThemAndPrefixedKeysOnlyOne() {
        Echo a = new Echo("a", List.of(THRESHOLD, TOP));
        Echo b = new Echo("b", List.of(THRESHOLD));
        List<Result> r = AnalysisRunner.run(null, List.of(a, b), Map.of("threshold", "2.5", "b.threshold", "7",
                "top", "3"), Progress.none());
        assertThat(r).extracting(Result::analysisId).containsExactly("a", "b");
        assertThat(r.get(0).metrics()).containsEntry("threshold", 2.5).containsEntry("top", 3);
        assertThat(r.get(1).metrics()).containsEntry("threshold", 7.0).doesNotContainKey("top");
        List<Result> defaults = AnalysisRunner.run(null, List.of(a), Map.of(), Progress.none());
        assertThat(defaults.get(0).metrics()).containsEntry("threshold", 1.0).containsEntry("top", 5);
    }

    @Test
    void unknownKeysAndBadValuesAreUsageErrors() {
        Echo a = new Echo("a", List.of(THRESHOLD));
        assertThatThrownBy(() -> AnalysisRunner.run(null, List.of(a), Map.of("treshold", "2"), Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'treshold'");
        assertThatThrownBy(() -> AnalysisRunner.run(null, List.of(a), Map.of("b.threshold", "2"), Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b.threshold'");
        assertThatThrownBy(() -> AnalysisRunner.run(null, List.of(a), Map.of("threshold", "high"), Progress.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold").hasMessageContaining("'high'");
    }

    @Test
    void aFailingAnalysisBecomesAnErrorFindingAndTheOthersStillRun() {
        Echo broken = new Echo("broken", List.of(), v -> {
            throw new IllegalStateException("index 7 out of range");
        });
        Echo fine = new Echo("fine", List.of(TOP));
        List<Result> r = AnalysisRunner.run(null, List.of(broken, fine), Map.of(), Progress.none());
        assertThat(r).extracting(Result::analysisId).containsExactly("broken", "fine");
        assertThat(r.get(0).worstSeverity()).isEqualTo(Severity.ERROR);
        assertThat(r.get(0).findings()).singleElement()
                .satisfies(f -> assertThat(f.summary()).contains("Echo broken failed", "index 7 out of range"));
        assertThat(r.get(1).metrics()).containsEntry("top", 5);
    }

    @Test
    void cancellationStopsTheRunInsteadOfBecomingAFinding() {
        Echo cancelled = new Echo("c", List.of(), v -> {
            throw new CancelledException();
        });
        assertThatThrownBy(() -> AnalysisRunner.run(null, List.of(cancelled, new Echo("after", List.of())), Map.of(),
                Progress.none())).isInstanceOf(CancelledException.class);
    }
}
