package dev.parallax.samples.decoder;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.samples.core.GpuSpec;
import dev.parallax.samples.core.JsonFiles;
import dev.parallax.samples.core.SeededRandom;
import dev.parallax.samples.kineto.ClockBase;
import dev.parallax.samples.kineto.KinetoRankWriter;
import dev.parallax.samples.kineto.KinetoRankWriter.CpuThread;
import dev.parallax.samples.kineto.KinetoRankWriter.Launch;
import dev.parallax.samples.kineto.KinetoRankWriter.ProcessGroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Traces a synthetic decoder-only transformer (Llama-like: RMSNorm, q/k/v/o projections, RoPE, grouped-query
 * scaled-dot-product attention, SwiGLU MLP, LM head) serving one prefill and a few decode steps, once per context
 * length, as the PyTorch profiler records it with {@code record_shapes=True}: every {@code cpu_op} carries
 * {@code Input Dims}, {@code Input type} and (for attention) {@code Concrete Inputs}, and launches its kernels
 * through {@code cudaLaunchKernel} linked by {@code External id} and {@code correlation}.
 *
 * <p>Kernel durations follow a roofline (Williams et al. 2009) with a fixed achieved fraction per op class:
 * {@code time = max(FLOPs / peak, bytes / bandwidth) / efficiency + latency}, times a log-normal noise. Work
 * follows the conventions of TraceLens's performance model: GEMM 2·M·N·K FLOPs and (M·K + N·K + M·N)·2 bytes;
 * attention 4·B·H·N_q·N_kv·d FLOPs (halved when causal) and Q + K + V + O bytes; elementwise one FLOP per output
 * element and every input plus the output in bytes. The traces therefore hold a known answer for how each op
 * scales with the context length, which the long-context projection is tested against.
 */
public final class DecoderTraceGenerator {
    static final int STREAM = 7;
    private static final String BF16 = "c10::BFloat16";
    private static final String LONG = "long int";
    private static final double BYTES = 2;

    private final DecoderOptions o;
    private final double matrixPeak;
    private final double vectorPeak;
    private final double bandwidth;

    /** A generator for {@code options} (validated). */
    public DecoderTraceGenerator(DecoderOptions options) {
        options.validate();
        this.o = options;
        if (o.gpu == GpuSpec.A100) {
            matrixPeak = 312e12;
            vectorPeak = 19.5e12;
            bandwidth = 2039e9;
        } else {
            matrixPeak = 989.4e12;
            vectorPeak = 66.9e12;
            bandwidth = 3350e9;
        }
    }

    /** The op classes the generator gives an efficiency each. */
    enum Kind { GEMM, ATTENTION, ELEMENTWISE }

    /** What one traced step was, for the ground truth. */
    public record Step(int number, String phase, int batch, int queryTokens, int kvTokens, long startNs, long endNs,
                       long kernelNs, long gemmNs, long attentionNs, long otherNs, int kernels) {
    }

    /** One file: its context length and steps. */
    public record TracedContext(int context, String file, List<Step> steps) {
    }

    /** The file name written for context length {@code context}. */
    public static String fileName(int context, boolean gzip) {
        return "decoder-" + context + ".pt.trace.json" + (gzip ? ".gz" : "");
    }

    /** Writes one trace per context length and {@code <name>.expected.json} into {@code dir}. */
    public List<TracedContext> generate(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        List<TracedContext> out = new ArrayList<>();
        for (int i = 0; i < o.contexts.length; i++) {
            out.add(trace(dir, o.contexts[i], i));
        }
        writeExpected(dir.resolve(name + ".expected.json"), out);
        return out;
    }

    private static final class Tally {
        long kernelNs;
        long gemmNs;
        long attentionNs;
        long otherNs;
        int kernels;
    }

    private TracedContext trace(Path dir, int context, int index) throws IOException {
        SeededRandom rng = SeededRandom.derive(o.seed, index);
        String file = fileName(context, o.gzip);
        long pid = 4242;
        List<Step> steps = new ArrayList<>();
        try (KinetoRankWriter w = new KinetoRankWriter(dir.resolve(file), o.gzip, 0, 0, pid, o.gpu, rng, STREAM)) {
            long start = ClockBase.jobStart(false) + 60_000_000_000L * index;
            long base = ClockBase.baseFor(start);
            w.writeHeader(base, 1, List.of(new ProcessGroup("0", "default_pg", new int[]{0})), "2.21.5", 1);
            CpuThread th = w.thread(pid);
            w.writeMetadata(start, "python3.11", new long[]{th.tid}, new String[]{"pt_main_thread"});
            th.t = start + 2_000_000;
            w.streamWaitUntil(STREAM, th.t);
            steps.add(step(w, th, 1, "prefill", o.prefillBatch, context, context));
            for (int s = 0; s < o.decodeSteps; s++) {
                steps.add(step(w, th, 2 + s, "decode", o.decodeBatch, 1, context));
            }
            w.finish();
        }
        return new TracedContext(context, file, steps);
    }

    /** One forward pass of {@code batch} sequences, {@code q} new tokens each, attending to {@code kv} tokens. */
    private Step step(KinetoRankWriter w, CpuThread th, int number, String phase, int batch, int q, int kv)
            throws IOException {
        long t0 = th.t;
        long gpu0 = Math.max(w.streamFree(STREAM), t0);
        Tally acc = new Tally();
        long b = batch;
        long d = o.hidden;
        long h = o.heads;
        long hkv = o.kvHeads;
        long hd = o.headDim;
        long ffn = o.intermediate;
        long v = o.vocab;
        long[] act = {b, q, d};
        op(w, th, acc, "aten::embedding", Kind.ELEMENTWISE, dims(new long[]{v, d}, new long[]{b, q}),
                types(BF16, LONG), null, b * q * d, 2.0 * b * q * d * BYTES + b * q * 8, false,
                "void at::native::(anonymous namespace)::indexSelectLargeIndex<c10::BFloat16, long, unsigned int, 2, 2, -2, true>(at::cuda::detail::TensorInfo<c10::BFloat16, unsigned int>, at::cuda::detail::TensorInfo<c10::BFloat16 const, unsigned int>, at::cuda::detail::TensorInfo<long const, unsigned int>, int, int, unsigned int, unsigned int, long)");
        for (int l = 0; l < o.layers; l++) {
            rmsNorm(w, th, acc, act);
            linear(w, th, acc, act, h * hd);
            linear(w, th, acc, act, hkv * hd);
            linear(w, th, acc, act, hkv * hd);
            elementwise(w, th, acc, "aten::mul", new long[]{b, h, q, hd}, new long[]{1, 1, q, hd});
            elementwise(w, th, acc, "aten::mul", new long[]{b, hkv, q, hd}, new long[]{1, 1, q, hd});
            long[] newKv = {b, hkv, q, hd};
            for (int k = 0; k < 2; k++) {
                long n = b * hkv * q * hd;
                op(w, th, acc, "aten::copy_", Kind.ELEMENTWISE, dims(newKv, newKv), types(BF16, BF16), null, n,
                        2 * n * BYTES, false, "void at::native::unrolled_elementwise_kernel<at::native::direct_copy_kernel_cuda(at::TensorIteratorBase&)::{lambda()#3}::operator()() const::{lambda()#12}::operator()() const::{lambda(c10::BFloat16)#1}, at::detail::Array<char*, 2>, TrivialOffsetCalculator<1, unsigned int>, TrivialOffsetCalculator<1, unsigned int>, at::native::memory::LoadWithCast<1>, at::native::memory::StoreWithCast<1> >(int, at::native::direct_copy_kernel_cuda(at::TensorIteratorBase&)::{lambda()#3}::operator()() const::{lambda()#12}::operator()() const::{lambda(c10::BFloat16)#1}, at::detail::Array<char*, 2>, TrivialOffsetCalculator<1, unsigned int>, TrivialOffsetCalculator<1, unsigned int>, at::native::memory::LoadWithCast<1>, at::native::memory::StoreWithCast<1>)");
            }
            attention(w, th, acc, b, h, hkv, q, kv, hd);
            linear(w, th, acc, new long[]{b, q, h * hd}, d);
            elementwise(w, th, acc, "aten::add", act, act);
            rmsNorm(w, th, acc, act);
            linear(w, th, acc, act, ffn);
            linear(w, th, acc, act, ffn);
            long[] wide = {b, q, ffn};
            elementwise(w, th, acc, "aten::silu", wide, null);
            elementwise(w, th, acc, "aten::mul", wide, wide);
            linear(w, th, acc, wide, d);
            elementwise(w, th, acc, "aten::add", act, act);
        }
        rmsNorm(w, th, acc, act);
        linear(w, th, acc, act, v);
        long logits = b * v;
        op(w, th, acc, "aten::argmax", Kind.ELEMENTWISE, dims(new long[]{b, v}, new long[]{}, new long[]{}),
                types(BF16, "Scalar", "Scalar"), new String[]{"", "-1", "False"}, logits, logits * BYTES + b * 8,
                false, "void at::native::reduce_kernel<512, 1, at::native::ReduceOp<c10::BFloat16, at::native::ArgMaxOps<c10::BFloat16>, unsigned int, long, 4> >(at::native::ReduceOp<c10::BFloat16, at::native::ArgMaxOps<c10::BFloat16>, unsigned int, long, 4>)");
        // .item() on the sampled tokens: the host waits for the GPU
        long ext = w.externalId();
        w.api(th, "cudaStreamSynchronize", "cuda_runtime", ext, 3, false);
        th.t = Math.max(th.t, w.streamFree(STREAM)) + w.rng().jitterNs(20_000, 0.2);
        long end = th.t;
        w.userAnnotation(th, "ProfilerStep#" + number, t0, end);
        th.t += w.rng().jitterNs(150_000, 0.2);
        return new Step(number, phase, batch, q, kv, gpu0, w.streamFree(STREAM), acc.kernelNs, acc.gemmNs,
                acc.attentionNs, acc.otherNs, acc.kernels);
    }

    private void rmsNorm(KinetoRankWriter w, CpuThread th, Tally acc, long[] x) throws IOException {
        long n = x[0] * x[1] * x[2];
        op(w, th, acc, "aten::rms_norm", Kind.ELEMENTWISE, dims(x, new long[]{}, new long[]{x[2]}, new long[]{}),
                types(BF16, "ScalarList", BF16, "Scalar"), new String[]{"", "[" + x[2] + "]", "", "1e-05"}, n,
                (2 * n + x[2]) * BYTES, false,
                "void at::native::(anonymous namespace)::vectorized_layer_norm_kernel<c10::BFloat16, float, true>(int, float, c10::BFloat16 const*, c10::BFloat16 const*, c10::BFloat16 const*, float*, float*, c10::BFloat16*)");
    }

    private void linear(KinetoRankWriter w, CpuThread th, Tally acc, long[] x, long n) throws IOException {
        long k = x[x.length - 1];
        long m = 1;
        for (int i = 0; i < x.length - 1; i++) {
            m *= x[i];
        }
        op(w, th, acc, "aten::linear", Kind.GEMM, dims(x, new long[]{n, k}, new long[]{}), types(BF16, BF16, ""),
                null, 2.0 * m * n * k, (double) (m * k + n * k + m * n) * BYTES, true, o.gpu.gemmForward());
    }

    private void elementwise(KinetoRankWriter w, CpuThread th, Tally acc, String name, long[] a, long[] b)
            throws IOException {
        long n = elements(a);
        long in = n + (b == null ? 0 : elements(b));
        String functor = name.substring("aten::".length());
        String kernel = "void at::native::vectorized_elementwise_kernel<4, at::native::CUDAFunctor_" + functor
                + "<c10::BFloat16>, at::detail::Array<char*, " + (b == null ? 2 : 3) + "> >(int, at::native::CUDAFunctor_"
                + functor + "<c10::BFloat16>, at::detail::Array<char*, " + (b == null ? 2 : 3) + ">)";
        op(w, th, acc, name, Kind.ELEMENTWISE, b == null ? dims(a) : dims(a, b),
                b == null ? types(BF16) : types(BF16, BF16), null, n, (in + n) * BYTES, false, kernel);
    }

    private void attention(KinetoRankWriter w, CpuThread th, Tally acc, long b, long h, long hkv, long q, long kv,
                           long hd) throws IOException {
        boolean causal = q > 1;
        double flops = 4.0 * b * h * q * kv * hd * (causal ? 0.5 : 1.0);
        double bytes = (2.0 * b * h * q * hd + 2.0 * b * hkv * kv * hd) * BYTES;
        String kernel = causal
                ? "void pytorch_flash::flash_fwd_kernel<Flash_fwd_kernel_traits<128, 128, 64, 4, false, false, cutlass::bfloat16_t, Flash_kernel_traits<128, 128, 64, 4, cutlass::bfloat16_t> >, false, true, false, false, true, true, false, false>(pytorch_flash::Flash_fwd_params)"
                : "void pytorch_flash::flash_fwd_splitkv_kernel<Flash_fwd_kernel_traits<128, 64, 128, 4, false, false, cutlass::bfloat16_t, Flash_kernel_traits<128, 64, 128, 4, cutlass::bfloat16_t> >, false, false, false, false, true, true, false, false>(pytorch_flash::Flash_fwd_params)";
        op(w, th, acc, "aten::scaled_dot_product_attention", Kind.ATTENTION,
                dims(new long[]{b, h, q, hd}, new long[]{b, hkv, kv, hd}, new long[]{b, hkv, kv, hd}, new long[]{},
                        new long[]{}, new long[]{}, new long[]{}, new long[]{}),
                types(BF16, BF16, BF16, "", "Scalar", "Scalar", "", "Scalar"),
                new String[]{"", "", "", "", "0.", causal ? "True" : "False", "", "True"}, flops, bytes, true, kernel);
    }

    /** One op: CPU slice, its launch and its kernel, whose time is the roofline time at the class's efficiency. */
    private void op(KinetoRankWriter w, CpuThread th, Tally acc, String name, Kind kind, long[][] dims,
                    String[] types, String[] concrete, double flops, double bytes, boolean matrix, String kernel)
            throws IOException {
        SeededRandom rng = w.rng();
        long t0 = th.t;
        long ext = w.externalId();
        th.t += rng.jitterNs(6_000, 0.2);
        Launch l = w.api(th, "cudaLaunchKernel", "cuda_runtime", ext, 5.5);
        double roofline = Math.max(flops / (matrix ? matrixPeak : vectorPeak), bytes / bandwidth);
        double efficiency = switch (kind) {
            case GEMM -> o.gemmEfficiency;
            case ATTENTION -> o.attentionEfficiency;
            case ELEMENTWISE -> o.elementwiseEfficiency;
        };
        double nominalNs = roofline / efficiency * 1e9 + o.kernelLatencyUs * 1000;
        long dur = Math.max(1, Math.round(nominalNs * StrictMath.exp(o.noise * rng.gaussian())));
        long start = w.earliestStart(l, STREAM, 0);
        int blocks = (int) Math.max(1, Math.min(1 << 20, bytes / 65536));
        w.kernel(l, kernel, STREAM, start, dur, new KinetoRankWriter.Shape(new int[]{blocks, 1, 1},
                new int[]{matrix ? 384 : 128, 1, 1}, matrix ? 168 : 32, matrix ? 213_248 : 0), null);
        th.t += rng.jitterNs(2_000, 0.3);
        w.cpuOp(th, name, t0, th.t, ext, -1, dims, types, concrete);
        th.t += rng.jitterNs(3_000, 0.3);
        acc.kernelNs += dur;
        acc.kernels++;
        switch (kind) {
            case GEMM -> acc.gemmNs += dur;
            case ATTENTION -> acc.attentionNs += dur;
            default -> acc.otherNs += dur;
        }
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }

    private static long[][] dims(long[]... shapes) {
        return shapes;
    }

    private static String[] types(String... t) {
        return t;
    }

    private void writeExpected(Path file, List<TracedContext> traced) throws IOException {
        try (JsonGenerator g = JsonFiles.open(file)) {
            g.writeStartObject();
            g.writeStringField("model", o.modelId);
            g.writeNumberField("layers", o.layers);
            g.writeNumberField("hidden", o.hidden);
            g.writeNumberField("heads", o.heads);
            g.writeNumberField("kv_heads", o.kvHeads);
            g.writeNumberField("head_dim", o.headDim);
            g.writeNumberField("intermediate", o.intermediate);
            g.writeNumberField("vocab", o.vocab);
            g.writeStringField("gpu", o.gpu.deviceName());
            JsonFiles.fixed(g, "gemm_efficiency", o.gemmEfficiency, 4);
            JsonFiles.fixed(g, "attention_efficiency", o.attentionEfficiency, 4);
            JsonFiles.fixed(g, "elementwise_efficiency", o.elementwiseEfficiency, 4);
            JsonFiles.fixed(g, "kernel_latency_us", o.kernelLatencyUs, 3);
            g.writeArrayFieldStart("traces");
            for (TracedContext c : traced) {
                g.writeStartObject();
                g.writeNumberField("context", c.context());
                g.writeStringField("file", c.file());
                g.writeArrayFieldStart("steps");
                for (Step s : c.steps()) {
                    g.writeStartObject();
                    g.writeNumberField("step", s.number());
                    g.writeStringField("phase", s.phase());
                    g.writeNumberField("batch", s.batch());
                    g.writeNumberField("query_tokens", s.queryTokens());
                    g.writeNumberField("kv_tokens", s.kvTokens());
                    g.writeNumberField("kernels", s.kernels());
                    g.writeNumberField("kernel_ns", s.kernelNs());
                    g.writeNumberField("gemm_ns", s.gemmNs());
                    g.writeNumberField("attention_ns", s.attentionNs());
                    g.writeNumberField("other_ns", s.otherNs());
                    g.writeNumberField("gpu_start_ns", s.startNs());
                    g.writeNumberField("gpu_end_ns", s.endNs());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }
}
