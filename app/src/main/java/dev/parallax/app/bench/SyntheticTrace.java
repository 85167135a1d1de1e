package dev.parallax.app.bench;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds a training-like multi-rank trace set in memory with {@link TraceBuilder}, of a requested number of
 * slices: per rank a Python thread with profiler steps &gt; operators &gt; kernel launches (three nesting
 * levels), two GPU streams (compute kernels and NCCL communication kernels) fed by launch → kernel flows,
 * and a GPU-memory counter. Deterministic for a seed. Used by the timeline benchmark and by tests.
 */
public final class SyntheticTrace {
    private static final String[] OPS = {
        "aten::linear", "aten::matmul", "aten::layer_norm", "aten::softmax", "aten::gelu", "aten::add_",
        "aten::mul", "aten::copy_", "aten::_flash_attention_forward", "aten::embedding", "aten::dropout",
        "aten::view", "autograd::engine::evaluate_function: MmBackward0", "Optimizer.step#AdamW.step",
    };
    private static final String[] KERNELS = {
        "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1_execute_segment_k_off",
        "ampere_bf16_s16816gemm_bf16_128x128_ldg8_f2f_stages_32x5_tn",
        "void at::native::vectorized_elementwise_kernel<4, at::native::GeluCUDAKernelImpl>",
        "void at::native::(anonymous namespace)::vectorized_layer_norm_kernel<c10::BFloat16, float>",
        "flash_fwd_kernel<Flash_fwd_kernel_traits<128, 128, 64, 4>>",
        "flash_bwd_dq_dk_dv_loop_seqk_parallel_kernel",
        "void at::native::reduce_kernel<512, 1, at::native::ReduceOp<float>>",
        "void at::native::unrolled_elementwise_kernel<at::native::direct_copy_kernel_cuda>",
        "Memcpy DtoD (Device -> Device)",
        "multi_tensor_apply_kernel<TensorListMetadata<4>, AdamFunctor<float>>",
    };
    private static final String[] COMM = {
        "ncclDevKernel_AllReduce_Sum_bf16_RING_LL", "ncclDevKernel_ReduceScatter_Sum_bf16_RING_LL",
        "ncclDevKernel_AllGather_RING_LL",
    };

    private SyntheticTrace() {
    }

    /** A trace set of {@code ranks} ranks holding about {@code slices} slices in all. */
    public static TraceSet generate(int ranks, long slices, long seed, Progress progress) {
        List<TraceSet.Member> members = new ArrayList<>();
        long perRank = Math.max(10, slices / ranks);
        for (int r = 0; r < ranks; r++) {
            progress.checkCancelled();
            TraceBuilder b = rank(r, perRank, seed + r, progress, (long) r * perRank, slices);
            members.add(new TraceSet.Member(b.build(0, 0, 0), r, RankSource.USER));
        }
        return new TraceSet("synthetic-" + ranks + "x" + perRank, members);
    }

    private static TraceBuilder rank(int rank, long budget, long seed, Progress progress, long doneBefore,
                                     long total) {
        SplittableRandom rnd = new SplittableRandom(seed);
        TraceBuilder b = new TraceBuilder("synthetic-rank-" + rank + ".json");
        String cpuPid = String.valueOf(4000 + rank);
        b.setProcessName(cpuPid, "python3 train.py");
        b.setProcessSortIndex(cpuPid, 1);
        b.setThreadName(cpuPid, "1", "python main");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, cpuPid, "1");
        b.setProcessName("0", "GPU " + rank);
        b.setProcessSortIndex("0", 2);
        int compute = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        b.setGpuStream(compute, rank, 7);
        b.setThreadName("0", "7", "stream 7 (compute)");
        int comm = b.sliceTrack(TrackKind.GPU_STREAM, "0", "13");
        b.setGpuStream(comm, rank, 13);
        b.setThreadName("0", "13", "stream 13 (nccl)");
        int memory = b.counterTrack("0", "GPU memory allocated (MB)");
        int cat = b.intern("cpu_op");
        int kcat = b.intern("kernel");
        int rcat = b.intern("cuda_runtime");
        int ucat = b.intern("user_annotation");
        int flowCat = b.intern("ac2g");
        int launchName = b.intern("cudaLaunchKernel");
        int corrKey = b.intern(KinetoArgs.CORRELATION);
        int streamKey = b.intern(KinetoArgs.STREAM);
        int[] ops = intern(b, OPS);
        int[] kernels = intern(b, KERNELS);
        int[] comms = intern(b, COMM);
        long t = 1_000_000L + rank * 3_000L;
        long computeFree = 0;
        long commFree = 0;
        long count = 0;
        long flow = 1;
        double mem = 20_000;
        int step = 0;
        while (count < budget) {
            long stepStart = t;
            int opsInStep = 200 + rnd.nextInt(100);
            t += 5_000;
            for (int o = 0; o < opsInStep && count < budget; o++) {
                long opStart = t;
                int launches = 1 + rnd.nextInt(4);
                t += 2_000 + rnd.nextInt(3_000);
                for (int l = 0; l < launches; l++) {
                    long ls = t;
                    long ld = 3_000 + rnd.nextInt(4_000);
                    boolean isComm = rnd.nextInt(12) == 0;
                    b.args().begin();
                    b.args().putLong(corrKey, flow);
                    int la = b.args().end();
                    b.addSlice(cpu, ls, ld, launchName, rcat, la);
                    long ks;
                    long kd;
                    int track;
                    int name;
                    if (isComm) {
                        ks = Math.max(commFree, ls + ld + 1_000);
                        kd = 20_000 + rnd.nextInt(200_000);
                        commFree = ks + kd + 500;
                        track = comm;
                        name = comms[rnd.nextInt(comms.length)];
                    } else {
                        ks = Math.max(computeFree, ls + ld + 2_000);
                        kd = 1_500 + (long) (rnd.nextDouble() * rnd.nextDouble() * 120_000);
                        computeFree = ks + kd + 300 + rnd.nextInt(2_000);
                        track = compute;
                        name = kernels[rnd.nextInt(kernels.length)];
                    }
                    b.args().begin();
                    b.args().putLong(corrKey, flow);
                    b.args().putLong(streamKey, isComm ? 13 : 7);
                    int ka = b.args().end();
                    b.addSlice(track, ks, kd, name, kcat, ka);
                    b.flowPoint(flow, flowCat, dev.parallax.trace.FlowStep.BEGIN, cpu, ls + 1, true);
                    b.flowPoint(flow, flowCat, dev.parallax.trace.FlowStep.END, track, ks, true);
                    flow++;
                    count += 2;
                    t = ls + ld + 500 + rnd.nextInt(1_500);
                    if ((flow & 7) == 0) {
                        mem = Math.max(1_000, mem + rnd.nextGaussian() * 300);
                        b.addCounter(memory, ks, mem);
                    }
                }
                t += 1_000 + rnd.nextInt(2_000);
                b.addSlice(cpu, opStart, t - opStart, ops[rnd.nextInt(ops.length)], cat, -1);
                count++;
                t += 500;
            }
            t = Math.max(t, Math.max(computeFree, commFree)) + 10_000;
            b.addSlice(cpu, stepStart, t - stepStart, b.intern("ProfilerStep#" + step++), ucat, -1);
            count++;
            t += 50_000;
            if ((step & 3) == 0) {
                progress.update(doneBefore + count, total, "generating rank " + rank);
            }
        }
        return b;
    }

    private static int[] intern(TraceBuilder b, String[] names) {
        int[] ids = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            ids[i] = b.intern(names[i]);
        }
        return ids;
    }
}
