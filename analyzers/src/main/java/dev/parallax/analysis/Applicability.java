package dev.parallax.analysis;

import java.util.Objects;

/**
 * Whether an analysis applies to a trace set and, when it does not, why, in one line a user can act on
 * ("no GPU kernels in these traces: record with CUDA activities enabled"). Views and the report grey out
 * or skip an analysis that does not apply and show the reason instead of an empty section.
 */
public record Applicability(boolean applies, String reason) {
    /** The analysis applies. */
    public static final Applicability APPLIES = new Applicability(true, "");

    public Applicability {
        Objects.requireNonNull(reason);
        if (!applies && reason.isBlank()) {
            throw new IllegalArgumentException("a not-applicable result needs a reason");
        }
    }

    /** The analysis does not apply, because {@code reason}. */
    public static Applicability notApplicable(String reason) {
        return new Applicability(false, reason);
    }
}
