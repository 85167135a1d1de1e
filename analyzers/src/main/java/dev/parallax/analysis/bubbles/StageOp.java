package dev.parallax.analysis.bubbles;

import dev.parallax.model.pipeline.OpKind;

/**
 * One forward, backward or weight-gradient pass of one micro-batch found in a rank's trace.
 *
 * @param start GPU start (ns, trace-set clock); CPU start when the rank has no GPU work for it
 * @param cpuStart start of the annotation that marked it (ns), used to place it in an iteration
 * @param iteration index of the ProfilerStep it belongs to (0 when the trace has none)
 * @param trackId slice track of the annotation (for selecting it in the timeline)
 * @param row row of the annotation in that track
 */
public record StageOp(int rank, OpKind kind, int microbatch, int chunk, long start, long end, long cpuStart,
                      int iteration, int trackId, int row) {

    public long duration() {
        return end - start;
    }
}
