package dev.parallax.cluster;

import java.io.Serializable;

/**
 * One profiler step of one rank, as the breakdown analysis measured it.
 *
 * @param step the step's name ({@code ProfilerStep#12})
 * @param spanUs the step's span of device work, microseconds
 * @param idlePct device idle time within the step, percent of its span
 */
public record StepFigures(String step, double spanUs, double idlePct) implements Serializable {
    private static final long serialVersionUID = 1L;
}
