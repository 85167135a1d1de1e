package dev.parallax.model.pipeline;

/**
 * One pass on one pipeline stage.
 *
 * @param stage      device index, 0 = first stage
 * @param kind       F, B or W
 * @param microbatch micro-batch index from 0
 * @param chunk      model chunk on that device (interleaved schedules), 0 otherwise
 * @param start      seconds from the start of the iteration
 * @param end        seconds from the start of the iteration
 */
public record PipelineOp(int stage, OpKind kind, int microbatch, int chunk, double start, double end) {

    public PipelineOp {
        if (end < start) {
            throw new IllegalArgumentException("op ends before it starts: " + start + " > " + end);
        }
    }

    /** end − start. */
    public double duration() {
        return end - start;
    }
}
