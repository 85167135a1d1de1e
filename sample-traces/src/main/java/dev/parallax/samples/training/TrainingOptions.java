package dev.parallax.samples.training;

import dev.parallax.samples.core.GpuSpec;

/** Parameters of a generated data-parallel training job (see {@link TrainingTraceGenerator}). */
public final class TrainingOptions {
    /** Number of ranks (one trace file each). */
    public int ranks = 2;
    /** Profiled training steps (ignored when {@link #targetBytes} is set). */
    public int steps = 3;
    /** Transformer layers per step: scales the events per step (~300 per layer per rank). */
    public int layers = 4;
    /** Layers per DDP gradient bucket (one all-reduce per bucket). */
    public int bucketLayers = 2;
    /** Generator seed. */
    public long seed = 1;
    /** When positive, steps are added until rank 0's uncompressed file reaches this many bytes. */
    public long targetBytes;
    /** Gzip the trace files ({@code .json.gz}). */
    public boolean gzip;
    /** GPU model. */
    public GpuSpec gpu = GpuSpec.H100;
    /** Older NCCL (2.17, {@code ncclKernel_*} launched by {@code cudaLaunchKernel}) instead of 2.21 ({@code ncclDevKernel_*}). */
    public boolean legacyNccl;
    /** Put rank 0's clock base in an earlier 3-month bucket than the other ranks'. */
    public boolean straddleClockBucket = true;
    /** The profiler step number of the first profiled step. */
    public int firstStep = 10;
    /** Hidden size of the simulated model (shapes in {@code Input Dims}, all-reduce sizes). */
    public int hidden = 2048;
    /** Effective all-reduce bus bandwidth in GB/s (inter-node ring). */
    public double busBandwidthGBs = 60;

    /** Checks the values, naming the first bad one. */
    public void validate() {
        if (ranks < 1 || ranks > 4096) {
            throw new IllegalArgumentException("--ranks must be 1..4096, got " + ranks);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("--layers must be at least 1, got " + layers);
        }
        if (bucketLayers < 1) {
            throw new IllegalArgumentException("--bucket-layers must be at least 1, got " + bucketLayers);
        }
    }
}
