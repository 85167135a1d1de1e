package dev.parallax.fuzz;

import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.samples.BundledSamples;
import dev.parallax.trace.Trace;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The fuzzing suite of the loaders: real traces (the bundled samples and, where present, small traces of
 * {@code ../shared/traces}), a vLLM log, Prometheus scrapes and the rule presets, damaged by {@link Mutation}s
 * and loaded through the same path as the command line ({@link Fuzz}: every seed × every {@link Mutation.Op}
 * × {@code -Dparallax.fuzz.cases=N} deterministic cases). Every case must end in a loaded trace or an
 * {@link IOException} whose message names the file: no other exception escapes, no case runs past its time
 * budget, the loaded model grows at most linearly with the input (memory bounded), every diagnostic names the
 * file, and the file is byte-identical afterwards. A cut trace loads a
 * prefix of the events of the whole one. Inputs that once failed live in {@code src/test/resources/fuzz-regressions}
 * and are replayed, one test per file, by {@link #regressionCasesStillLoad()}.
 * <p>
 * {@code mvn verify} runs {@value Fuzz#DEFAULT_CASES} cases per seed and kind; a long run raises them, e.g.
 * {@code mvn -o -pl analyzers -am test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false
 * -Dparallax.fuzz.cases=5000}.
 */
class LoaderFuzzTest {
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("parallax.fuzz.budget.seconds", 20));
    private static final List<String> SHARED_SEEDS = List.of(
            "hta/cpu_only/rank-34.Jul_15_10_52_41.1074.pt.trace.json.gz",
            "hta/critical_path/cuda_event_sync/event_sync_trace.json.gz",
            "hta/large_integer_trace/rank-70.Mar_25_20_48_12.2861.pt.trace.json.gz",
            "hta/amd_trace/mi250_minitoy_train_ROCm6_2_kineto.json.gz",
            "hta/call_stack/backward_thread.json",
            "pytorch--kineto/docs/traces/after_fix_trace.json");

    private static final Path DIR = tempDir();
    private static final AtomicInteger CASE = new AtomicInteger();
    private static final List<Named<byte[]>> TRACES = traceSeeds();
    private static final List<Named<Text>> SERVING = List.of(
            Named.of("vllm-serve.log", new Text(bundled("serving-vllm-burst/vllm-serve.log"), ".log")),
            Named.of("metrics-0015s.prom",
                    new Text(bundled("serving-vllm-burst/prometheus/metrics-0015s.prom"), ".prom")));
    private static final List<Named<byte[]>> RULES = List.of(
            Named.of("parallax.json", resource("/dev/parallax/analysis/classify/parallax.json")),
            Named.of("hta.json", resource("/dev/parallax/analysis/classify/hta.json")));

    private final TraceSetLoader loader = new TraceSetLoader(TraceLoader.discover(), 1);

    @TestFactory
    Stream<DynamicTest> damagedTracesLoadOrFailWithAMessageNamingTheFile() {
        return Fuzz.cases(getClass(), "traces", TRACES, Mutation.OPS, (seed, op, c) -> {
            List<Mutation> ms = Mutation.some(op, c.random());
            boolean gzip = c.random().nextBoolean();
            byte[] data = Mutation.applyAll(seed, ms);
            String suffix = gzip ? ".json.gz" : ".json";
            check(write(c.tried(gzip ? gzip(data) : data, suffix, ms + (gzip ? ", then gzipped" : "")), suffix));
        });
    }

    @TestFactory
    Stream<DynamicTest> damagedGzipBytesLoadOrFailWithAMessageNamingTheFile() {
        return Fuzz.cases(getClass(), "gzip", TRACES, Mutation.OPS, (seed, op, c) -> {
            List<Mutation> ms = Mutation.some(op, c.random());
            byte[] data = Mutation.applyAll(gzip(seed), ms);
            check(write(c.tried(data, ".json.gz", "gzipped, then " + ms), ".json.gz"));
        });
    }

    @TestFactory
    Stream<DynamicTest> damagedServingTextLoadsOrFailsWithAMessageNamingTheFile() {
        return Fuzz.cases(getClass(), "serving", SERVING, Mutation.OPS, (seed, op, c) -> {
            List<Mutation> ms = Mutation.some(op, c.random());
            boolean gzip = c.random().nextBoolean();
            byte[] data = Mutation.applyAll(seed.data(), ms);
            String suffix = seed.suffix() + (gzip ? ".gz" : "");
            check(write(c.tried(gzip ? gzip(data) : data, suffix, ms + (gzip ? ", then gzipped" : "")), suffix));
        });
    }

    @TestFactory
    Stream<DynamicTest> damagedRulesParseOrFailWithAMessageNamingTheFile() {
        return Fuzz.cases(getClass(), "rules", RULES, Mutation.OPS, (seed, op, c) -> {
            List<Mutation> ms = Mutation.some(op, c.random());
            byte[] data = c.tried(Mutation.applyAll(seed, ms), ".json", ms);
            assertTimeoutPreemptively(BUDGET, () -> {
                try {
                    RuleSet r = RuleSet.parse(new ByteArrayInputStream(data), "my-rules.json");
                    for (var rule : r.rules()) {
                        rule.matches(true, "ncclDevKernel_AllReduce_Sum_f32_RING_LL", "kernel");
                    }
                } catch (IOException e) {
                    assertThat(e.getMessage()).startsWith("my-rules.json");
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> aCutTraceLoadsAPrefixOfTheWholeTracesEvents() {
        return Fuzz.cases(getClass(), "prefix", TRACES, List.of("cut"), (whole, kind, c) -> {
            double a = c.random().nextDouble();
            double b = c.random().nextDouble();
            int short_ = (int) (Math.min(a, b) * whole.length);
            int long_ = (int) (Math.max(a, b) * whole.length);
            c.tried(whole, ".json", "cut after " + short_ + " and after " + long_ + " of " + whole.length + " bytes");
            long all = slices(write(whole, ".json"));
            long first = slices(write(Arrays.copyOf(whole, short_), ".json"));
            long more = slices(write(Arrays.copyOf(whole, long_), ".json"));
            assertThat(first).as("slices of the first %d bytes", short_).isLessThanOrEqualTo(more);
            assertThat(more).as("slices of the first %d bytes", long_).isLessThanOrEqualTo(all);
        });
    }

    @TestFactory
    Stream<DynamicTest> regressionCasesStillLoad() throws IOException {
        Path dir;
        try {
            dir = Path.of(LoaderFuzzTest.class.getResource("/fuzz-regressions").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(p -> !p.getFileName().toString().equals("README.md")).sorted().toList();
        }
        return cases.stream().filter(c -> Fuzz.selected("regression/" + c.getFileName()))
                .map(c -> dynamicTest("regression/" + c.getFileName(),
                        () -> check(Files.copy(c, DIR.resolve("regression-" + c.getFileName())))));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Loads {@code file} as the command line does and checks every promise of the loaders. */
    private void check(Path file) throws Exception {
        String before = sha256(file);
        String name = file.getFileName().toString();
        try {
            Loaded l = load(file);
            if (l.failure() != null) {
                assertThat(l.failure().getMessage()).as("message of %s", l.failure()).contains(name)
                        .doesNotEndWith("(null)");
                return;
            }
            TraceSetLoader.Outcome o = l.outcome();
            for (TraceSet.Member m : o.traceSet().members()) {
                Trace t = m.trace();
                assertThat(modelBytes(t)).as("memory of the model of %s (%d bytes decoded)", name,
                        t.loadStats().decodedBytes()).isLessThanOrEqualTo(16 * t.loadStats().decodedBytes() + (1 << 20));
                assertThat(t.diagnostics().file()).contains(name);
                for (String line : t.diagnostics().lines()) {
                    assertThat(line).contains(name);
                }
            }
            for (TraceSetLoader.Failure f : o.failures()) {
                assertThat(f.message()).contains(name);
            }
        } finally {
            assertThat(sha256(file)).as("the input is left byte-identical").isEqualTo(before);
            Files.deleteIfExists(file);
        }
    }

    /**
     * The columns a loaded trace holds (slices, arguments, counter samples): memory stays bounded when it grows
     * at most linearly with the decoded input, whatever the damage (huge numbers, deep nesting, long strings).
     */
    private static long modelBytes(Trace t) {
        long bytes = t.args().memoryBytes();
        for (var track : t.sliceTracks()) {
            bytes += track.memoryBytes();
        }
        return bytes + 16 * t.counterSampleCount();
    }

    private long slices(Path file) throws Exception {
        try {
            Loaded l = load(file);
            return l.outcome() == null ? 0
                    : l.outcome().traceSet().members().stream().mapToLong(m -> m.trace().sliceCount()).sum();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** A serving text seed and the file suffix that makes the loaders read it as what it is. */
    private record Text(byte[] data, String suffix) {
    }

    /** What a load gave: an outcome, or the I/O failure that the loaders' contract allows. */
    private record Loaded(TraceSetLoader.Outcome outcome, IOException failure) {
    }

    /** Loads within the time budget; any exception but an {@link IOException} fails the case. */
    private Loaded load(Path file) {
        return assertTimeoutPreemptively(BUDGET, () -> {
            try {
                return new Loaded(loader.load(List.of(file), Progress.none()), null);
            } catch (IOException e) {
                return new Loaded(null, e);
            }
        }, () -> "no result within " + BUDGET.toSeconds() + " s for " + file);
    }

    private static Path write(byte[] data, String suffix) throws IOException {
        return Files.write(DIR.resolve("case-" + CASE.incrementAndGet() + suffix), data);
    }

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private static List<Named<byte[]>> traceSeeds() {
        List<Named<byte[]>> seeds = new ArrayList<>();
        seeds.add(Named.of("rank-0.pt.trace.json", bundled("training-ddp-2rank/rank-0.pt.trace.json.gz")));
        String root = System.getProperty("parallax.shared.traces");
        if (root != null && Files.isDirectory(Path.of(root))) {
            for (String s : SHARED_SEEDS) {
                Path p = Path.of(root).resolve(s);
                if (Files.isRegularFile(p)) {
                    seeds.add(Named.of(p.getFileName().toString().replaceFirst("\\.gz$", ""), decoded(read(p))));
                }
            }
        } else {
            System.err.println("LoaderFuzzTest: shared real traces absent (parallax.shared.traces = " + root
                    + "): fuzzing the bundled samples only");
        }
        return List.copyOf(seeds);
    }

    private static byte[] bundled(String file) {
        try (InputStream in = BundledSamples.open(file)) {
            return decoded(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = LoaderFuzzTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] decoded(byte[] data) {
        if (data.length < 2 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) {
            return data;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("parallax-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
