package dev.parallax.analysis.idle;

import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.RankedFindings;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.classify.TraceClasses;
import dev.parallax.analysis.gpu.GpuAnalysis;
import dev.parallax.analysis.gpu.Outliers;
import dev.parallax.analysis.gpu.PresetNotes;
import dev.parallax.analysis.gpu.RankProfile;
import dev.parallax.analysis.gpu.Units;
import dev.parallax.trace.Severity;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Idle-time breakdown per GPU stream, with Holistic Trace Analysis's categories
 * ({@code get_idle_time_breakdown}): each gap between consecutive device events on a stream is
 * <em>host wait</em> when the host launched the next event only after the previous one ended (the CPU did
 * not enqueue work fast enough), <em>kernel wait</em> when it is shorter than a threshold (the normal
 * launch overhead between back-to-back kernels), and <em>other</em> otherwise (synchronisation, waits on
 * other streams or ranks). The launch of a device event is found through its correlation id. A gap is
 * measured from the latest end so far on the stream (HTA takes the previous event's end; the two differ
 * only where events overlap on one stream, where HTA would count a negative gap).
 */
public final class IdleTimeAnalysis extends GpuAnalysis {
    public static final Parameter<Double> KERNEL_WAIT_US = Parameter.ofDouble("kernel_wait_threshold_us",
            "gaps shorter than this (µs) whose kernel was launched in time count as kernel wait (HTA: 30)", 30.0);
    public static final Parameter<Double> HOST_BOUND_PCT = Parameter.ofDouble("host_bound_pct",
            "report a rank when host wait exceeds this share of its idle time (%)", 50.0);
    /** Code of the finding: most of a rank's GPU idle time is the device waiting for the host to launch. */
    public static final String HOST_BOUND = "host-bound";
    /** Code of the finding: a rank's idle time stands out from the other ranks'. */
    public static final String IDLE_STRAGGLER = "idle-straggler";
    /** Label of {@code median_idle_us}: a rank's idle time is the sum over its GPU streams, so it can exceed the span. */
    static final String MEDIAN_IDLE_LABEL = "Median idle per rank (sum over its streams)";

    /** Idle time of one stream split into the three categories (ns). */
    public record StreamIdle(int track, long hostWait, long kernelWait, long other, long events, long first,
                             long last) {
        public long total() {
            return hostWait + kernelWait + other;
        }
    }

    /** HTA's idle categories. */
    public enum Category { HOST_WAIT, KERNEL_WAIT, OTHER }

    /**
     * The category of an idle gap of {@code gap} ns that began at {@code idleSince} and ended when a device
     * event launched at {@code launch} ({@link RankProfile#NO_LAUNCH} when unknown) started: host wait when
     * the launch came after the device went idle, kernel wait when the gap is shorter than {@code kernelWaitNs},
     * other otherwise.
     */
    public static Category category(long gap, long launch, long idleSince, long kernelWaitNs) {
        if (launch != RankProfile.NO_LAUNCH && launch > idleSince) {
            return Category.HOST_WAIT;
        }
        return gap < kernelWaitNs ? Category.KERNEL_WAIT : Category.OTHER;
    }

    @Override
    public String id() {
        return "idle";
    }

    @Override
    public String title() {
        return "GPU idle time breakdown";
    }

    @Override
    public String description() {
        return "Per GPU stream: idle time between device events split into host wait, kernel wait and other.";
    }

    @Override
    protected List<Parameter<?>> ownParameters() {
        return List.of(KERNEL_WAIT_US, HOST_BOUND_PCT);
    }

    @Override
    protected boolean usesStragglers() {
        return true;
    }

    /** The idle breakdown of every stream of one rank that holds device work. */
    public static List<StreamIdle> streams(RankProfile p, long kernelWaitNs) {
        List<StreamIdle> out = new ArrayList<>();
        long[][] launch = p.launchStarts();
        for (SliceTrack t : p.trace().sliceTracks()) {
            int[] c = p.classes().codes(t.id());
            long[] l = launch[t.id()];
            long prevEnd = Long.MIN_VALUE;
            long host = 0;
            long kernel = 0;
            long other = 0;
            long events = 0;
            long first = 0;
            for (int r = 0; r < c.length; r++) {
                if (!TraceClasses.isDeviceWork(c[r])) {
                    continue;
                }
                long s = p.start(t, r);
                long e = p.end(t, r);
                if (events++ == 0) {
                    first = s;
                    prevEnd = e;
                    continue;
                }
                long gap = s - prevEnd;
                if (gap > 0) {
                    switch (category(gap, l == null ? RankProfile.NO_LAUNCH : l[r], prevEnd, kernelWaitNs)) {
                        case HOST_WAIT -> host += gap;
                        case KERNEL_WAIT -> kernel += gap;
                        default -> other += gap;
                    }
                }
                prevEnd = Math.max(prevEnd, e);
            }
            if (events > 0) {
                out.add(new StreamIdle(t.id(), host, kernel, other, events, first, prevEnd));
            }
        }
        out.sort(java.util.Comparator.comparingInt((StreamIdle s) -> p.trace().sliceTrack(s.track()).info().device())
                .thenComparingLong(s -> p.trace().sliceTrack(s.track()).info().stream()));
        return out;
    }

    @Override
    protected Result analyze(TraceSet traces, List<RankProfile> profiles, ParameterValues params, Progress progress) {
        Result.Builder out = Result.builder(id(), title());
        long threshold = Math.round(params.get(KERNEL_WAIT_US) * 1000);
        Table.Builder ranks = new Table.Builder("ranks", "Idle time per rank (sum over streams)")
                .column("rank", "Rank")
                .column("host_wait_us", "Host wait", Unit.US)
                .column("kernel_wait_us", "Kernel wait", Unit.US)
                .column("other_us", "Other", Unit.US)
                .column("idle_us", "Idle", Unit.US)
                .column("host_wait_pct", "Host wait", Unit.PERCENT)
                .column("kernel_wait_pct", "Kernel wait", Unit.PERCENT)
                .column("other_pct", "Other", Unit.PERCENT)
                .column("streams", "Streams", Unit.COUNT);
        Table.Builder streams = new Table.Builder("streams", "Idle time per stream")
                .column("rank", "Rank")
                .column("device", "Device")
                .column("stream", "Stream")
                .column("host_wait_us", "Host wait", Unit.US)
                .column("kernel_wait_us", "Kernel wait", Unit.US)
                .column("other_us", "Other", Unit.US)
                .column("idle_us", "Idle", Unit.US)
                .column("host_wait_pct", "Host wait", Unit.PERCENT)
                .column("kernel_wait_pct", "Kernel wait", Unit.PERCENT)
                .column("other_pct", "Other", Unit.PERCENT)
                .column("events", "Events", Unit.COUNT);
        List<String> cats = new ArrayList<>();
        List<Double> hostS = new ArrayList<>();
        List<Double> kernS = new ArrayList<>();
        List<Double> otherS = new ArrayList<>();
        List<Integer> idleRanks = new ArrayList<>();
        List<Double> idleValues = new ArrayList<>();
        RankedFindings found = new RankedFindings();
        List<List<StreamIdle>> perRank = profiles.parallelStream().map(p -> streams(p, threshold)).toList();
        for (int pi = 0; pi < profiles.size(); pi++) {
            RankProfile p = profiles.get(pi);
            progress.checkCancelled();
            int rank = p.rank();
            if (!p.hasDeviceWork()) {
                ranks.newRow(Location.rank(rank))
                        .set("rank", rank)
                        .set("streams", 0)
                        .add();
                noGpuEvents(found, p, ", so there is no idle time to break down (metrics are null).");
                continue;
            }
            long h = 0;
            long k = 0;
            long o = 0;
            List<StreamIdle> list = perRank.get(pi);
            for (StreamIdle s : list) {
                SliceTrack t = p.trace().sliceTrack(s.track());
                long tot = s.total();
                streams.newRow(new Location(rank, s.first(), s.last(), s.track(), -1))
                        .set("rank", rank)
                        .set("device", t.info().device())
                        .set("stream", t.info().stream() >= 0 ? String.valueOf(t.info().stream()) : t.info().tid())
                        .set("host_wait_us", Units.us(s.hostWait()))
                        .set("kernel_wait_us", Units.us(s.kernelWait()))
                        .set("other_us", Units.us(s.other()))
                        .set("idle_us", Units.us(tot))
                        .set("host_wait_pct", Units.pct(s.hostWait(), tot))
                        .set("kernel_wait_pct", Units.pct(s.kernelWait(), tot))
                        .set("other_pct", Units.pct(s.other(), tot))
                        .set("events", s.events())
                        .add();
                cats.add("r" + rank + " s" + (t.info().stream() >= 0 ? t.info().stream() : t.info().tid()));
                hostS.add(Units.us(s.hostWait()));
                kernS.add(Units.us(s.kernelWait()));
                otherS.add(Units.us(s.other()));
                h += s.hostWait();
                k += s.kernelWait();
                o += s.other();
            }
            long tot = h + k + o;
            ranks.newRow(Location.rank(rank))
                    .set("rank", rank)
                    .set("host_wait_us", Units.us(h))
                    .set("kernel_wait_us", Units.us(k))
                    .set("other_us", Units.us(o))
                    .set("idle_us", Units.us(tot))
                    .set("host_wait_pct", Units.pct(h, tot))
                    .set("kernel_wait_pct", Units.pct(k, tot))
                    .set("other_pct", Units.pct(o, tot))
                    .set("streams", list.size())
                    .add();
            idleRanks.add(rank);
            idleValues.add((double) tot);
            Double hostPct = Units.pct(h, tot);
            if (hostPct != null && hostPct > params.get(HOST_BOUND_PCT)) {
                double hostBound = params.get(HOST_BOUND_PCT);
                found.add(rank, hostPct, Finding.scored(HOST_BOUND, Finding.score(hostPct, hostBound,
                                (hostBound + 100) / 2), String.format(Locale.ROOT,
                                "Rank %d: %.0f %% of GPU idle time is host wait", rank, hostPct),
                        "On its streams the host launched the next kernel only after the previous one had finished for "
                                + UnitFormat.duration(h) + " in total: the GPU waits for the CPU.",
                        "Reduce launch overhead: CUDA graphs (torch.compile mode=\"reduce-overhead\"), fused "
                                + "kernels, larger batches, less Python work between launches.")
                        .at(Location.rank(rank)).withGainNs(h), (who, worst) -> String.format(Locale.ROOT,
                        "%s: over %.0f %% of GPU idle time is host wait; worst rank %d at %.0f %%", who, hostBound,
                        worst.rank(), worst.value()));
            }
        }
        out.table(ranks.build());
        out.table(streams.build());
        out.metric("ranks", profiles.size(), Unit.COUNT);
        out.metric("kernel_wait_threshold_us", params.get(KERNEL_WAIT_US), Unit.US);
        if (!idleValues.isEmpty()) {
            double[] v = idleValues.stream().mapToDouble(Double::doubleValue).toArray();
            double med = Outliers.median(v);
            out.metric("median_idle_us", MEDIAN_IDLE_LABEL, med / 1000.0, Unit.US);
            for (int i : stragglers(v, params)) {
                int rank = idleRanks.get(i);
                found.add(rank, v[i], Finding.of(IDLE_STRAGGLER, Severity.WARNING, String.format(Locale.ROOT,
                                "Rank %d: GPU idle %s vs median %s", rank, UnitFormat.duration(v[i]),
                                UnitFormat.duration(med)),
                        "Its streams sit idle much longer than the other ranks' (robust z-score over ranks).",
                        "Check its host activity (data loading, CPU contention) and its share of host wait.")
                        .at(Location.rank(rank)).withGainNs((long) (v[i] - med)), (who, worst) -> String.format(
                        Locale.ROOT, "%s: GPU idle well above the median %s; worst rank %d at %s", who,
                        UnitFormat.duration(med), worst.rank(), UnitFormat.duration(worst.value())));
            }
        } else {
            out.metric("median_idle_us", MEDIAN_IDLE_LABEL, null, Unit.US);
        }
        out.chart(Chart.bars("idle_per_stream", "Idle time per stream", Chart.Kind.STACKED_BAR, "Stream",
                "Idle (µs)", cats, List.of(
                        new Chart.Series("host wait", new double[0], dev.parallax.analysis.gpu.Lanes.doubles(hostS)),
                        new Chart.Series("kernel wait", new double[0], dev.parallax.analysis.gpu.Lanes.doubles(kernS)),
                        new Chart.Series("other", new double[0], dev.parallax.analysis.gpu.Lanes.doubles(otherS)))));
        found.addTo(out);
        PresetNotes.findings(profiles).forEach(out::finding);
        return out.build();
    }
}
