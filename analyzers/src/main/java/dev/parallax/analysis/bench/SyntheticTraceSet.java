package dev.parallax.analysis.bench;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceMetadata;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A deterministic, Kineto-shaped training trace set generated in memory for benchmarks: per rank, one
 * host thread launching every device event ({@code cudaLaunchKernel}/{@code cudaMemcpyAsync} with a
 * {@code correlation}), {@code ProfilerStep#N} annotations, and device events on four streams — compute
 * (GEMMs, elementwise, attention, ~70 %), a second compute stream (~10 %), communication (NCCL all-reduce,
 * all-gather, reduce-scatter, send/recv, ~12 %, overlapping compute partly) and copies (memcpy/memset,
 * ~8 %). Durations are log-normal around typical kernel lengths; gaps are mostly launch-overhead sized
 * with occasional host stalls. The same seed always gives the same set.
 */
public final class SyntheticTraceSet {
    private static final String[] COMPUTE = {
        "ampere_bf16_s16816gemm_bf16_128x256_ldg8_f2f_stages_64x3_tn",
        "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1",
        "void at::native::vectorized_elementwise_kernel<4, at::native::GeluCUDAKernelImpl>(int, float*)",
        "void at::native::(anonymous namespace)::vectorized_layer_norm_kernel<c10::BFloat16, float>(int, float)",
        "flash_fwd_kernel<Flash_fwd_kernel_traits<128, 128, 64, 4, false, false, cutlass::bfloat16_t>>",
        "flash_bwd_dq_dk_dv_loop_seqk_parallel_kernel<Flash_bwd_kernel_traits<128, 64, 128, 8>>",
        "void at::native::reduce_kernel<512, 1, at::native::ReduceOp<float, at::native::MeanOps<float>>>(float)",
        "triton_poi_fused_add_mul_0",
    };
    private static final String[] COMM = {
        "ncclDevKernel_AllReduce_Sum_bf16_RING_LL(ncclDevKernelArgsStorage<4096ul>)",
        "ncclDevKernel_AllGather_RING_LL(ncclDevKernelArgsStorage<4096ul>)",
        "ncclDevKernel_ReduceScatter_Sum_bf16_RING_LL(ncclDevKernelArgsStorage<4096ul>)",
        "ncclDevKernel_SendRecv(ncclDevKernelArgsStorage<4096ul>)",
    };
    private static final String[] MEMORY = {"Memcpy HtoD (Pinned -> Device)", "Memcpy DtoH (Device -> Pinned)",
        "Memcpy DtoD (Device -> Device)", "Memset (Device)"};

    private SyntheticTraceSet() {
    }

    /** A set of {@code ranks} traces holding {@code totalDeviceEvents} device events in all. */
    public static TraceSet generate(long totalDeviceEvents, int ranks, long seed) {
        if (ranks < 1 || totalDeviceEvents < ranks) {
            throw new IllegalArgumentException("need at least one rank and one event per rank");
        }
        long per = totalDeviceEvents / ranks;
        Trace[] traces = new Trace[ranks];
        IntStream.range(0, ranks).parallel().forEach(r -> traces[r] = rank(r, ranks,
                per + (r < totalDeviceEvents % ranks ? 1 : 0), seed * 1_000_003L + r));
        List<TraceSet.Member> members = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            members.add(new TraceSet.Member(traces[r], r, RankSource.DISTRIBUTED_INFO));
        }
        return new TraceSet("synthetic-" + totalDeviceEvents + "-events-" + ranks + "-ranks", members);
    }

    private static Trace rank(int rank, int worldSize, long events, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TraceBuilder b = new TraceBuilder("synthetic rank " + rank);
        b.setMetadata(new TraceMetadata("synthetic", rank, worldSize, "nccl", List.of(), List.of(), null, Map.of()));
        int host = b.sliceTrack(TrackKind.CPU_THREAD, "1000", "1");
        int steps = b.sliceTrack(TrackKind.CPU_THREAD, "1000", "2");
        long[] streamIds = {7, 8, 20, 21};
        int[] tracks = new int[4];
        for (int i = 0; i < 4; i++) {
            tracks[i] = b.sliceTrack(TrackKind.GPU_STREAM, "0", String.valueOf(streamIds[i]));
            b.setGpuStream(tracks[i], 0, streamIds[i]);
        }
        int[][] names = {intern(b, COMPUTE), intern(b, COMPUTE), intern(b, COMM), intern(b, MEMORY)};
        int kernelCat = b.intern("kernel");
        int memcpyCat = b.intern("gpu_memcpy");
        int runtimeCat = b.intern("cuda_runtime");
        int annotationCat = b.intern("user_annotation");
        int launchKernel = b.intern("cudaLaunchKernel");
        int launchCopy = b.intern("cudaMemcpyAsync");
        int kCorr = b.intern(KinetoArgs.CORRELATION);
        int kStream = b.intern(KinetoArgs.STREAM);
        ArgStore.Builder args = b.args();
        long[] free = new long[4];
        long hostTime = 1_000_000_000L + rank * 1_357L;
        long stepEvery = Math.max(1000, events / 8);
        long stepStart = hostTime;
        int step = 1;
        long stepCount = 0;
        for (long i = 0; i < events; i++) {
            int u = rnd.nextInt(100);
            int s = u < 70 ? 0 : u < 80 ? 1 : u < 92 ? 2 : 3;
            long dur = logNormal(rnd, s == 2 ? 60_000 : s == 3 ? 8_000 : 25_000);
            hostTime += 2_000 + rnd.nextInt(4_000) + (rnd.nextInt(1000) == 0 ? 2_000_000 : 0);
            long start = Math.max(free[s] + 1_000 + rnd.nextInt(3_000), hostTime + 4_000);
            if (s == 2) {
                start = Math.max(free[2], free[0] - dur / 2);
                start = Math.max(start, hostTime + 4_000);
            }
            free[s] = start + dur;
            int[] pool = names[s];
            int name = pool[rnd.nextInt(pool.length)];
            long corr = i + 1;
            args.begin();
            args.putLong(kStream, streamIds[s]);
            args.putLong(kCorr, corr);
            b.addSlice(tracks[s], start, dur, name, s == 3 ? memcpyCat : kernelCat, args.end());
            args.begin();
            args.putLong(kCorr, corr);
            b.addSlice(host, hostTime, 1_500, s == 3 ? launchCopy : launchKernel, runtimeCat, args.end());
            if (++stepCount == stepEvery) {
                b.addSlice(steps, stepStart, hostTime + 2_000 - stepStart, b.intern("ProfilerStep#" + step++),
                        annotationCat, -1);
                stepStart = hostTime + 2_000;
                stepCount = 0;
            }
        }
        if (stepCount > 0) {
            b.addSlice(steps, stepStart, hostTime + 2_000 - stepStart, b.intern("ProfilerStep#" + step),
                    annotationCat, -1);
        }
        return b.build(0, 0, 0);
    }

    private static int[] intern(TraceBuilder b, String[] names) {
        int[] out = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = b.intern(names[i]);
        }
        return out;
    }

    /** A log-normal duration (σ = 0.8) with the given median, at least 1 µs. */
    private static long logNormal(SplittableRandom rnd, long median) {
        double g = gaussian(rnd);
        return Math.max(1_000, (long) (median * Math.exp(0.8 * g)));
    }

    private static double gaussian(SplittableRandom rnd) {
        double u1 = Math.max(1e-12, rnd.nextDouble());
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
