package dev.parallax.samples.core;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Locale;

/**
 * The GPUs the generators pretend to run on: the {@code deviceProperties} values PyTorch reports for them
 * ({@code torch.cuda.get_device_properties}), the cuBLAS GEMM kernel names their traces show, and a relative
 * speed used to scale kernel durations (H100 = 1).
 */
public enum GpuSpec {
    /** NVIDIA H100 SXM5 80 GB (Hopper, sm_90, 132 SMs). */
    H100("NVIDIA H100 80GB HBM3", 85_032_747_008L, 9, 0, 132, 232_448, 233_472, 1.0,
            "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas",
            "sm90_xmma_gemm_bf16bf16_bf16f32_f32_nn_n_tilesize128x256x64_warpgroupsize2x1x1_execute_segment_k_off_kernel__5x_cublas",
            "sm90_xmma_gemm_bf16bf16_bf16f32_f32_nt_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off_kernel__5x_cublas"),
    /** NVIDIA A100 SXM4 80 GB (Ampere, sm_80, 108 SMs). */
    A100("NVIDIA A100-SXM4-80GB", 85_198_045_184L, 8, 0, 108, 166_912, 167_936, 1.75,
            "ampere_bf16_s16816gemm_bf16_128x128_ldg8_f2f_stages_64x3_tn",
            "ampere_bf16_s16816gemm_bf16_256x128_ldg8_f2f_stages_64x3_nn",
            "ampere_bf16_s16816gemm_bf16_128x256_ldg8_f2f_stages_64x3_nt");

    private final String deviceName;
    private final long totalGlobalMem;
    private final int computeMajor;
    private final int computeMinor;
    private final int numSms;
    private final int sharedMemPerBlockOptin;
    private final int sharedMemPerMultiprocessor;
    private final double slowdown;
    private final String gemmTn;
    private final String gemmNn;
    private final String gemmNt;

    GpuSpec(String deviceName, long totalGlobalMem, int computeMajor, int computeMinor, int numSms,
            int sharedMemPerBlockOptin, int sharedMemPerMultiprocessor, double slowdown,
            String gemmTn, String gemmNn, String gemmNt) {
        this.deviceName = deviceName;
        this.totalGlobalMem = totalGlobalMem;
        this.computeMajor = computeMajor;
        this.computeMinor = computeMinor;
        this.numSms = numSms;
        this.sharedMemPerBlockOptin = sharedMemPerBlockOptin;
        this.sharedMemPerMultiprocessor = sharedMemPerMultiprocessor;
        this.slowdown = slowdown;
        this.gemmTn = gemmTn;
        this.gemmNn = gemmNn;
        this.gemmNt = gemmNt;
    }

    /** Parses {@code h100} / {@code a100} (case-insensitive). */
    public static GpuSpec parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown GPU '" + text + "' (known: h100, a100)");
        }
    }

    /** The device name as {@code deviceProperties.name} shows it. */
    public String deviceName() {
        return deviceName;
    }

    /** Streaming multiprocessors. */
    public int numSms() {
        return numSms;
    }

    /** Kernel-duration multiplier relative to an H100. */
    public double slowdown() {
        return slowdown;
    }

    /** GEMM kernel name for the forward (TN) layout. */
    public String gemmForward() {
        return gemmTn;
    }

    /** GEMM kernel name for the input-gradient (NN) layout. */
    public String gemmInputGrad() {
        return gemmNn;
    }

    /** GEMM kernel name for the weight-gradient (NT) layout. */
    public String gemmWeightGrad() {
        return gemmNt;
    }

    /** Writes the {@code deviceProperties} array with {@code count} identical devices (ids 0..count-1). */
    public void writeDeviceProperties(JsonGenerator g, int count) throws IOException {
        g.writeFieldName("deviceProperties");
        g.writeStartArray();
        for (int id = 0; id < count; id++) {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("name", deviceName);
            g.writeNumberField("totalGlobalMem", totalGlobalMem);
            g.writeNumberField("computeMajor", computeMajor);
            g.writeNumberField("computeMinor", computeMinor);
            g.writeNumberField("maxThreadsPerBlock", 1024);
            g.writeNumberField("maxThreadsPerMultiprocessor", 2048);
            g.writeNumberField("regsPerBlock", 65536);
            g.writeNumberField("warpSize", 32);
            g.writeNumberField("sharedMemPerBlock", 49152);
            g.writeNumberField("numSms", numSms);
            g.writeNumberField("regsPerMultiprocessor", 65536);
            g.writeNumberField("sharedMemPerBlockOptin", sharedMemPerBlockOptin);
            g.writeNumberField("sharedMemPerMultiprocessor", sharedMemPerMultiprocessor);
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
