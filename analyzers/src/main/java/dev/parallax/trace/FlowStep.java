package dev.parallax.trace;

/**
 * The place of one point in a flow (an arrow from slice to slice across tracks): where it begins, a step
 * it passes through, where it ends. Importers map their own notions onto it: Chrome's {@code s}/{@code t}/
 * {@code f} phases, a CUDA launch and the kernel it started (Nsight's correlation ids), a CUPTI record.
 */
public enum FlowStep {
    BEGIN,
    STEP,
    END;

    /** The step of a Chrome trace flow phase ({@code s}, {@code t}, {@code f}); null for any other letter. */
    public static FlowStep ofChromePhase(char ph) {
        switch (ph) {
            case 's':
                return BEGIN;
            case 't':
                return STEP;
            case 'f':
                return END;
            default:
                return null;
        }
    }
}
