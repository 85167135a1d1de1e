package dev.parallax.app.cli.model;

import dev.parallax.model.pipeline.BubbleFormulas;
import dev.parallax.model.pipeline.PipelineConfig;
import dev.parallax.model.pipeline.PipelineOp;
import dev.parallax.model.pipeline.PipelineSimulator;
import dev.parallax.model.pipeline.PipelineTimeline;
import dev.parallax.model.pipeline.ScheduleKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code parallax model pipeline}: simulate a pipeline schedule and report its bubbles. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = {
        "Simulate a pipeline schedule and report its bubbles.",
        "Simulates one iteration of GPipe, 1F1B, interleaved 1F1B, ZB-H1 or ZB-H2 from per-stage forward "
                + "(T_F), input-gradient (T_B) and weight-gradient (T_W) times; report makespan and bubbles next to the "
                + "closed forms. Times are one value for all stages or a comma-separated list, one per stage."})
final class PipelineCommand extends ModelSubcommand {
    @Option(names = "--schedule", required = true, paramLabel = "gpipe|1f1b|interleaved|zb-h1|zb-h2", description = "Schedule.")
    String schedule;

    @Option(names = "--stages", required = true, paramLabel = "P", description = "Pipeline stages.")
    int stages;

    @Option(names = "--microbatches", required = true, paramLabel = "M", description = "Micro-batches per iteration.")
    int microbatches;

    @Option(names = "--chunks", defaultValue = "1", paramLabel = "V", description = "Model chunks per device (interleaved) (default: ${DEFAULT-VALUE}).")
    int chunks;

    @Option(names = "--tf", defaultValue = "1", paramLabel = "T[,T...]", description = "Forward time per stage (default: ${DEFAULT-VALUE}).")
    String tf;

    @Option(names = "--tb", defaultValue = "1", paramLabel = "T[,T...]",
            description = "Input-gradient backward time per stage (default: ${DEFAULT-VALUE}); schedules that do not split the backward run T_B + T_W.")
    String tb;

    @Option(names = "--tw", defaultValue = "1", paramLabel = "T[,T...]", description = "Weight-gradient time per stage (default: ${DEFAULT-VALUE}).")
    String tw;

    @Option(names = "--p2p", defaultValue = "0", paramLabel = "SECONDS", description = "Latency of a send between neighbouring stages (default: ${DEFAULT-VALUE}).")
    double p2p;

    @Option(names = "--ops", description = "Include every pass (stage, kind, micro-batch, chunk, start, end) in the output.")
    boolean ops;

    @Override
    int run() {
        ScheduleKind kind = ScheduleKind.parse(schedule);
        if (stages < 1 || microbatches < 1 || chunks < 1) {
            throw new IllegalArgumentException("--stages, --microbatches and --chunks must be at least 1");
        }
        double[] f = perStage("--tf", tf);
        double[] b = perStage("--tb", tb);
        double[] w = perStage("--tw", tw);
        PipelineTimeline t = PipelineSimulator.simulate(kind, new PipelineConfig(stages, microbatches, chunks, f, b, w, p2p));
        boolean uniform = Arrays.stream(f).distinct().count() == 1 && Arrays.stream(b).distinct().count() == 1
                && Arrays.stream(w).distinct().count() == 1 && p2p == 0;
        Double closed = uniform && BubbleFormulas.closedFormApplies(kind, stages, microbatches)
                ? BubbleFormulas.bubbleTime(kind, stages, chunks, f[0], b[0], w[0]) : null;
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("schedule", kind.id());
            root.put("stages", stages);
            root.put("microbatches", microbatches);
            root.put("chunks", chunks);
            root.put("makespan", t.makespan());
            root.put("bubble_time", t.bubbleTime());
            root.put("bubble_fraction", t.bubbleFraction());
            root.put("bubble_ratio_to_ideal", t.bubbleRatioToIdeal());
            root.put("idle_fraction", t.idleFraction());
            root.put("worst_stage", t.worstStage());
            root.put("closed_form_bubble_time", closed);
            List<Object> perStage = new ArrayList<>();
            for (int s = 0; s < stages; s++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("stage", s);
                m.put("busy", t.busy(s));
                m.put("span", t.span(s));
                // the same split as "parallax analyze --analysis bubbles": idle share of the whole iteration
                m.put("warmup", t.warmup(s));
                m.put("cooldown", t.cooldown(s));
                m.put("stall", t.bubble(s));
                m.put("bubble", t.idle(s));
                m.put("bubble_fraction", t.idleFraction(s));
                perStage.add(m);
            }
            root.put("per_stage", perStage);
            if (ops) {
                List<Object> list = new ArrayList<>();
                for (PipelineOp op : t.ops()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("stage", op.stage());
                    m.put("kind", op.kind().name());
                    m.put("microbatch", op.microbatch());
                    m.put("chunk", op.chunk());
                    m.put("start", op.start());
                    m.put("end", op.end());
                    list.add(m);
                }
                root.put("ops", list);
            }
            printJson(root);
        } else {
            var o = out();
            o.printf(Locale.ROOT, "%s, %d stages, %d micro-batches%s%n", kind.id(), stages, microbatches,
                    chunks > 1 ? ", " + chunks + " chunks" : "");
            o.printf(Locale.ROOT, "  makespan        %.6g%n", t.makespan());
            o.printf(Locale.ROOT, "  bubble time     %.6g (stage %d)%s%n", t.bubbleTime(), t.worstStage(),
                    closed == null ? "" : String.format(Locale.ROOT, "   closed form %.6g", closed));
            o.printf(Locale.ROOT, "  bubble fraction %.4f of the stage's span, %.4f of its ideal time%n", t.bubbleFraction(),
                    t.bubbleRatioToIdeal());
            for (int s = 0; s < stages; s++) {
                o.printf(Locale.ROOT, "  stage %-3d busy %-10.6g stalls %-10.6g idle in the iteration %.6g%n", s, t.busy(s),
                        t.bubble(s), t.idle(s));
            }
            if (ops) {
                for (PipelineOp op : t.ops()) {
                    o.printf(Locale.ROOT, "  %d %s mb=%d chunk=%d %.6g–%.6g%n", op.stage(), op.kind(), op.microbatch(),
                            op.chunk(), op.start(), op.end());
                }
            }
            o.flush();
        }
        return 0;
    }

    private double[] perStage(String option, String text) {
        String[] parts = text.split(",");
        double[] v = new double[stages];
        try {
            if (parts.length == 1) {
                Arrays.fill(v, Double.parseDouble(parts[0].trim()));
            } else if (parts.length == stages) {
                for (int i = 0; i < stages; i++) {
                    v[i] = Double.parseDouble(parts[i].trim());
                }
            } else {
                throw new IllegalArgumentException(option + " has " + parts.length + " values; give one, or one per stage (" + stages + ")");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": cannot read '" + text + "' as seconds");
        }
        return v;
    }
}
