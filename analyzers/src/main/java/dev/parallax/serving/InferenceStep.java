package dev.parallax.serving;

/**
 * One inference step found in a trace.
 *
 * @param track slice track of the annotation (CPU thread), row its row
 * @param cpuStart annotation start (ns), cpuEnd its end
 * @param gpuStart first start of the GPU work launched inside the annotation (ns), -1 when none was linked
 * @param gpuEnd last end of that GPU work, -1 when none
 * @param gpuBusyNs summed duration of that GPU work (overlaps on several streams counted twice)
 * @param kernels GPU operations linked to the step
 */
public record InferenceStep(int rank, int track, int row, String name, StepAnnotation annotation, long cpuStart,
                            long cpuEnd, long gpuStart, long gpuEnd, long gpuBusyNs, int kernels) {

    public StepPhase phase() {
        return annotation.phase();
    }

    /** The step's duration: its GPU span when GPU work was linked, else its annotation's duration. */
    public long durationNs() {
        return gpuStart >= 0 ? gpuEnd - gpuStart : cpuEnd - cpuStart;
    }

    public long start() {
        return gpuStart >= 0 ? gpuStart : cpuStart;
    }

    public long end() {
        return gpuStart >= 0 ? gpuEnd : cpuEnd;
    }

    /**
     * The step's lower bound from the models (s), NaN when the batch is not known: the prefill bound of its
     * prefill requests at their mean new tokens, plus the decode bound of its decode requests at their mean
     * context (a chunked-prefill step carries both).
     */
    public double boundSeconds(ServingBounds bounds) {
        StepAnnotation a = annotation;
        double total = 0;
        boolean any = false;
        if (a.prefillRequests() > 0 && a.prefillTokens() > 0) {
            long perRequest = Math.max(1, Math.round((double) a.prefillTokens() / a.prefillRequests()));
            total += bounds.prefillSeconds(perRequest, (int) a.prefillRequests());
            any = true;
        }
        if (a.decodeRequests() > 0) {
            long ctx = a.decodeContextTokens() > 0 ? Math.max(1, Math.round((double) a.decodeContextTokens()
                    / a.decodeRequests())) : 1;
            total += bounds.decodeStepSeconds(ctx, (int) a.decodeRequests());
            any = true;
        }
        return any ? total : Double.NaN;
    }
}
