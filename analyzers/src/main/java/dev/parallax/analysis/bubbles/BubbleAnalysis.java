package dev.parallax.analysis.bubbles;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Requirement;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Overlay;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.model.pipeline.BubbleFormulas;
import dev.parallax.model.pipeline.OpKind;
import dev.parallax.model.pipeline.PipelineConfig;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineSimulator;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.model.pipeline.ScheduleKind;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Pipeline bubbles measured from the traces of a pipeline-parallel job and set against the schedule's
 * theory: stages from the pipeline process groups (or a user mapping), micro-batch passes from
 * annotations (or GPU busy periods), per stage and iteration the busy time and the bubble split into
 * warm-up, cool-down and mid-schedule stalls; the schedule recognised from the pass order; the closed-form
 * bubble (Megatron-LM §2.2, Narayanan et al. 2021; Zero Bubble, Qi et al. 2024) and the bubble of the
 * schedule simulated with the measured per-stage times and p2p latency. Findings name the gap and its
 * cause: a slow stage, the vocabulary layer on the last stage (arXiv 2411.05288), p2p latency, too few
 * micro-batches.
 */
public final class BubbleAnalysis implements Analysis {
    /** The analysis id. */
    public static final String ID = "bubbles";

    public static final Parameter<String> STAGE_MAP = Parameter.ofString("stage_map",
            "rank=stage pairs, e.g. 0=0,1=1,2=2,3=3 (empty: from distributedInfo's pipeline groups)", "");
    public static final Parameter<Integer> PP_SIZE = Parameter.ofInt("pp_size",
            "pipeline stages when the traces record no pipeline groups (Megatron rank order; 0: not given)", 0);
    public static final Parameter<String> FORWARD = Parameter.ofString("forward_pattern",
            "regular expression for forward-pass annotations", WorkPatterns.DEFAULT_FORWARD);
    public static final Parameter<String> BACKWARD = Parameter.ofString("backward_pattern",
            "regular expression for backward-pass annotations", WorkPatterns.DEFAULT_BACKWARD);
    public static final Parameter<String> WEIGHT = Parameter.ofString("weight_pattern",
            "regular expression for weight-gradient-pass annotations", WorkPatterns.DEFAULT_WEIGHT);
    public static final Parameter<String> P2P_KERNEL = Parameter.ofString("p2p_kernel_pattern",
            "regular expression for the pipeline's send/recv kernels", "(?i)sendrecv|nccl\\w*(send|recv)");
    public static final Parameter<Double> MERGE_GAP_US = Parameter.ofDouble("merge_gap_us",
            "without annotations: GPU gaps shorter than this stay inside one pass (µs)", 20);
    public static final Parameter<Double> SLOW_STAGE = Parameter.ofDouble("slow_stage_threshold",
            "a stage this much slower than the median stage is reported (0.10 = 10 %)", 0.10);
    public static final Parameter<Double> TARGET_BUBBLE = Parameter.ofDouble("target_bubble_fraction",
            "theoretical bubble above which more micro-batches are suggested", 0.10);

    /** Codes of the findings. */
    public static final String SCHEDULE = "pipeline-schedule";
    public static final String NOT_SIMULATED = "schedule-not-simulated";
    public static final String SLOW_STAGE_CODE = "slow-stage";
    public static final String P2P_LATENCY = "p2p-latency";
    public static final String FEW_MICROBATCHES = "few-microbatches";
    public static final String EXCESS_STALLS = "excess-stalls";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.PIPELINE);
    }

    /**
     * Applies to a set with pipeline process groups, or to two or more ranks whose traces name send/recv kernels
     * (the default {@link #P2P_KERNEL} pattern); a stage_map or pp_size parameter makes it apply to any set.
     */
    @Override
    public Applicability applicability(TraceSet set) {
        if (StageMap.fromProcessGroups(set).isPresent()) {
            return Applicability.APPLIES;
        }
        if (set.size() >= 2) {
            Pattern p2p = Pattern.compile(P2P_KERNEL.defaultValue());
            for (dev.parallax.trace.Trace t : set.traces()) {
                dev.parallax.trace.StringPool pool = t.strings();
                for (int i = 0; i < pool.size(); i++) {
                    String name = pool.get(i);
                    if (name != null && p2p.matcher(name).find()) {
                        return Applicability.APPLIES;
                    }
                }
            }
        }
        return Applicability.notApplicable(set.size() < 2
                ? "a single rank: pipeline bubbles need the ranks of all pipeline stages opened as one set"
                : "no pipeline process groups and no send/recv kernels between the ranks: not a pipeline-parallel job "
                        + "(give stage_map or pp_size if it is one)");
    }

    @Override
    public String title() {
        return "Pipeline bubbles";
    }

    @Override
    public String description() {
        return "Reconstructs the pipeline schedule from the traces of a pipeline-parallel job, measures each "
                + "stage's bubble (warm-up, cool-down, stalls) and compares it with the schedule's theory and "
                + "a simulation with the measured stage times.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(STAGE_MAP, PP_SIZE, FORWARD, BACKWARD, WEIGHT, P2P_KERNEL, MERGE_GAP_US, SLOW_STAGE, TARGET_BUBBLE);
    }

    @Override
    public Result run(TraceSet set, ParameterValues params, Progress progress) {
        Result.Builder out = Result.builder(id(), title());
        boolean userMap = !params.get(STAGE_MAP).isBlank() || params.get(PP_SIZE) >= 2;
        Applicability applies = applicability(set);
        if (!userMap && !applies.applies()) {
            return Result.notApplicable(this, applies.reason());
        }
        Optional<StageMap> found = stageMap(set, params);
        if (found.isEmpty()) {
            return notPipeline(out, "no pipeline process group in distributedInfo, and no stage_map or pp_size given");
        }
        StageMap map = found.get();
        if (map.stages() < 2 || map.pipelines().isEmpty()) {
            return notPipeline(out, "the pipeline groups found have fewer than two stages");
        }
        List<Integer> ranks = map.pipelines().get(0);
        int p = ranks.size();
        PipelineWorkDetector detector = new PipelineWorkDetector(
                WorkPatterns.of(params.get(FORWARD), params.get(BACKWARD), params.get(WEIGHT)),
                Pattern.compile(params.get(P2P_KERNEL)), (long) (params.get(MERGE_GAP_US) * 1000));
        List<PipelineWorkDetector.Detection> detections = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            progress.checkCancelled();
            progress.update(s, p + 2, "stage " + s + ": finding micro-batch passes");
            TraceSet.Member m = set.byRank(ranks.get(s));
            if (m == null) {
                return notPipeline(out, "rank " + ranks.get(s) + " (stage " + s + ") is not in the trace set");
            }
            detections.add(detector.detect(m.trace(), ranks.get(s)));
        }
        for (int s = 0; s < p; s++) {
            if (detections.get(s).ops().isEmpty()) {
                return notPipeline(out, "no forward/backward passes found on stage " + s
                        + " (no annotations matched and no send/recv kernels delimit GPU work)");
            }
        }

        // iterations present on every stage
        TreeSet<Integer> iterations = null;
        for (PipelineWorkDetector.Detection d : detections) {
            TreeSet<Integer> its = new TreeSet<>();
            d.ops().forEach(o -> its.add(o.iteration()));
            if (iterations == null) {
                iterations = its;
            } else {
                iterations.retainAll(its);
            }
        }
        List<List<StageStats>> statsByStage = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            statsByStage.add(new ArrayList<>());
        }
        for (int it : iterations) {
            List<List<StageOp>> byStage = new ArrayList<>();
            long ws = Long.MAX_VALUE;
            long we = Long.MIN_VALUE;
            for (PipelineWorkDetector.Detection d : detections) {
                List<StageOp> ops = d.ops().stream().filter(o -> o.iteration() == it).toList();
                byStage.add(ops);
                for (StageOp o : ops) {
                    ws = Math.min(ws, o.start());
                    we = Math.max(we, o.end());
                }
            }
            for (int s = 0; s < p; s++) {
                statsByStage.get(s).add(StageStats.of(s, ranks.get(s), it, ws, we, byStage.get(s)));
            }
        }
        // prefer the last complete iteration for the schedule picture (the first is often a warm-up step)
        int shown = iterations.last();
        List<List<StageOp>> shownOps = new ArrayList<>();
        for (PipelineWorkDetector.Detection d : detections) {
            shownOps.add(d.ops().stream().filter(o -> o.iteration() == shown).toList());
        }
        ScheduleRecognizer.Recognized sched = ScheduleRecognizer.recognize(shownOps);
        int v = sched.chunks();
        int m = Math.max(1, sched.microbatches());

        double[] tf = new double[p];
        double[] tb = new double[p];
        double[] tw = new double[p];
        for (int s = 0; s < p; s++) {
            tf[s] = medianSeconds(shownOps.get(s), OpKind.F) * v;
            tb[s] = medianSeconds(shownOps.get(s), OpKind.B) * v;
            tw[s] = medianSeconds(shownOps.get(s), OpKind.W) * v;
        }
        double p2p = p2pLatency(shownOps);

        // theory and simulation
        double tfMean = mean(tf);
        double tbMean = mean(tb);
        double twMean = mean(tw);
        double theoretical = theoreticalFraction(sched.kind(), p, m, v, tfMean, tbMean, twMean);
        PipelineTimeline simulated = null;
        String simulationProblem = null;
        try {
            simulated = PipelineSimulator.simulate(sched.kind(), new PipelineConfig(p, m, v, tf, tb, tw, p2p));
        } catch (IllegalArgumentException e) {
            simulationProblem = e.getMessage();
        }
        double[] simFraction = new double[p];
        double[] simStall = new double[p];
        double simMean = Double.NaN;
        if (simulated != null) {
            for (int s = 0; s < p; s++) {
                simFraction[s] = simulated.idleFraction(s);
                simStall[s] = simulated.bubble(s);
            }
            simMean = mean(simFraction);
        }

        // per stage means over iterations
        double[] bubbleFraction = new double[p];
        double[] bubbleSeconds = new double[p];
        double[] warm = new double[p];
        double[] cool = new double[p];
        double[] stall = new double[p];
        double[] busy = new double[p];
        for (int s = 0; s < p; s++) {
            List<StageStats> st = statsByStage.get(s);
            bubbleFraction[s] = st.stream().mapToDouble(StageStats::bubbleFraction).average().orElse(0);
            bubbleSeconds[s] = st.stream().mapToDouble(x -> x.bubble() / 1e9).average().orElse(0);
            warm[s] = st.stream().mapToDouble(x -> x.warmup() / 1e9).average().orElse(0);
            cool[s] = st.stream().mapToDouble(x -> x.cooldown() / 1e9).average().orElse(0);
            stall[s] = st.stream().mapToDouble(x -> x.stall() / 1e9).average().orElse(0);
            busy[s] = st.stream().mapToDouble(x -> x.busy() / 1e9).average().orElse(0);
        }
        double measured = mean(bubbleFraction);

        out.metric("schedule", sched.kind().id(), Unit.NONE)
                .metric("stages", p, Unit.COUNT)
                .metric("microbatches", m, Unit.COUNT)
                .metric("chunks", v, Unit.COUNT)
                .metric("iterations", iterations.size(), Unit.COUNT)
                .metric("stage_source", map.source(), Unit.NONE)
                .metric("work_source", detections.get(0).source().text, Unit.NONE)
                .metric("bubble_fraction", measured, Unit.FRACTION)
                .metric("bubble_seconds", mean(bubbleSeconds), Unit.S)
                .metric("theoretical_bubble_fraction", theoretical, Unit.FRACTION)
                .metric("simulated_bubble_fraction", simulated == null ? null : simMean, Unit.FRACTION)
                .metric("p2p_latency_seconds", p2p, Unit.S)
                .metric("pipelines", map.pipelines().size(), Unit.COUNT);

        Table.Builder stages = new Table.Builder("stages", "Bubbles per stage (mean over iterations)")
                .column("stage", "Stage").column("rank", "Rank")
                .column("tf_seconds", "T_F", Unit.S).column("tb_seconds", "T_B", Unit.S).column("tw_seconds", "T_W", Unit.S)
                .column("busy_seconds", "Busy", Unit.S).column("bubble_seconds", "Bubble", Unit.S)
                .column("warmup_seconds", "Warm-up", Unit.S).column("cooldown_seconds", "Cool-down", Unit.S)
                .column("stall_seconds", "Stalls", Unit.S).column("bubble_fraction", "Bubble fraction", Unit.FRACTION)
                .column("simulated_bubble_fraction", "Simulated", Unit.FRACTION);
        for (int s = 0; s < p; s++) {
            stages.newRow(Location.rank(ranks.get(s)))
                    .set("stage", s)
                    .set("rank", ranks.get(s))
                    .set("tf_seconds", tf[s])
                    .set("tb_seconds", tb[s])
                    .set("tw_seconds", tw[s])
                    .set("busy_seconds", busy[s])
                    .set("bubble_seconds", bubbleSeconds[s])
                    .set("warmup_seconds", warm[s])
                    .set("cooldown_seconds", cool[s])
                    .set("stall_seconds", stall[s])
                    .set("bubble_fraction", bubbleFraction[s])
                    .set("simulated_bubble_fraction", simulated == null ? null : simFraction[s])
                    .add();
        }
        out.table(stages.build());

        Table.Builder perIt = new Table.Builder("stage_iterations", "Bubbles per stage and iteration")
                .column("stage", "Stage").column("rank", "Rank").column("iteration", "Iteration")
                .column("window_seconds", "Iteration", Unit.S).column("busy_seconds", "Busy", Unit.S)
                .column("warmup_seconds", "Warm-up", Unit.S).column("cooldown_seconds", "Cool-down", Unit.S)
                .column("stall_seconds", "Stalls", Unit.S).column("bubble_fraction", "Bubble fraction", Unit.FRACTION);
        for (List<StageStats> st : statsByStage) {
            for (StageStats x : st) {
                perIt.newRow(Location.range(x.rank(), x.windowStart(), x.windowEnd()))
                        .set("stage", x.stage())
                        .set("rank", x.rank())
                        .set("iteration", x.iteration())
                        .set("window_seconds", x.window() / 1e9)
                        .set("busy_seconds", x.busy() / 1e9)
                        .set("warmup_seconds", x.warmup() / 1e9)
                        .set("cooldown_seconds", x.cooldown() / 1e9)
                        .set("stall_seconds", x.stall() / 1e9)
                        .set("bubble_fraction", x.bubbleFraction())
                        .add();
            }
        }
        out.table(perIt.build());

        long shownStart = shownOps.stream().flatMap(List::stream).mapToLong(StageOp::start).min().orElse(0);
        Table.Builder measuredOps = opsTable("measured_ops", "Measured passes (last iteration)");
        for (int s = 0; s < p; s++) {
            for (StageOp o : shownOps.get(s)) {
                Location loc = o.trackId() >= 0 ? Location.slice(o.rank(), o.trackId(), o.row(), o.start(), o.end())
                        : Location.range(o.rank(), o.start(), o.end());
                measuredOps.newRow(loc).set("stage", s).set("kind", o.kind().name()).set("microbatch", o.microbatch())
                        .set("chunk", o.chunk()).set("start_seconds", (o.start() - shownStart) / 1e9)
                        .set("end_seconds", (o.end() - shownStart) / 1e9).add();
            }
        }
        out.table(measuredOps.build());
        if (simulated != null) {
            Table.Builder simOps = opsTable("simulated_ops", "Simulated passes (measured stage times)");
            for (PipelineOp o : simulated.ops()) {
                simOps.newRow(null).set("stage", o.stage()).set("kind", o.kind().name()).set("microbatch", o.microbatch())
                        .set("chunk", o.chunk()).set("start_seconds", o.start()).set("end_seconds", o.end()).add();
            }
            out.table(simOps.build());
        }

        List<String> stageNames = new ArrayList<>();
        for (int s = 0; s < p; s++) {
            stageNames.add("stage " + s);
        }
        out.chart(Chart.bars("stage_time", "Where each stage's iteration goes", Chart.Kind.STACKED_BAR, "stage",
                "seconds", stageNames, List.of(new Chart.Series("busy", new double[0], busy),
                        new Chart.Series("warm-up", new double[0], warm),
                        new Chart.Series("stalls", new double[0], stall),
                        new Chart.Series("cool-down", new double[0], cool))));
        out.chart(Chart.bars("bubble_fraction", "Bubble fraction: measured, simulated, theory", Chart.Kind.BAR,
                "stage", "fraction of the iteration", stageNames, List.of(
                        new Chart.Series("measured", new double[0], bubbleFraction),
                        new Chart.Series("simulated", new double[0], simulated == null ? new double[p] : simFraction),
                        new Chart.Series("theory", new double[0], filled(p, theoretical)))));
        out.overlay(bubbleOverlay(statsByStage, detections));

        double[] excessStall = new double[p];
        for (int s = 0; s < p; s++) {
            excessStall[s] = stall[s] - simStall[s];
        }
        findings(out, sched.kind(), p, m, v, tf, tb, tw, p2p, measured, simMean, theoretical, excessStall, ranks, params,
                simulationProblem, map, detections.get(0).source());
        progress.update(p + 2, p + 2, "pipeline bubbles done");
        return out.build();
    }

    private static Table.Builder opsTable(String id, String title) {
        return new Table.Builder(id, title).column("stage", "Stage").column("kind", "Pass")
                .column("microbatch", "Micro-batch").column("chunk", "Chunk")
                .column("start_seconds", "Start", Unit.S).column("end_seconds", "End", Unit.S);
    }

    private static Overlay bubbleOverlay(List<List<StageStats>> statsByStage, List<PipelineWorkDetector.Detection> det) {
        List<Overlay.Lane> lanes = new ArrayList<>();
        for (int s = 0; s < statsByStage.size(); s++) {
            List<StageOp> ops = det.get(s).ops();
            List<long[]> gaps = new ArrayList<>();
            for (StageStats x : statsByStage.get(s)) {
                long cursor = x.windowStart();
                for (StageOp o : ops) {
                    if (o.iteration() != x.iteration()) {
                        continue;
                    }
                    if (o.start() > cursor) {
                        gaps.add(new long[] {cursor, o.start()});
                    }
                    cursor = Math.max(cursor, o.end());
                }
                if (x.windowEnd() > cursor) {
                    gaps.add(new long[] {cursor, x.windowEnd()});
                }
            }
            long[] st = gaps.stream().mapToLong(g -> g[0]).toArray();
            long[] en = gaps.stream().mapToLong(g -> g[1]).toArray();
            int rank = statsByStage.get(s).isEmpty() ? -1 : statsByStage.get(s).get(0).rank();
            lanes.add(new Overlay.Lane(rank, "pipeline bubble (stage " + s + ")", "#E15759", st, en));
        }
        return new Overlay("pipeline_bubbles", "Pipeline bubbles", lanes);
    }

    private static void findings(Result.Builder out, ScheduleKind kind, int p, int m, int v, double[] tf, double[] tb,
                                 double[] tw, double p2p, double measured, double simulated, double theoretical,
                                 double[] excessStall, List<Integer> ranks, ParameterValues params, String simulationProblem,
                                 StageMap map, PipelineWorkDetector.Source source) {
        out.finding(Finding.of(SCHEDULE, Severity.INFO, String.format(Locale.ROOT,
                        "%s schedule, %d stages, %d micro-batches%s: bubble %.1f %% measured, %s simulated, %.1f %% in theory",
                        kind.id(), p, m, v > 1 ? ", " + v + " chunks" : "", 100 * measured,
                        Double.isNaN(simulated) ? "not" : String.format(Locale.ROOT, "%.1f %%", 100 * simulated),
                        100 * theoretical),
                "Stages from " + map.source() + "; passes from " + source.text + ". The measured bubble is each "
                        + "stage's idle share of the iteration (first pass on any stage to last), averaged over stages. "
                        + "The simulation replays the recognised schedule with the measured per-stage times and p2p "
                        + "latency; theory is the closed form for equal stages.",
                "").at(Location.rank(ranks.get(0))));
        if (simulationProblem != null) {
            out.finding(Finding.of(NOT_SIMULATED, Severity.INFO, "The schedule could not be simulated: " + simulationProblem,
                    "The simulator needs the schedule's constraints to hold (e.g. interleaving needs m to be a multiple of p).",
                    "Compare against the closed form instead."));
        }
        double[] cost = new double[p];
        for (int s = 0; s < p; s++) {
            cost[s] = tf[s] + tb[s] + tw[s];
        }
        double[] sorted = cost.clone();
        Arrays.sort(sorted);
        double median = sorted[p / 2 - (p % 2 == 0 ? 1 : 0)];
        Integer[] bySlowness = new Integer[p];
        for (int s = 0; s < p; s++) {
            bySlowness[s] = s;
        }
        Arrays.sort(bySlowness, (x, y) -> Double.compare(cost[y], cost[x]));
        for (int slow : bySlowness) {
            double excess = median > 0 ? cost[slow] / median - 1 : 0;
            if (excess <= params.get(SLOW_STAGE)) {
                break;
            }
            boolean last = slow == p - 1;
            boolean first = slow == 0;
            String why = last ? " The last stage also runs the output (vocabulary) layer and the loss: the output layer "
                    + "costs about 2V/(24d+4s) of a transformer layer in compute (Vocabulary Parallelism, arXiv 2411.05288)."
                    : first ? " The first stage also runs the embedding." : "";
            out.finding(Finding.scored(SLOW_STAGE_CODE, Finding.score(excess, params.get(SLOW_STAGE),
                            2 * params.get(SLOW_STAGE)), String.format(Locale.ROOT,
                            "Stage %d (rank %d) is %.0f %% slower than the median stage: F %.3g ms, B %.3g ms vs. median %.3g ms per micro-batch%s",
                            slow, ranks.get(slow), 100 * excess, tf[slow] * 1e3 / v, (tb[slow] + tw[slow]) * 1e3 / v,
                            median * 1e3 / v, last ? " (the vocabulary layer is on this stage)" : ""),
                    "In the steady state every stage waits for the slowest one, so each micro-batch costs the whole pipeline "
                            + "the slow stage's time; the other stages stall." + why,
                    last ? "Give the last stage fewer transformer layers (e.g. Megatron-LM's --decoder-last-pipeline-num-layers) "
                            + "or split the vocabulary layer across stages."
                            : "Move layers off stage " + slow + " so that every stage does the same work.")
                    .at(Location.rank(ranks.get(slow)))
                    .withGainNs((long) ((cost[slow] - median) * 1e9)));
        }
        double tfMean = mean(tf);
        if (tfMean > 0 && p2p > 0.05 * tfMean / v) {
            out.finding(Finding.scored(P2P_LATENCY, Finding.score(p2p / (tfMean / v), 0.05, 0.10), String.format(Locale.ROOT,
                            "Pipeline p2p latency %.3g ms is %.0f %% of a forward pass", p2p * 1e3, 100 * p2p / (tfMean / v)),
                    "Every activation and gradient crosses (p−1) hops in warm-up and cool-down, so the latency adds "
                            + "2(p−1) times to each iteration, and more with interleaving (v× the transfers).",
                    "Check that send/recv use NVLink or a fast network path, overlap p2p with compute "
                            + "(Megatron-LM --overlap-p2p-communication), or use larger micro-batches.")
                    .withGainNs((long) (2 * (p - 1) * p2p * 1e9)));
        }
        if (theoretical > params.get(TARGET_BUBBLE)) {
            int m2 = 2 * m;
            double f2 = theoreticalFraction(kind, p, m2, v, tfMean, mean(tb), mean(tw));
            out.finding(Finding.of(FEW_MICROBATCHES, Severity.WARNING, String.format(Locale.ROOT,
                            "Too few micro-batches: with m = %d the schedule leaves %.1f %% idle even with perfect stages; m = %d would leave %.1f %%",
                            m, 100 * theoretical, m2, 100 * f2),
                    "The bubble of a pipeline schedule shrinks with the number of micro-batches per iteration: (p−1)/(m+p−1) "
                            + "for 1F1B (Narayanan et al. 2021, §2.2.1), (p−1)/(v·m+p−1) with v interleaved chunks.",
                    kind == ScheduleKind.ONE_F_ONE_B || kind == ScheduleKind.GPIPE
                            ? "Raise the global batch (more micro-batches), or use the interleaved schedule or a zero-bubble schedule."
                            : "Raise the number of micro-batches per iteration."));
        }
        if (!Double.isNaN(simulated) && measured - simulated > 0.03) {
            int worst = 0;
            for (int s = 1; s < p; s++) {
                if (excessStall[s] > excessStall[worst]) {
                    worst = s;
                }
            }
            List<Integer> stalled = new ArrayList<>();
            for (int s = 0; s < p; s++) {
                if (excessStall[s] >= 0.8 * excessStall[worst]) {
                    stalled.add(s);
                }
            }
            String which = stalled.size() == 1 ? "stage " + stalled.get(0)
                    : "stages " + String.join(", ", stalled.stream().map(String::valueOf).toList());
            out.finding(Finding.of(EXCESS_STALLS, Severity.WARNING, String.format(Locale.ROOT,
                            "Measured bubble is %.1f points above what the schedule achieves with these stage times; %s stall up to %.3g ms per iteration more than the simulation",
                            100 * (measured - simulated), which, excessStall[worst] * 1e3),
                    "The simulation uses the measured pass times and p2p latency, so the remaining gap comes from stages "
                            + "waiting for peers longer than the schedule requires: variable pass times, host-side delays "
                            + "(launch or data loading), or communication that blocks the compute stream.",
                    "Select stage " + worst + " in the timeline and look at what precedes its longest gaps.")
                    .at(Location.rank(ranks.get(worst))).withGainNs((long) (excessStall[worst] * 1e9)));
        }
    }

    private static Optional<StageMap> stageMap(TraceSet set, ParameterValues params) {
        String user = params.get(STAGE_MAP);
        if (user != null && !user.isBlank()) {
            return Optional.of(StageMap.parseUser(user));
        }
        Optional<StageMap> fromGroups = StageMap.fromProcessGroups(set);
        if (fromGroups.isPresent()) {
            return fromGroups;
        }
        int pp = params.get(PP_SIZE);
        if (pp >= 2 && set.size() >= pp && set.size() % pp == 0) {
            int per = set.size() / pp;
            List<List<Integer>> pipes = new ArrayList<>();
            for (int k = 0; k < per; k++) {
                List<Integer> pipe = new ArrayList<>();
                for (int s = 0; s < pp; s++) {
                    pipe.add(set.member(k + s * per).rank());
                }
                pipes.add(pipe);
            }
            return Optional.of(new StageMap(pp, pipes, "pp_size=" + pp + " (Megatron-LM rank order: the stage varies slowest)"));
        }
        return Optional.empty();
    }

    /** The result for a set that turned out not to be a pipeline: not applicable, because {@code why}. */
    private Result notPipeline(Result.Builder out, String why) {
        return Result.notApplicable(this, "not a pipeline-parallel trace: " + why);
    }

    /**
     * The bubble share of an iteration with equal stages: the closed form where it holds, else (ZB-H1 with
     * m &lt; p, ZB-H2 with m &lt; 2p−1, where the formula is too optimistic) the schedule simulated with equal
     * stages, averaged over the stages as the measured figure is.
     */
    private static double theoreticalFraction(ScheduleKind kind, int p, int m, int v, double tf, double tb, double tw) {
        if (BubbleFormulas.closedFormApplies(kind, p, m)) {
            return BubbleFormulas.bubbleFraction(kind, p, m, v, tf, tb, tw);
        }
        PipelineTimeline t = PipelineSimulator.simulate(kind, PipelineConfig.uniform(p, m, v, tf, tb, tw, 0));
        double sum = 0;
        for (int s = 0; s < p; s++) {
            sum += t.idleFraction(s);
        }
        return sum / p;
    }

    private static double medianSeconds(List<StageOp> ops, OpKind kind) {
        long[] d = ops.stream().filter(o -> o.kind() == kind).mapToLong(StageOp::duration).sorted().toArray();
        if (d.length == 0) {
            return 0;
        }
        return (d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2.0) / 1e9;
    }

    /**
     * p2p latency: for each pair of neighbouring stages, the smallest gap between the end of a forward pass of a
     * micro-batch and the start of the same micro-batch's forward on the next stage (the next stage waited for
     * it); the median over stage pairs. 0 when no pair is found.
     */
    private static double p2pLatency(List<List<StageOp>> byStage) {
        List<Double> perPair = new ArrayList<>();
        for (int s = 0; s + 1 < byStage.size(); s++) {
            long best = Long.MAX_VALUE;
            for (StageOp a : byStage.get(s)) {
                if (a.kind() != OpKind.F) {
                    continue;
                }
                for (StageOp b : byStage.get(s + 1)) {
                    if (b.kind() == OpKind.F && b.microbatch() == a.microbatch() && b.chunk() == a.chunk()
                            && b.start() >= a.end()) {
                        best = Math.min(best, b.start() - a.end());
                    }
                }
            }
            if (best != Long.MAX_VALUE) {
                perPair.add(best / 1e9);
            }
        }
        if (perPair.isEmpty()) {
            return 0;
        }
        perPair.sort(Double::compare);
        return perPair.get(perPair.size() / 2);
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x;
        }
        return a.length == 0 ? 0 : s / a.length;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }
}
