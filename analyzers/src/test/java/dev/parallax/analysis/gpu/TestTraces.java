package dev.parallax.analysis.gpu;

import dev.parallax.trace.ArgStore;
import dev.parallax.trace.RankSource;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds small Kineto-shaped traces in memory: device events on GPU stream tracks with {@code stream},
 * {@code device} and {@code correlation} arguments, their host launches ({@code cudaLaunchKernel}) on a
 * host thread, and {@code ProfilerStep#N} annotations.
 */
public final class TestTraces {
    private final TraceBuilder b;
    private final int launchTrack;
    private final int stepTrack;
    private final Map<Long, Integer> streams = new HashMap<>();
    private final int kernelCat;
    private final int runtimeCat;
    private final int annotationCat;
    private final int launchName;
    private final int kStream;
    private final int kDevice;
    private final int kCorr;
    private long nextCorrelation = 1000;

    public TestTraces(String source) {
        b = new TraceBuilder(source);
        launchTrack = b.sliceTrack(TrackKind.CPU_THREAD, "100", "1");
        stepTrack = b.sliceTrack(TrackKind.CPU_THREAD, "100", "2");
        kernelCat = b.intern("kernel");
        runtimeCat = b.intern("cuda_runtime");
        annotationCat = b.intern("user_annotation");
        launchName = b.intern("cudaLaunchKernel");
        kStream = b.intern("stream");
        kDevice = b.intern("device");
        kCorr = b.intern("correlation");
    }

    /** A device event on {@code stream} launched from the host at time {@code launchAt}. */
    public TestTraces kernel(long stream, String name, long start, long dur, long launchAt) {
        return event(stream, name, "kernel", start, dur, launchAt);
    }

    /** A device event launched long before it runs (so never host-bound). */
    public TestTraces kernel(long stream, String name, long start, long dur) {
        return kernel(stream, name, start, dur, 0);
    }

    public TestTraces event(long stream, String name, String category, long start, long dur, long launchAt) {
        long corr = nextCorrelation++;
        int track = streams.computeIfAbsent(stream, s -> {
            int t = b.sliceTrack(TrackKind.GPU_STREAM, "0", String.valueOf(s));
            b.setGpuStream(t, 0, s);
            return t;
        });
        ArgStore.Builder a = b.args();
        a.begin();
        a.putLong(kDevice, 0);
        a.putLong(kStream, stream);
        a.putLong(kCorr, corr);
        int gpuArgs = a.end();
        b.addSlice(track, start, dur, b.intern(name), category.equals("kernel") ? kernelCat : b.intern(category),
                gpuArgs);
        if (launchAt >= 0) {
            a.begin();
            a.putLong(kCorr, corr);
            int cpuArgs = a.end();
            b.addSlice(launchTrack, launchAt, 0, launchName, runtimeCat, cpuArgs);
        }
        return this;
    }

    /** A device annotation (no stream argument) on a stream's track. */
    public TestTraces gpuAnnotation(long stream, String name, long start, long dur) {
        int track = streams.computeIfAbsent(stream, s -> {
            int t = b.sliceTrack(TrackKind.GPU_STREAM, "0", String.valueOf(s));
            b.setGpuStream(t, 0, s);
            return t;
        });
        b.addSlice(track, start, dur, b.intern(name), b.intern("gpu_user_annotation"), -1);
        return this;
    }

    public TestTraces step(String name, long start, long dur) {
        b.addSlice(stepTrack, start, dur, b.intern(name), annotationCat, -1);
        return this;
    }

    public TraceBuilder builder() {
        return b;
    }

    public Trace build() {
        return b.build(0, 0, 0);
    }

    /** A set of traces ranked 0, 1, 2, ... in the given order. */
    public static TraceSet set(Trace... traces) {
        List<TraceSet.Member> m = new ArrayList<>();
        for (int i = 0; i < traces.length; i++) {
            m.add(new TraceSet.Member(traces[i], i, RankSource.USER));
        }
        return new TraceSet("test", m);
    }
}
