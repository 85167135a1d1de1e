package dev.parallax.samples.pipeline;

import dev.parallax.samples.core.GpuSpec;

/** Parameters of a generated pipeline-parallel training job (see {@link PipelineTraceGenerator}). */
public final class PipelineOptions {
    /** Schedule: {@link ScheduleKind#ONE_F_ONE_B} or {@link ScheduleKind#INTERLEAVED}. */
    public ScheduleKind schedule = ScheduleKind.ONE_F_ONE_B;
    /** Pipeline stages (PP degree). */
    public int stages = 4;
    /** Micro-batches per iteration. */
    public int microbatches = 8;
    /** Model chunks per stage for the interleaved schedule (virtual pipeline size); 1 for plain 1F1B. */
    public int chunks = 2;
    /** Tensor-parallel degree (ranks per stage). */
    public int tp = 1;
    /** Profiled iterations (each a ProfilerStep). */
    public int iterations = 2;
    /** Forward time of one micro-batch on one whole (nominal) stage, µs. */
    public double forwardUs = 1000;
    /** Backward time of one micro-batch on one whole (nominal) stage, µs. */
    public double backwardUs = 2000;
    /** Latency of one activation/gradient transfer between stages, µs. */
    public double p2pUs = 60;
    /** The deliberately slower stage, or -1 for none. */
    public int slowStage = -1;
    /** How much slower {@link #slowStage} is. */
    public double slowFactor = 1.3;
    /** Extra work of the last stage for the vocabulary projection and loss, as a fraction of a stage's time. */
    public double vocabExtra = 0.25;
    /** Relative per-op duration noise (log-normal sigma); 0 for exact times. */
    public double jitter = 0.01;
    /** Generator seed. */
    public long seed = 1;
    /** Gzip the trace files. */
    public boolean gzip;
    /** Older NCCL naming ({@code ncclKernel_*}). */
    public boolean legacyNccl;
    /** GPU model. */
    public GpuSpec gpu = GpuSpec.H100;
    /** Transformer layers per stage (kernels per op scale with it). */
    public int layersPerStage = 2;
    /** The profiler step number of the first iteration. */
    public int firstStep = 20;

    /** Model chunks actually used: {@link #chunks} for interleaved, else 1. */
    public int effectiveChunks() {
        return schedule == ScheduleKind.INTERLEAVED ? chunks : 1;
    }

    /** All stages equally fast, no heavier last stage, no jitter: the textbook case. */
    public PipelineOptions equalStages() {
        slowStage = -1;
        vocabExtra = 0;
        jitter = 0;
        return this;
    }

    /** Checks the values, naming the first bad one. */
    public void validate() {
        if (stages < 2 || stages > 64) {
            throw new IllegalArgumentException("--stages must be 2..64, got " + stages);
        }
        if (microbatches < 1) {
            throw new IllegalArgumentException("--microbatches must be at least 1, got " + microbatches);
        }
        if (schedule == ScheduleKind.INTERLEAVED) {
            if (chunks < 2) {
                throw new IllegalArgumentException("--chunks must be at least 2 for the interleaved schedule");
            }
            if (microbatches % stages != 0) {
                throw new IllegalArgumentException("the interleaved schedule needs --microbatches to be a multiple"
                        + " of --stages (Megatron-LM's requirement), got " + microbatches + " and " + stages);
            }
            if (layersPerStage % chunks != 0) {
                throw new IllegalArgumentException("--layers-per-stage (" + layersPerStage
                        + ") must be a multiple of --chunks (" + chunks + ")");
            }
        }
        if (tp < 1 || tp > 8) {
            throw new IllegalArgumentException("--tp must be 1..8, got " + tp);
        }
        if (slowStage >= stages) {
            throw new IllegalArgumentException("--slow-stage must be below --stages, got " + slowStage);
        }
        if (slowFactor <= 0 || forwardUs <= 0 || backwardUs <= 0 || p2pUs < 0) {
            throw new IllegalArgumentException("times and factors must be positive");
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("--iterations must be at least 1");
        }
    }
}
