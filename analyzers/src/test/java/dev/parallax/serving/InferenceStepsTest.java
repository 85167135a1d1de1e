package dev.parallax.serving;

import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InferenceStepsTest {

    /**
     * A Kineto-shaped inference trace: on CPU thread 1, an outer vLLM-style annotation holding an SGLang-style
     * step annotation with a graph launch (correlation 7) and a kernel launch (correlation 8); on GPU stream 0,
     * three kernels of correlation 7 (one paged-attention decode kernel) and one of correlation 8, and an
     * unrelated kernel (correlation 99) launched outside.
     */
    static Trace decodeTrace() {
        TraceBuilder b = new TraceBuilder("inference");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "1", "1");
        int gpu = b.sliceTrack(TrackKind.GPU_STREAM, "0", "0");
        b.setGpuStream(gpu, 0, 0);
        int ann = b.intern("user_annotation");
        int rt = b.intern("cuda_runtime");
        int kern = b.intern("kernel");
        int corr = b.intern("correlation");
        b.addSlice(cpu, 1_000, 10_000, b.intern(
                "execute_4_context_0(sq0sk0sqsq0sqsk0)_generation_4(sq4sk4096sqsq4sqsk4096)"), ann, -1);
        b.addSlice(cpu, 1_100, 9_000, b.intern("step[DECODE bs=4]"), ann, -1);
        b.addSlice(cpu, 2_000, 100, b.intern("hipGraphLaunch"), rt, args(b, corr, 7));
        b.addSlice(cpu, 3_000, 100, b.intern("hipLaunchKernel"), rt, args(b, corr, 8));
        b.addSlice(cpu, 20_000, 100, b.intern("hipLaunchKernel"), rt, args(b, corr, 99));
        b.addSlice(gpu, 12_000, 1_000, b.intern("Cijk_gemm"), kern, args(b, corr, 7));
        b.addSlice(gpu, 13_000, 2_000, b.intern("paged_attention_ll4mi_QKV_mfma16_kernel"), kern, args(b, corr, 7));
        b.addSlice(gpu, 15_500, 500, b.intern("Cijk_gemm"), kern, args(b, corr, 7));
        b.addSlice(gpu, 16_000, 1_000, b.intern("argmax"), kern, args(b, corr, 8));
        b.addSlice(gpu, 30_000, 1_000, b.intern("argmax"), kern, args(b, corr, 99));
        b.addSlice(cpu, 40_000, 5_000, b.intern("ProfilerStep#3"), ann, -1);
        b.addSlice(cpu, 41_000, 100, b.intern("cudaLaunchKernel"), rt, args(b, corr, 100));
        b.addSlice(gpu, 42_000, 3_000, b.intern("flash_fwd_kernel"), kern, args(b, corr, 100));
        return b.build(0, 0, 0);
    }

    private static int args(TraceBuilder b, int key, long v) {
        b.args().begin();
        b.args().putLong(key, v);
        return b.args().end();
    }

    @Test
    void mergesNestedAnnotationsAndLinksTheirGpuWorkByCorrelation() {
        List<InferenceStep> steps = InferenceSteps.find(decodeTrace(), 0);
        assertThat(steps).hasSize(2);
        InferenceStep d = steps.get(0);
        assertThat(d.name()).isEqualTo("step[DECODE bs=4]");
        assertThat(d.phase()).isEqualTo(StepPhase.DECODE);
        assertThat(d.annotation().decodeRequests()).isEqualTo(4);
        assertThat(d.annotation().decodeContextTokens()).isEqualTo(4096);
        assertThat(d.gpuStart()).isEqualTo(12_000);
        assertThat(d.gpuEnd()).isEqualTo(17_000);
        assertThat(d.gpuBusyNs()).isEqualTo(4_500);
        assertThat(d.kernels()).isEqualTo(4);
        assertThat(d.durationNs()).isEqualTo(5_000);
        InferenceStep p = steps.get(1);
        assertThat(p.name()).isEqualTo("ProfilerStep#3");
        assertThat(p.phase()).isEqualTo(StepPhase.PREFILL);
        assertThat(p.durationNs()).isEqualTo(3_000);
    }

    @Test
    void decodeBoundUsesMeanContextPerRequest() {
        InferenceStep d = InferenceSteps.find(decodeTrace(), 0).get(0);
        long[] seen = new long[2];
        ServingBounds probe = new ServingBounds() {
            public String description() {
                return "probe";
            }

            public double kvBytesPerToken() {
                return 1;
            }

            public double weightsBytes() {
                return 1;
            }

            public double hbmBytes() {
                return 1;
            }

            public long maxConcurrency(long contextTokens) {
                return 1;
            }

            public double prefillSeconds(long contextTokens, int batch) {
                throw new AssertionError("a decode step has no prefill bound");
            }

            public double decodeStepSeconds(long contextTokens, int batch) {
                seen[0] = contextTokens;
                seen[1] = batch;
                return 1e-6;
            }
        };
        assertThat(d.boundSeconds(probe)).isEqualTo(1e-6);
        assertThat(seen).containsExactly(1024, 4);
    }
}
