package dev.parallax.samples;

import dev.parallax.samples.core.GpuSpec;
import dev.parallax.samples.core.SampleOutput;
import dev.parallax.samples.decoder.DecoderOptions;
import dev.parallax.samples.decoder.DecoderTraceGenerator;
import dev.parallax.samples.pipeline.PipelineOptions;
import dev.parallax.samples.pipeline.PipelineTraceGenerator;
import dev.parallax.samples.pipeline.ScheduleKind;
import dev.parallax.samples.serving.ServingGenerator;
import dev.parallax.samples.serving.ServingOptions;
import dev.parallax.samples.serving.ServingRun;
import dev.parallax.samples.training.TrainingOptions;
import dev.parallax.samples.training.TrainingTraceGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Command-line entry point of the sample generators. Every output is a pure function of the options (seed
 * included). Exit codes: 0 ok, 2 usage error, 3 output not writable.
 *
 * <pre>
 * GenerateSamples training --ranks N --steps S --seed X [--layers L] [--target-bytes 1g] [--gzip] -o DIR
 * GenerateSamples pipeline --schedule 1f1b|interleaved --stages 4 --microbatches 8 [--tp 2]
 *                          [--slow-stage 2 --slow-factor 1.3] -o DIR
 * GenerateSamples serving -o DIR
 * GenerateSamples bundled -o DIR
 * GenerateSamples inflate --from TRACE --target-bytes 1g [--gzip] -o FILE
 * </pre>
 */
public final class GenerateSamples {
    private GenerateSamples() {
    }

    static final String USAGE = String.join("\n",
            "Usage: GenerateSamples <command> [options]",
            "",
            "Commands:",
            "  training   data-parallel Kineto traces, one file per rank",
            "      --ranks N (2)  --steps S (3)  --layers L (4)  --bucket-layers B (2)  --seed X (1)",
            "      --target-bytes SIZE (e.g. 1g: add steps until rank 0's file reaches SIZE; overrides --steps)",
            "      --gpu h100|a100 (h100)  --legacy-nccl  --no-clock-straddle  --gzip  -o DIR",
            "  pipeline   pipeline-parallel (1F1B / interleaved 1F1B) Kineto traces with a ground-truth schedule",
            "      --schedule 1f1b|interleaved (1f1b)  --stages P (4)  --microbatches M (8)  --chunks V (2)",
            "      --tp T (1)  --iterations I (2)  --slow-stage S (-1: none)  --slow-factor F (1.3)",
            "      --forward-us US (1000)  --backward-us US (2000)  --p2p-us US (60)  --layers-per-stage L (2)",
            "      --seed X (1)  --gpu h100|a100  --legacy-nccl  --gzip  -o DIR",
            "      --equal-stages (no slow stage, no heavier last stage, no noise: the textbook case)",
            "  serving    vLLM-like serving run: Chrome trace, vLLM log, Prometheus scrapes, ground truth",
            "      --seed X (1)  --duration-s S (90: arrivals of ordinary requests)  --rate R (1.6 req/s)",
            "      --blocks N (3000 KV blocks of 16 tokens)  --burst-requests B (10)  --burst-start-s S (30)",
            "      --no-prometheus  --gzip  -o DIR",
            "  decoder    a Llama-3.1-8B-shaped decoder traced with shapes, one prefill and decode steps per context length",
            "      --contexts T1,T2 (2048,16384)  --prefill-batch B (1)  --decode-batch B (8)  --decode-steps S (4)",
            "      --layers L (32)  --seed X (1)  --gpu h100|a100  --gzip  -o DIR",
            "  bundled    regenerate the samples shipped in the jar into DIR (src/main/resources/dev/parallax/samples)",
            "      -o DIR",
            "  inflate    a large trace of a real shape: a real trace's events repeated, each copy shifted in time,",
            "             flow ids and correlations unique per copy, flow ids as strings in every second copy",
            "      --from TRACE (.json or .json.gz)  --target-bytes SIZE (e.g. 1g)  --gzip  -o FILE",
            "",
            "Each output folder gets a <name>.expected.json with the generator's ground truth.");

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line, printing to {@code out}/{@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "training":
                    return training(new Args(args, 1, List.of("--gzip", "--legacy-nccl", "--no-clock-straddle")),
                            out);
                case "pipeline":
                    return pipeline(new Args(args, 1, List.of("--gzip", "--legacy-nccl", "--equal-stages")), out);
                case "serving":
                    return serving(new Args(args, 1, List.of("--gzip", "--no-prometheus")), out);
                case "decoder":
                    return decoder(new Args(args, 1, List.of("--gzip")), out);
                case "bundled":
                    return bundled(new Args(args, 1, List.of()), out);
                case "inflate":
                    return inflate(new Args(args, 1, List.of("--gzip")), out);
                default:
                    throw new Args.UsageException("unknown command '" + args[0] + "'");
            }
        } catch (Args.UsageException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write output: " + e);
            return 3;
        }
    }

    private static Path output(Args a) {
        String dir = a.string("--output", null);
        if (dir == null) {
            throw new Args.UsageException("missing -o DIR");
        }
        return Path.of(dir);
    }

    private static int training(Args a, PrintStream out) throws IOException {
        TrainingOptions o = new TrainingOptions();
        o.ranks = a.integer("--ranks", o.ranks);
        o.steps = a.integer("--steps", o.steps);
        o.layers = a.integer("--layers", o.layers);
        o.bucketLayers = a.integer("--bucket-layers", o.bucketLayers);
        o.seed = a.longValue("--seed", o.seed);
        String target = a.string("--target-bytes", null);
        if (target != null) {
            o.targetBytes = SampleOutput.parseSize(target);
        }
        o.gpu = GpuSpec.parse(a.string("--gpu", "h100"));
        o.legacyNccl = a.flag("--legacy-nccl");
        o.straddleClockBucket = !a.flag("--no-clock-straddle");
        o.gzip = a.flag("--gzip");
        Path dir = output(a);
        a.rejectUnknown();
        long t0 = System.nanoTime();
        int steps = new TrainingTraceGenerator(o).generate(dir, "training");
        out.printf("training: %d ranks x %d steps written to %s in %.1f s%n", o.ranks, steps, dir,
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static int inflate(Args a, PrintStream out) throws IOException {
        String from = a.string("--from", null);
        String target = a.string("--target-bytes", null);
        if (from == null || target == null) {
            throw new Args.UsageException("inflate needs --from TRACE and --target-bytes SIZE");
        }
        boolean gzip = a.flag("--gzip");
        Path file = output(a);
        a.rejectUnknown();
        long t0 = System.nanoTime();
        dev.parallax.samples.inflate.TraceInflater.Outcome o =
                new dev.parallax.samples.inflate.TraceInflater(Path.of(from)).inflate(file, SampleOutput.parseSize(target), gzip);
        out.printf("inflate: %d copies of %s, %d events, %d bytes written to %s in %.1f s%n", o.copies(), from,
                o.events(), o.bytes(), file, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private static int pipeline(Args a, PrintStream out) throws IOException {
        PipelineOptions o = new PipelineOptions();
        o.schedule = ScheduleKind.parse(a.string("--schedule", o.schedule.id()));
        o.stages = a.integer("--stages", o.stages);
        o.microbatches = a.integer("--microbatches", o.microbatches);
        o.chunks = a.integer("--chunks", o.chunks);
        o.tp = a.integer("--tp", o.tp);
        o.iterations = a.integer("--iterations", o.iterations);
        o.slowStage = a.integer("--slow-stage", -1);
        o.slowFactor = a.decimal("--slow-factor", o.slowFactor);
        o.forwardUs = a.decimal("--forward-us", o.forwardUs);
        o.backwardUs = a.decimal("--backward-us", o.backwardUs);
        o.p2pUs = a.decimal("--p2p-us", o.p2pUs);
        o.layersPerStage = a.integer("--layers-per-stage", o.layersPerStage);
        o.seed = a.longValue("--seed", o.seed);
        o.gpu = GpuSpec.parse(a.string("--gpu", "h100"));
        if (a.flag("--equal-stages")) {
            o.equalStages();
        }
        o.legacyNccl = a.flag("--legacy-nccl");
        o.gzip = a.flag("--gzip");
        Path dir = output(a);
        a.rejectUnknown();
        new PipelineTraceGenerator(o).generate(dir, "pipeline");
        out.printf("pipeline: %s, %d stages x tp %d, %d micro-batches written to %s%n", o.schedule.id(), o.stages,
                o.tp, o.microbatches, dir);
        return 0;
    }

    private static int serving(Args a, PrintStream out) throws IOException {
        ServingOptions o = new ServingOptions();
        o.seed = a.longValue("--seed", o.seed);
        o.durationS = a.decimal("--duration-s", o.durationS);
        o.arrivalRatePerS = a.decimal("--rate", o.arrivalRatePerS);
        o.gpuBlocks = a.integer("--blocks", o.gpuBlocks);
        o.burstRequests = a.integer("--burst-requests", o.burstRequests);
        o.burstStartS = a.decimal("--burst-start-s", o.burstStartS);
        o.prometheus = !a.flag("--no-prometheus");
        o.gzip = a.flag("--gzip");
        Path dir = output(a);
        a.rejectUnknown();
        ServingRun run = new ServingGenerator(o).generate(dir, "serving");
        out.printf("serving: %d requests, %d engine steps written to %s%n", run.requests.size(), run.steps.size(),
                dir);
        return 0;
    }

    private static int decoder(Args a, PrintStream out) throws IOException {
        DecoderOptions o = new DecoderOptions();
        String contexts = a.string("--contexts", null);
        if (contexts != null) {
            try {
                o.contexts = Arrays.stream(contexts.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--contexts takes comma-separated token counts, got '" + contexts + "'");
            }
        }
        o.prefillBatch = a.integer("--prefill-batch", o.prefillBatch);
        o.decodeBatch = a.integer("--decode-batch", o.decodeBatch);
        o.decodeSteps = a.integer("--decode-steps", o.decodeSteps);
        o.layers = a.integer("--layers", o.layers);
        o.seed = a.longValue("--seed", o.seed);
        o.gpu = GpuSpec.parse(a.string("--gpu", "h100"));
        o.gzip = a.flag("--gzip");
        Path dir = output(a);
        a.rejectUnknown();
        var traced = new DecoderTraceGenerator(o).generate(dir, "decoder");
        out.printf("decoder: %d context lengths written to %s%n", traced.size(), dir);
        return 0;
    }

    private static int bundled(Args a, PrintStream out) throws IOException {
        Path dir = output(a);
        a.rejectUnknown();
        long t0 = System.nanoTime();
        BundledSamples.regenerate(dir);
        out.printf("bundled samples written to %s in %.1f s%n", dir, (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
