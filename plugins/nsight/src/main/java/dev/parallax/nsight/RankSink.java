package dev.parallax.nsight;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.trace.TraceBuilder;
import dev.parallax.trace.TrackKind;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One output trace of an Nsight import (the whole file, or one rank of it): a {@link TraceBuilder} plus the
 * caches that turn Nsight ids (string ids, processes, threads, devices, streams) into the builder's ids.
 */
final class RankSink {
    final TraceBuilder builder;
    /** The MPI rank, or null when the file declares none. */
    final Integer rank;
    final TreeSet<Long> pids = new TreeSet<>();
    private final Map<Long, Integer> stringIds = new HashMap<>();
    private final Map<Long, Integer> threadTracks = new HashMap<>();
    private final Map<Long, Integer> asyncTracks = new HashMap<>();
    private final Map<Long, Integer> gpuTracks = new HashMap<>();
    private final Map<String, Integer> counterTracks = new HashMap<>();
    private final NsightContext context;
    long slices;
    /** Pool ids of the argument keys and categories written on every row. */
    final int keyDevice;
    final int keyStream;
    final int keyCorrelation;
    final int keyBytes;
    final int catKernel;
    final int catMemcpy;
    final int catMemset;
    final int catRuntime;
    final int catNvtx;
    final int catFlow;

    RankSink(TraceBuilder builder, Integer rank, NsightContext context) {
        this.builder = builder;
        this.rank = rank;
        this.context = context;
        this.keyDevice = builder.intern(KinetoArgs.DEVICE);
        this.keyStream = builder.intern(KinetoArgs.STREAM);
        this.keyCorrelation = builder.intern(KinetoArgs.CORRELATION);
        this.keyBytes = builder.intern("bytes");
        this.catKernel = builder.intern(NsightNames.CAT_KERNEL);
        this.catMemcpy = builder.intern(NsightNames.CAT_MEMCPY);
        this.catMemset = builder.intern(NsightNames.CAT_MEMSET);
        this.catRuntime = builder.intern(NsightNames.CAT_RUNTIME);
        this.catNvtx = builder.intern(NsightNames.CAT_NVTX);
        this.catFlow = builder.intern(NsightNames.CAT_FLOW);
    }

    /** Pool id of the text behind an Nsight {@code StringIds} id. */
    int string(long nsightId, String fallback) {
        if (nsightId < 0) {
            return builder.intern(fallback);
        }
        Integer id = stringIds.get(nsightId);
        if (id == null) {
            String s = context.string(nsightId);
            id = builder.intern(s == null ? fallback : s);
            stringIds.put(nsightId, id);
        }
        return id;
    }

    int intern(String s) {
        return builder.intern(s);
    }

    /** The CPU thread track of an Nsight {@code globalTid}. */
    int threadTrack(long globalTid) {
        Integer t = threadTracks.get(globalTid);
        if (t == null) {
            long pid = NsightNames.pidOf(globalTid);
            String p = Long.toString(pid);
            String tid = Long.toString(NsightNames.tidOf(globalTid));
            t = builder.sliceTrack(TrackKind.CPU_THREAD, p, tid);
            nameProcess(pid);
            String threadName = context.threadName(globalTid);
            if (threadName != null) {
                builder.setThreadName(p, tid, threadName);
            }
            threadTracks.put(globalTid, t);
        }
        return t;
    }

    /** The lane of NVTX start/end ranges of a process (they may cross threads, so they do not nest). */
    int asyncTrack(long pid) {
        Integer t = asyncTracks.get(pid);
        if (t == null) {
            String p = Long.toString(pid);
            t = builder.sliceTrack(TrackKind.ASYNC, p, "NVTX start/end ranges");
            builder.setThreadName(p, "NVTX start/end ranges", "NVTX start/end ranges");
            nameProcess(pid);
            asyncTracks.put(pid, t);
        }
        return t;
    }

    /** The track of one (device, stream), named like Kineto's GPU tracks (process = device, thread = stream). */
    int gpuTrack(long device, long stream) {
        long key = device << 32 | (stream & 0xFFFFFFFFL);
        Integer t = gpuTracks.get(key);
        if (t == null) {
            String p = Long.toString(device);
            String tid = Long.toString(stream);
            t = builder.sliceTrack(TrackKind.GPU_STREAM, p, tid);
            builder.setGpuStream(t, (int) device, stream);
            String deviceName = context.deviceName(device);
            builder.setProcessName(p, "GPU " + device + (deviceName == null ? "" : " (" + deviceName + ")"));
            builder.setProcessSortIndex(p, 1_000_000 + (int) device);
            builder.setThreadName(p, tid, "stream " + stream);
            builder.setThreadSortIndex(p, tid, (int) Math.min(Integer.MAX_VALUE, stream));
            gpuTracks.put(key, t);
        }
        return t;
    }

    int counterTrack(String pid, String processName, String name) {
        String key = pid + "\u0000" + name;
        Integer t = counterTracks.get(key);
        if (t == null) {
            t = builder.counterTrack(pid, name);
            builder.setProcessName(pid, processName);
            counterTracks.put(key, t);
        }
        return t;
    }

    private void nameProcess(long pid) {
        String name = context.processName(pid);
        if (name != null) {
            builder.setProcessName(Long.toString(pid), name);
        }
    }
}
