package dev.parallax.samples;

import dev.parallax.samples.core.SampleOutput;
import dev.parallax.samples.pipeline.PipelineOptions;
import dev.parallax.samples.pipeline.PipelineTraceGenerator;
import dev.parallax.samples.pipeline.ScheduleKind;
import dev.parallax.samples.serving.ServingGenerator;
import dev.parallax.samples.serving.ServingOptions;
import dev.parallax.samples.serving.ServingRun;
import dev.parallax.samples.training.TrainingOptions;
import dev.parallax.samples.training.TrainingTraceGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The samples shipped inside this jar (under {@value #RESOURCE_ROOT}), what each one is, and a way to copy them
 * to a folder so that they can be opened like any user file. {@link #regenerate(Path)} rebuilds them from
 * their generators; {@code GenerateSamples bundled -o sample-traces/src/main/resources/dev/parallax/samples}
 * refreshes the committed copies.
 */
public final class BundledSamples {
    /** Class-path folder of the bundled samples. */
    public static final String RESOURCE_ROOT = "/dev/parallax/samples/";
    private static final String INDEX = "index.txt";

    /** One bundled sample: a name, a description and its files (paths relative to {@link #RESOURCE_ROOT}). */
    public record Sample(String name, String description, List<String> files) {
        /** The class-path resource path of each file. */
        public List<String> resourcePaths() {
            List<String> out = new ArrayList<>();
            for (String f : files) {
                out.add(RESOURCE_ROOT + f);
            }
            return out;
        }

        /** The file whose name ends with {@code .expected.json} (the ground truth). */
        public String expectedFile() {
            for (String f : files) {
                if (f.endsWith(".expected.json")) {
                    return f;
                }
            }
            throw new IllegalStateException("sample " + name + " has no ground truth");
        }
    }

    private BundledSamples() {
    }

    /** The settings of the bundled 2-rank training sample. */
    public static TrainingOptions trainingOptions() {
        TrainingOptions o = new TrainingOptions();
        o.ranks = 2;
        o.steps = 3;
        o.layers = 3;
        o.seed = 20_260_101L;
        o.gzip = true;
        return o;
    }

    /** The settings of a bundled pipeline-parallel sample (PP=4 × TP=2, stage 2 1.3× slower). */
    public static PipelineOptions pipelineOptions(ScheduleKind kind) {
        PipelineOptions o = new PipelineOptions();
        o.schedule = kind;
        o.stages = 4;
        o.tp = 2;
        o.microbatches = 8;
        o.chunks = 2;
        o.iterations = 2;
        o.slowStage = 2;
        o.slowFactor = 1.3;
        o.legacyNccl = kind == ScheduleKind.ONE_F_ONE_B;
        o.seed = kind == ScheduleKind.ONE_F_ONE_B ? 41L : 42L;
        o.gzip = true;
        return o;
    }

    /** The settings of the bundled serving sample. */
    public static ServingOptions servingOptions() {
        ServingOptions o = new ServingOptions();
        o.seed = 1;
        o.gzip = true;
        return o;
    }

    /** The bundled samples, in the order the index lists them. */
    public static List<Sample> list() {
        List<Sample> out = new ArrayList<>();
        Sample current = null;
        List<String> files = null;
        for (String line : readIndex()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("  ")) {
                files.add(line.trim());
            } else {
                int tab = line.indexOf('\t');
                files = new ArrayList<>();
                current = new Sample(line.substring(0, tab), line.substring(tab + 1), files);
                out.add(current);
            }
        }
        return out;
    }

    /** The sample called {@code name}. */
    public static Sample get(String name) {
        for (Sample s : list()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no bundled sample named '" + name + "'");
    }

    private static List<String> readIndex() {
        try (InputStream in = BundledSamples.class.getResourceAsStream(RESOURCE_ROOT + INDEX)) {
            if (in == null) {
                throw new IllegalStateException("bundled sample index " + RESOURCE_ROOT + INDEX + " is missing");
            }
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens one bundled file (path relative to {@link #RESOURCE_ROOT}). */
    public static InputStream open(String file) throws IOException {
        InputStream in = BundledSamples.class.getResourceAsStream(RESOURCE_ROOT + file);
        if (in == null) {
            throw new IOException("bundled sample file " + RESOURCE_ROOT + file + " is missing");
        }
        return in;
    }

    /**
     * Copies the files of {@code sample} into {@code folder} (keeping their sub-folders) and returns the folder
     * the sample's files lie in: for a multi-rank job, the folder holding the rank files.
     */
    public static Path extract(Sample sample, Path folder) throws IOException {
        Path root = null;
        for (String f : sample.files()) {
            Path target = folder.resolve(f);
            Files.createDirectories(target.getParent());
            try (InputStream in = open(f)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Path dir = target.getParent();
            root = root == null ? dir : root;
        }
        return root;
    }

    private static void serving(Path dir, List<String> index) throws IOException {
        String name = "serving-vllm-burst";
        ServingOptions o = servingOptions();
        ServingRun run = new ServingGenerator(o).generate(dir.resolve(name), name);
        index.add(name + "\tLLM serving run (vLLM-like continuous batching, paged KV cache of " + o.gpuBlocks
                + " blocks x " + o.blockSize + " tokens): " + run.requests.size() + " requests, a burst of "
                + o.burstRequests + " long-context requests saturates the KV cache (waiting requests, preemptions);"
                + " Chrome trace, vLLM log and Prometheus scrapes");
        index.add("  " + name + "/" + SampleOutput.fileName(ServingGenerator.TRACE, o.gzip));
        index.add("  " + name + "/" + ServingGenerator.LOG);
        for (long t : ServingGenerator.scrapeTimes(run)) {
            index.add("  " + name + "/" + ServingGenerator.scrapeFile(t));
        }
        index.add("  " + name + "/" + name + ".expected.json");
    }

    private static void pipeline(Path dir, List<String> index, String name, ScheduleKind kind, String description)
            throws IOException {
        PipelineOptions o = pipelineOptions(kind);
        new PipelineTraceGenerator(o).generate(dir.resolve(name), name);
        index.add(name + "\t" + description);
        for (int r = 0; r < o.stages * o.tp; r++) {
            index.add("  " + name + "/" + SampleOutput.fileName("rank-" + r + ".pt.trace.json", o.gzip));
        }
        index.add("  " + name + "/" + name + ".expected.json");
    }

    /** Regenerates every bundled sample (and the index) into {@code dir}. */
    public static void regenerate(Path dir) throws IOException {
        List<String> index = new ArrayList<>();
        index.add("# Bundled samples: name<TAB>description, then their files (indented). Generated by"
                + " GenerateSamples bundled.");
        Path training = dir.resolve("training-ddp-2rank");
        TrainingOptions t = trainingOptions();
        new TrainingTraceGenerator(t).generate(training, "training-ddp-2rank");
        index.add("training-ddp-2rank\tData-parallel transformer training on 2 H100 ranks, 3 profiler steps"
                + " (Kineto); rank 0 and rank 1 have clock bases in different 3-month buckets");
        for (int r = 0; r < t.ranks; r++) {
            index.add("  training-ddp-2rank/" + TrainingTraceGenerator.rankFileName(r, t.gzip));
        }
        index.add("  training-ddp-2rank/training-ddp-2rank.expected.json");
        pipeline(dir, index, "pipeline-1f1b-pp4-tp2", ScheduleKind.ONE_F_ONE_B,
                "Pipeline-parallel training, 1F1B schedule, 4 stages x TP 2 (8 ranks), 8 micro-batches, stage 2"
                        + " 1.3x slower, heavier last stage, NCCL 2.17 kernel names, 2 iterations");
        pipeline(dir, index, "pipeline-interleaved-pp4-tp2", ScheduleKind.INTERLEAVED,
                "Pipeline-parallel training, interleaved 1F1B (2 chunks per stage), 4 stages x TP 2 (8 ranks),"
                        + " 8 micro-batches, stage 2 1.3x slower, heavier last stage, 2 iterations");
        serving(dir, index);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(INDEX), String.join("\n", index) + "\n", StandardCharsets.UTF_8);
    }
}
