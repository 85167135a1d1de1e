package org.example.parallax;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Requirement;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.trace.FlowTable;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.Severity;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.TrackKind;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds kernels that are shorter than their own launch: the {@code cuda_runtime} call on the CPU
 * (e.g. {@code cudaLaunchKernel}) took longer than the {@code kernel} it started ran on the GPU. When many
 * kernels are like that, the GPU waits for the CPU and the program is launch-bound; fusing kernels or
 * replaying them as a CUDA graph removes the per-launch cost.
 *
 * <p>A launch and its kernel are paired by the trace's {@code ac2g} flows (Kineto and Nsight imports
 * both have them); traces without flows are paired by the {@code correlation} argument instead.
 */
public final class LaunchOverheadAnalysis implements Analysis {
    static final Parameter<Double> WARN_SHARE = Parameter.ofDouble("warn_share",
            "share of kernels shorter than their launch above which a warning is raised (0..1)", 0.25);
    static final Parameter<Integer> TOP = Parameter.ofInt("top", "kernel names listed in the table", 20);

    @Override
    public String id() {
        return "launch-overhead";
    }

    @Override
    public String title() {
        return "Kernels shorter than their launch";
    }

    @Override
    public String description() {
        return "Counts kernels whose GPU time is shorter than the CPU time of the CUDA call that launched them,"
                + " a sign that the program is bound by launch overhead.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(WARN_SHARE, TOP);
    }

    /** Per kernel name: how many launches were checked and how many were shorter than their launch. */
    private static final class PerName {
        long checked;
        long shorter;
        long kernelNs;
        long launchNs;
        Location worst;
        long worstGap = -1;
    }

    /** Code of the finding: many kernels run shorter than their launch call. */
    public static final String LAUNCH_BOUND = "launch-bound";

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.GPU_KERNELS, Requirement.CPU_OPS);
    }

    /** Applies to traces with GPU streams (kernels to pair with their launches). */
    @Override
    public Applicability applicability(TraceSet traces) {
        for (Trace t : traces.traces()) {
            if (!t.tracks(dev.parallax.trace.TrackKind.GPU_STREAM).isEmpty()) {
                return Applicability.APPLIES;
            }
        }
        return Applicability.notApplicable("no GPU kernels in these traces: profile with CUDA activity enabled");
    }

    @Override
    public Result run(TraceSet traces, ParameterValues values, Progress progress) {
        Applicability applies = applicability(traces);
        if (!applies.applies()) {
            return Result.notApplicable(this, applies.reason());
        }
        Map<String, PerName> byName = new HashMap<>();
        long checked = 0;
        long shorter = 0;
        for (TraceSet.Member m : traces.members()) {
            progress.checkCancelled();
            for (long[] pair : pairs(m.trace())) {
                Trace t = m.trace();
                SliceTrack launchTrack = t.sliceTrack((int) pair[0]);
                SliceTrack kernelTrack = t.sliceTrack((int) pair[2]);
                int lr = (int) pair[1];
                int kr = (int) pair[3];
                long launch = launchTrack.duration(lr);
                long kernel = kernelTrack.duration(kr);
                PerName p = byName.computeIfAbsent(t.string(kernelTrack.name(kr)), k -> new PerName());
                p.checked++;
                checked++;
                if (kernel < launch) {
                    p.shorter++;
                    shorter++;
                    p.kernelNs += kernel;
                    p.launchNs += launch;
                    if (launch - kernel > p.worstGap) {
                        p.worstGap = launch - kernel;
                        p.worst = Location.slice(m.rank(), kernelTrack.id(), kr, kernelTrack.start(kr),
                                kernelTrack.end(kr));
                    }
                }
            }
        }
        Result.Builder r = Result.builder(id(), title());
        r.metric("kernels_checked", checked, Unit.COUNT);
        r.metric("kernels_shorter_than_launch", shorter, Unit.COUNT);
        double share = checked == 0 ? 0 : shorter / (double) checked;
        r.metric("share_shorter_than_launch", share, Unit.FRACTION);
        if (checked == 0) {
            r.finding(Finding.of("no-launch-pairs", Severity.INFO, "No kernel could be paired with its launch",
                    "The trace has no kernels, or no flows or correlation ids linking CUDA runtime calls to kernels.",
                    "Profile with CUDA activity and runtime tracing enabled (Kineto: activities CPU and CUDA)."));
            return r.build();
        }
        List<Map.Entry<String, PerName>> rows = new ArrayList<>(byName.entrySet());
        rows.removeIf(e -> e.getValue().shorter == 0);
        rows.sort((a, b) -> Long.compare(b.getValue().shorter, a.getValue().shorter));
        Table.Builder table = new Table.Builder("short_kernels", "Kernels shorter than their launch")
                .column("kernel", "Kernel")
                .column("short_launches", "Shorter than launch", Unit.COUNT)
                .column("launches", "Launches", Unit.COUNT)
                .column("mean_kernel_us", "Mean kernel", Unit.US)
                .column("mean_launch_us", "Mean launch", Unit.US);
        int top = Math.max(1, values.get(TOP));
        long gap = 0;
        for (Map.Entry<String, PerName> e : rows) {
            gap += e.getValue().launchNs - e.getValue().kernelNs;
        }
        for (int i = 0; i < Math.min(top, rows.size()); i++) {
            PerName p = rows.get(i).getValue();
            table.newRow(p.worst).set("kernel", rows.get(i).getKey()).set("short_launches", p.shorter)
                    .set("launches", p.checked).set("mean_kernel_us", p.kernelNs / 1e3 / p.shorter)
                    .set("mean_launch_us", p.launchNs / 1e3 / p.shorter).add();
        }
        r.table(table.build());
        String summary = String.format("%d of %d kernels (%.1f%%) ran shorter than their launch call", shorter,
                checked, 100 * share);
        double warnAt = values.get(WARN_SHARE);
        Finding f = Finding.scored(LAUNCH_BOUND, Finding.score(share, warnAt / 3, warnAt), summary,
                "When launching a kernel costs the CPU more time than the kernel runs, the GPU waits for the CPU"
                        + " between kernels: the program is bound by launch overhead, not by the GPU.",
                "Fuse small kernels (torch.compile), replay steady-state work as a CUDA graph"
                        + " (torch.compile mode=\"reduce-overhead\", torch.cuda.CUDAGraph), or give each kernel more"
                        + " work (larger batches).").withGainNs(gap);
        r.finding(rows.isEmpty() || rows.get(0).getValue().worst == null ? f : f.at(rows.get(0).getValue().worst));
        return r.build();
    }

    /**
     * (launch track, launch row, kernel track, kernel row) for every kernel whose launch is known: from the
     * flows, or when the trace has none, from equal {@code correlation} arguments.
     */
    static List<long[]> pairs(Trace t) {
        int runtime = t.strings().find("cuda_runtime");
        int kernel = t.strings().find("kernel");
        List<long[]> out = new ArrayList<>();
        if (runtime < 0 || kernel < 0) {
            return out;
        }
        FlowTable flows = t.flows();
        for (int i = 0; i < flows.size(); i++) {
            SliceTrack from = t.sliceTrack(flows.fromTrack(i));
            SliceTrack to = t.sliceTrack(flows.toTrack(i));
            if (from.category(flows.fromRow(i)) == runtime && to.category(flows.toRow(i)) == kernel) {
                out.add(new long[] {from.id(), flows.fromRow(i), to.id(), flows.toRow(i)});
            }
        }
        if (!out.isEmpty() || flows.size() > 0) {
            return out;
        }
        int corr = t.strings().find(KinetoArgs.CORRELATION);
        if (corr < 0) {
            return out;
        }
        Map<Long, long[]> launches = new HashMap<>();
        for (SliceTrack s : t.tracks(TrackKind.CPU_THREAD)) {
            for (int r = 0; r < s.size(); r++) {
                if (s.category(r) == runtime) {
                    long c = t.args().getLong(s.args(r), corr, t.strings(), -1);
                    if (c >= 0) {
                        launches.put(c, new long[] {s.id(), r});
                    }
                }
            }
        }
        for (SliceTrack s : t.tracks(TrackKind.GPU_STREAM)) {
            for (int r = 0; r < s.size(); r++) {
                if (s.category(r) == kernel) {
                    long[] l = launches.get(t.args().getLong(s.args(r), corr, t.strings(), -1));
                    if (l != null) {
                        out.add(new long[] {l[0], l[1], s.id(), r});
                    }
                }
            }
        }
        return out;
    }
}
