package dev.parallax.app.testing;

import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Small traces built in memory with known slices, and access to the shared real traces. */
public final class TestTraces {
    /** Absolute time base of the hand-built trace (ns), like a Kineto clock. */
    public static final long BASE = 1_700_000_000_000_000_000L;

    private TestTraces() {
    }

    /**
     * One rank: CPU thread 1 with {@code step} [0, 1000 µs) holding {@code opA} [100, 300) and {@code opB}
     * [400, 700), {@code opB} holding {@code cudaLaunchKernel} [410, 420); GPU stream 7 with {@code gemm}
     * [450, 600) (flow from the launch) and {@code nccl_allreduce} [650, 900); a counter with 3 samples.
     */
    public static Trace small(int rank) {
        TraceBuilder b = new TraceBuilder("small-rank-" + rank + ".json");
        b.setProcessName("100", "python");
        b.setThreadName("100", "1", "main");
        int cpu = b.sliceTrack(TrackKind.CPU_THREAD, "100", "1");
        int gpu = b.sliceTrack(TrackKind.GPU_STREAM, "0", "7");
        b.setGpuStream(gpu, 0, 7);
        b.setProcessName("0", "GPU 0");
        int cat = b.intern("cpu_op");
        int kcat = b.intern("kernel");
        long us = 1_000;
        b.addSlice(cpu, BASE, 1000 * us, b.intern("step"), b.intern("user_annotation"), -1);
        b.addSlice(cpu, BASE + 100 * us, 200 * us, b.intern("opA"), cat, -1);
        b.args().begin();
        b.args().putLong(b.intern("External id"), 42);
        int args = b.args().end();
        b.addSlice(cpu, BASE + 400 * us, 300 * us, b.intern("opB"), cat, args);
        b.addSlice(cpu, BASE + 410 * us, 10 * us, b.intern("cudaLaunchKernel"), b.intern("cuda_runtime"), -1);
        b.addSlice(gpu, BASE + 450 * us, 150 * us, b.intern("gemm"), kcat, -1);
        b.addSlice(gpu, BASE + 650 * us, 250 * us, b.intern("nccl_allreduce"), kcat, -1);
        int fcat = b.intern("ac2g");
        b.flowPoint(1, fcat, 's', cpu, BASE + 411 * us, true);
        b.flowPoint(1, fcat, 'f', gpu, BASE + 450 * us, true);
        int c = b.counterTrack("0", "memory");
        b.addCounter(c, BASE, 10);
        b.addCounter(c, BASE + 500 * us, 30);
        b.addCounter(c, BASE + 900 * us, 20);
        return b.build(0, 0, 0);
    }

    /** A two-rank set of {@link #small}. */
    public static TraceSet smallSet() {
        return new TraceSet("small", List.of(new TraceSet.Member(small(0), 0, RankSource.USER),
                new TraceSet.Member(small(1), 1, RankSource.USER)));
    }

    /** The shared real-traces folder, or a skipped test when it is absent. */
    public static Path shared() {
        String p = System.getProperty("parallax.shared.traces");
        assumeTrue(p != null && Files.isDirectory(Path.of(p)),
                "shared real traces not found (system property parallax.shared.traces): skipping");
        return Path.of(p);
    }

    /** A file or folder under the shared traces, or a skipped test when it is absent. */
    public static Path shared(String relative) {
        Path p = shared().resolve(relative);
        assumeTrue(Files.exists(p), p + " not found: skipping");
        return p;
    }
}
