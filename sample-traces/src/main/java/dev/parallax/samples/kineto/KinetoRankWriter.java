package dev.parallax.samples.kineto;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.samples.core.ChromeTraceWriter;
import dev.parallax.samples.core.GpuSpec;
import dev.parallax.samples.core.Intervals;
import dev.parallax.samples.core.SampleOutput;
import dev.parallax.samples.core.SeededRandom;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one rank's PyTorch-profiler (Kineto) trace as a simulation advances: the header keys, process/thread
 * metadata, CPU ops on host threads, CUDA API calls, and GPU activities on streams joined to their launches by
 * {@code correlation} and {@code ac2g} flows. Host threads and GPU streams keep their own clocks (absolute ns);
 * a kernel starts no earlier than its launch plus a queueing delay and the end of the previous work on its
 * stream, which is how CUDA streams serialise work. It also accumulates the ground truth of what it wrote
 * (kernel counts, per-window compute/communication/memory intervals).
 */
public final class KinetoRankWriter implements Closeable {
    /** CPU ops of the profiler: {@code cpu_op}. */
    public static final String CPU_OP = "cpu_op";

    private final int rank;
    private final int device;
    private final long pid;
    private final GpuSpec gpu;
    private final SeededRandom rng;
    private final SampleOutput.CountingStream out;
    private final ChromeTraceWriter w;
    private final int[] streams;
    private final long[] streamFree;
    private long nextExternalId;
    private long nextCorrelation;
    private long nextFlowId = 1;

    /** Kernel busy intervals of the current window: compute (non-communication kernels). */
    public final Intervals compute = new Intervals();
    /** Communication kernel intervals of the current window. */
    public final Intervals comm = new Intervals();
    /** Memcpy / memset intervals of the current window. */
    public final Intervals memory = new Intervals();
    private long kernels;
    private long commKernels;
    private long memcpys;
    private long memsets;

    /** A process group as {@code distributedInfo.pg_config} lists it. */
    public record ProcessGroup(String name, String desc, int[] ranks) {
    }

    /** Launch geometry and resource use of a kernel. */
    public record Shape(int[] grid, int[] block, int registers, int sharedMemory) {
        /** Blocks per SM for a GPU with {@code sms} SMs. */
        double blocksPerSm(int sms) {
            return (double) grid[0] * grid[1] * grid[2] / sms;
        }
    }

    /** The collective description Kineto attaches to NCCL kernels (from {@code record_param_comms}). */
    public record Collective(String name, long nelems, String dtype, ProcessGroup group) {
    }

    /** A host thread with its own clock. */
    public static final class CpuThread {
        /** Thread id as written in {@code tid}. */
        public final long tid;
        /** Current time of this thread (absolute ns). */
        public long t;

        CpuThread(long tid) {
            this.tid = tid;
        }
    }

    /** A CUDA API call that was written: its correlation id and time. */
    public record Launch(long correlation, long ts, long externalId) {
    }

    /**
     * Opens {@code file} for rank {@code rank} on local device {@code device}; {@code streams} lists the stream ids
     * this process uses.
     */
    public KinetoRankWriter(Path file, boolean gzip, int rank, int device, long pid, GpuSpec gpu, SeededRandom rng,
                            int... streams) throws IOException {
        this.rank = rank;
        this.device = device;
        this.pid = pid;
        this.gpu = gpu;
        this.rng = rng;
        this.out = SampleOutput.open(file, gzip);
        this.w = new ChromeTraceWriter(out);
        this.streams = streams.clone();
        this.streamFree = new long[streams.length];
        this.nextExternalId = 1 + rng.nextInt(500);
        this.nextCorrelation = 1000 + rng.nextInt(20000);
    }

    /** The trace writer. */
    public ChromeTraceWriter writer() {
        return w;
    }

    /** Uncompressed bytes written so far. */
    public long bytesWritten() {
        return out.count();
    }

    /** This rank's generator stream. */
    public SeededRandom rng() {
        return rng;
    }

    /** The global rank. */
    public int rank() {
        return rank;
    }

    /** The CPU process id. */
    public long pid() {
        return pid;
    }

    /** The local GPU index (= {@code pid} of GPU events). */
    public int device() {
        return device;
    }

    /** A host thread of this process. */
    public CpuThread thread(long tid) {
        return new CpuThread(tid);
    }

    /** A fresh {@code External id}. */
    public long externalId() {
        return nextExternalId++;
    }

    /** A fresh flow id for {@code fwdbwd} flows. */
    public long flowId() {
        return nextFlowId++;
    }

    private int streamIndex(int stream) {
        for (int i = 0; i < streams.length; i++) {
            if (streams[i] == stream) {
                return i;
            }
        }
        throw new IllegalArgumentException("stream " + stream + " not declared");
    }

    /** The time the last work queued on {@code stream} ends. */
    public long streamFree(int stream) {
        return streamFree[streamIndex(stream)];
    }

    /** Makes {@code stream} wait until {@code t} (a {@code cudaStreamWaitEvent} on an event recorded then). */
    public void streamWaitUntil(int stream, long t) {
        int i = streamIndex(stream);
        streamFree[i] = Math.max(streamFree[i], t);
    }

    /**
     * Writes the keys before {@code traceEvents} and opens it: schemaVersion, deviceProperties ({@code devices}
     * GPUs), distributedInfo, and the clock base.
     */
    public void writeHeader(long baseNs, int worldSize, List<ProcessGroup> groups, String ncclVersion, int devices)
            throws IOException {
        w.setBaseNs(baseNs);
        JsonGenerator g = w.json();
        w.beginRoot();
        g.writeNumberField("schemaVersion", 1);
        gpu.writeDeviceProperties(g, devices);
        g.writeObjectFieldStart("distributedInfo");
        g.writeStringField("backend", "nccl");
        g.writeNumberField("rank", rank);
        g.writeNumberField("world_size", worldSize);
        g.writeNumberField("pg_count", groups.size());
        g.writeArrayFieldStart("pg_config");
        for (ProcessGroup pg : groups) {
            g.writeStartObject();
            g.writeStringField("pg_name", pg.name());
            g.writeStringField("pg_desc", pg.desc());
            g.writeStringField("backend_config", "cuda:nccl");
            g.writeNumberField("pg_size", pg.ranks().length);
            g.writeArrayFieldStart("ranks");
            for (int r : pg.ranks()) {
                g.writeNumber(r);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("nccl_version", ncclVersion);
        g.writeEndObject();
        g.writeNumberField("record_shapes", 1);
        g.writeNumberField("baseTimeNanoseconds", baseNs);
        g.writeStringField("displayTimeUnit", "ms");
        g.writeStringField("traceName", "/tmp/profiler/rank-" + rank + ".pt.trace.json");
        w.beginTraceEvents();
    }

    /**
     * Writes process and thread metadata: the CPU process, its threads ({@code tids} with {@code names}), the
     * GPU process with its label and sort index, and one {@code stream N} thread per declared stream.
     */
    public void writeMetadata(long tsNs, String processName, long[] tids, String[] names) throws IOException {
        w.meta("process_name", pid, 0, tsNs, "name", processName);
        w.meta("process_labels", pid, 0, tsNs, "labels", "CPU");
        w.meta("process_sort_index", pid, 0, tsNs, "sort_index", pid);
        w.meta("process_name", device, 0, tsNs, "name", processName);
        w.meta("process_labels", device, 0, tsNs, "labels", "GPU " + device);
        w.meta("process_sort_index", device, 0, tsNs, "sort_index", 16_777_216L + device);
        for (int s : streams) {
            w.meta("thread_name", device, s, tsNs, "name", "stream " + s + " ");
            w.meta("thread_sort_index", device, s, tsNs, "sort_index", s);
        }
        for (int i = 0; i < tids.length; i++) {
            w.meta("thread_name", pid, tids[i], tsNs, "name", "thread " + tids[i] + " (" + names[i] + ")");
            w.meta("thread_sort_index", pid, tids[i], tsNs, "sort_index", tids[i]);
        }
    }

    /** Writes a {@code user_annotation} slice on a host thread. */
    public void userAnnotation(CpuThread th, String name, long start, long end) throws IOException {
        w.complete("user_annotation", name, pid, th.tid, start, end - start).arg("External id", externalId()).end();
    }

    /** Writes a {@code gpu_user_annotation} slice on a stream (an NVTX/record_function range as the GPU saw it). */
    public void gpuUserAnnotation(int stream, String name, long start, long end, long externalId) throws IOException {
        w.complete("gpu_user_annotation", name, device, stream, start, end - start)
                .arg("External id", externalId).end();
    }

    /** Writes a {@code cpu_op} slice; {@code seq} &lt; 0 omits the autograd sequence number. */
    public void cpuOp(CpuThread th, String name, long start, long end, long externalId, long seq, long[][] dims,
                      String[] types) throws IOException {
        cpuOp(th, name, start, end, externalId, seq, dims, types, null);
    }

    /**
     * As {@link #cpuOp(CpuThread, String, long, long, long, long, long[][], String[])}, with the
     * {@code Concrete Inputs} (values of scalar arguments, {@code ""} for tensors) when {@code concrete} is not null.
     */
    public void cpuOp(CpuThread th, String name, long start, long end, long externalId, long seq, long[][] dims,
                      String[] types, String[] concrete) throws IOException {
        w.complete(CPU_OP, name, pid, th.tid, start, end - start).arg("External id", externalId);
        if (seq >= 0) {
            w.arg("Sequence number", seq).arg("Fwd thread id", 0);
        }
        if (dims != null) {
            w.dims("Input Dims", dims).strings("Input type", types);
        }
        if (concrete != null) {
            w.strings("Concrete Inputs", concrete);
        }
        w.end();
    }

    /**
     * Writes a CUDA API call ({@code cudaLaunchKernel}, {@code cudaMemcpyAsync}, ... in category {@code cat}) at
     * the thread's time, with its {@code ac2g} flow start, and advances the thread past it.
     */
    public Launch api(CpuThread th, String name, String cat, long externalId, double nominalUs) throws IOException {
        return api(th, name, cat, externalId, nominalUs, true);
    }

    /**
     * As {@link #api(CpuThread, String, String, long, double)}; {@code launchesWork} false (event record, stream
     * wait) writes no flow, since no GPU activity will carry the correlation.
     */
    public Launch api(CpuThread th, String name, String cat, long externalId, double nominalUs,
                      boolean launchesWork) throws IOException {
        long corr = nextCorrelation++;
        long ts = th.t;
        long dur = rng.jitterNs(nominalUs * 1000, 0.15);
        w.complete(cat, name, pid, th.tid, ts, dur).arg("External id", externalId)
                .arg("cbid", cbid(name)).arg("correlation", corr).end();
        if (launchesWork) {
            w.flow("s", "ac2g", corr, pid, th.tid, ts, false);
        }
        th.t = ts + dur;
        return new Launch(corr, ts, externalId);
    }

    private static int cbid(String api) {
        switch (api) {
            case "cudaLaunchKernel": return 211;
            case "cudaMemcpyAsync": return 41;
            case "cudaMemsetAsync": return 51;
            case "cudaStreamSynchronize": return 131;
            case "cudaStreamWaitEvent": return 146;
            case "cudaEventRecord": return 135;
            case "cuLaunchKernelEx": return 652;
            default: return 0;
        }
    }

    /**
     * Writes a {@code record_param_comms} CPU op (what {@code c10d} records for every collective) with the
     * collective's arguments.
     */
    public void recordParamComms(CpuThread th, long start, long end, long externalId, Collective c)
            throws IOException {
        ProcessGroup pg = c.group();
        w.complete(CPU_OP, "record_param_comms", pid, th.tid, start, end - start)
                .arg("External id", externalId).arg("Process Group Name", pg.name())
                .arg("Process Group Description", pg.desc()).arg("Process Group Ranks", ranksText(pg.ranks()))
                .arg("Group size", pg.ranks().length).arg("Global rank start", pg.ranks()[0])
                .arg("Global rank stride", pg.ranks().length > 1 ? pg.ranks()[1] - pg.ranks()[0] : 1)
                .arg("Rank", rank).arg("Collective name", c.name()).arg("dtype", c.dtype())
                .arg("In msg nelems", c.nelems()).arg("Out msg nelems", c.nelems())
                .arg("In split size", "[]").arg("Out split size", "[]").end();
    }

    /** The earliest start of work launched by {@code launch} on {@code stream}, not before {@code notBefore}. */
    public long earliestStart(Launch launch, int stream, long notBefore) {
        long queued = launch.ts() + rng.jitterNs(4_000, 0.3);
        return Math.max(Math.max(queued, streamFree(stream)), notBefore);
    }

    /**
     * Writes a kernel on {@code stream} over [start, start+dur) linked to {@code launch}; {@code collective} marks
     * an NCCL kernel (its {@code record_param_comms} arguments are attached).
     */
    public void kernel(Launch launch, String name, int stream, long start, long dur, Shape shape,
                       Collective collective) throws IOException {
        double bps = shape.blocksPerSm(gpu.numSms());
        w.complete("kernel", name, device, stream, start, dur)
                .arg("External id", launch.externalId()).arg("queued", 0).arg("device", device)
                .arg("context", 1).arg("stream", stream).arg("correlation", launch.correlation())
                .arg("registers per thread", shape.registers()).arg("shared memory", shape.sharedMemory())
                .arg("blocks per SM", bps, 6)
                .arg("warps per SM", bps * (shape.block()[0] * shape.block()[1] * shape.block()[2] / 32.0), 6)
                .arg("grid", shape.grid()).arg("block", shape.block())
                .arg("est. achieved occupancy %", collective != null ? 0 : Math.min(100, Math.round(bps * 25)));
        if (collective != null) {
            ProcessGroup pg = collective.group();
            w.arg("Collective name", collective.name()).arg("In msg nelems", collective.nelems())
                    .arg("Out msg nelems", collective.nelems()).arg("Group size", pg.ranks().length)
                    .arg("dtype", collective.dtype()).arg("In split size", "[]").arg("Out split size", "[]")
                    .arg("Process Group Name", pg.name()).arg("Process Group Description", pg.desc())
                    .arg("Process Group Ranks", ranksText(pg.ranks()));
            comm.add(start, start + dur);
            commKernels++;
        } else {
            compute.add(start, start + dur);
        }
        w.end();
        w.flow("f", "ac2g", launch.correlation(), device, stream, start, true);
        kernels++;
        streamWaitUntil(stream, start + dur);
    }

    /** Writes a {@code gpu_memcpy} ({@code kind} e.g. {@code "HtoD (Pinned -> Device)"}) of {@code bytes}. */
    public void memcpy(Launch launch, String kind, int stream, long start, long dur, long bytes) throws IOException {
        gpuMemory("gpu_memcpy", "Memcpy " + kind, launch, stream, start, dur, bytes);
        memcpys++;
    }

    /** Writes a {@code gpu_memset} of {@code bytes}. */
    public void memset(Launch launch, int stream, long start, long dur, long bytes) throws IOException {
        gpuMemory("gpu_memset", "Memset (Device)", launch, stream, start, dur, bytes);
        memsets++;
    }

    private void gpuMemory(String cat, String name, Launch launch, int stream, long start, long dur, long bytes)
            throws IOException {
        w.complete(cat, name, device, stream, start, dur)
                .arg("External id", launch.externalId()).arg("device", device).arg("context", 1)
                .arg("stream", stream).arg("correlation", launch.correlation()).arg("bytes", bytes)
                .arg("memory bandwidth (GB/s)", bytes / (double) dur, 6).end();
        w.flow("f", "ac2g", launch.correlation(), device, stream, start, true);
        memory.add(start, start + dur);
        streamWaitUntil(stream, start + dur);
    }

    /** {@code "[0, 1, 2]"} as Kineto writes group ranks. */
    public static String ranksText(int[] ranks) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ranks.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(ranks[i]);
        }
        return sb.append(']').toString();
    }

    /** GPU kernels written (communication included). */
    public long kernels() {
        return kernels;
    }

    /** Communication (NCCL) kernels written. */
    public long commKernels() {
        return commKernels;
    }

    /** Memcpy activities written. */
    public long memcpys() {
        return memcpys;
    }

    /** Memset activities written. */
    public long memsets() {
        return memsets;
    }

    /** Closes {@code traceEvents} and the root object. */
    public void finish() throws IOException {
        w.endTraceEvents();
        w.endRoot();
    }

    @Override
    public void close() throws IOException {
        w.close();
    }
}
