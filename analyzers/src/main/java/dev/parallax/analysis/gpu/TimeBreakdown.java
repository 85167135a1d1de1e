package dev.parallax.analysis.gpu;

import dev.parallax.trace.query.Intervals;

/**
 * HTA's temporal breakdown of one rank (or one step): span = first start to last end of device work,
 * idle = span − |busy|, compute = |union of compute|, non-compute = span − compute − idle (time the device
 * only communicated or copied memory).
 */
public record TimeBreakdown(long start, long end, long span, long idle, long compute, long nonCompute) {

    /** The breakdown of {@code busy} and {@code compute}, or null when there is no device work. */
    public static TimeBreakdown of(Intervals busy, Intervals compute) {
        if (busy.isEmpty()) {
            return null;
        }
        long span = busy.last() - busy.first();
        long idle = span - busy.length();
        long comp = compute.length();
        return new TimeBreakdown(busy.first(), busy.last(), span, idle, comp, span - comp - idle);
    }

    public Double idlePct() {
        return Units.pct(idle, span);
    }

    public Double computePct() {
        return Units.pct(compute, span);
    }

    public Double nonComputePct() {
        return Units.pct(nonCompute, span);
    }
}
