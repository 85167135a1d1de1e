package dev.parallax.gpu.sampler;

/** Receives what the sampler child reports; called on the sampler's reader thread. */
public interface SamplerListener {
    /** NVML opened: library, driver, devices. */
    default void onInfo(GpuInfo info) {
    }

    /** One device's reading at one tick. */
    default void onSample(GpuSample sample) {
    }

    /**
     * Sampling stopped for a reason other than {@link GpuSampler#stop()}: NVML unavailable, the child
     * crashed or stopped answering. The message says what happened.
     */
    default void onProblem(String message) {
    }
}
