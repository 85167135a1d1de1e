package dev.parallax.app.fuzz;

import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceLoader;
import dev.parallax.trace.io.TraceSetLoader;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Fuzzes Nsight Systems SQLite exports (the small fixtures of {@code ../shared/traces}, skipped where absent)
 * through the loader the command line uses, with every importer of the app (the Nsight plugin included):
 * SQLite pages zeroed, bytes flipped (also in the header and the schema page), the file cut or a page
 * repeated. Every case must load or fail with an {@link IOException} naming the file within its time budget,
 * every diagnostic must name the file, and the file must be byte-identical afterwards (the database is never
 * opened for writing).
 * <p>
 * Cases are seeded like the loaders' fuzzing suite ({@code dev.parallax.fuzz.Fuzz} in the analyzers tests, which
 * this module cannot see without a test jar): every seed × every {@link Damage} × {@code -Dparallax.fuzz.cases=N}
 * (default 5) case numbers, each with a {@link SplittableRandom} seeded from the case's id; a failure keeps its
 * input in {@code target/fuzz-failures/} and names the command that reruns it ({@code -Dparallax.fuzz.only=ID}).
 * A long run: {@code -Dparallax.fuzz.cases=400} (docs/robustness.md).
 */
class SqliteFuzzTest {
    private static final int PAGE = 4096;
    private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("parallax.fuzz.budget.seconds", 20));
    private static final List<String> SEEDS = List.of("GindaChen--nsys-ai/tests/fixtures/healthy_1pct.sqlite",
            "GindaChen--nsys-ai/tests/fixtures/mock.sqlite");
    private static final Path DIR = tempDir();
    private static final AtomicInteger CASE = new AtomicInteger();

    private final TraceSetLoader loader = new TraceSetLoader(TraceLoader.discover(), 1);

    /** How the database is damaged. */
    enum Damage { ZERO_PAGE, FLIP, FLIP_HEADER, CUT, REPEAT_PAGE }

    @TestFactory
    List<DynamicTest> damagedSqliteExportsLoadOrFailWithAMessageNamingTheFile() {
        String only = System.getProperty("parallax.fuzz.only", "");
        int from = only.isBlank() ? 0 : Integer.parseInt(only.substring(only.lastIndexOf('/') + 1));
        int to = only.isBlank() ? Integer.getInteger("parallax.fuzz.cases", 5) : from + 1;
        List<DynamicTest> tests = new ArrayList<>();
        for (String seed : SEEDS) {
            for (Damage d : Damage.values()) {
                for (int i = from; i < to; i++) {
                    String id = "sqlite/" + Path.of(seed).getFileName() + "/" + d + "/" + i;
                    if (only.isBlank() || only.equals(id)) {
                        tests.add(DynamicTest.dynamicTest(id, () -> fuzz(id, seed, d)));
                    }
                }
            }
        }
        return tests;
    }

    private void fuzz(String id, String seed, Damage d) throws Exception {
        byte[] data = seed(seed);
        SplittableRandom r = new SplittableRandom(id.hashCode() * 0x9E3779B97F4A7C15L);
        double at = r.nextDouble();
        int count = r.nextInt(1, 33);
        byte[] damaged = damage(data, d, at, count);
        Path file = Files.write(DIR.resolve("case-" + CASE.incrementAndGet() + ".sqlite"), damaged);
        try {
            check(file);
        } catch (AssertionError | RuntimeException e) {
            Path kept = Files.write(Files.createDirectories(Path.of("target", "fuzz-failures"))
                    .resolve(id.replace('/', '_') + ".sqlite"), damaged);
            throw new AssertionError("fuzz case " + id + " failed: " + e + "\n  input: " + d + " at " + at
                    + ", count " + count + "\n  kept in " + kept.toAbsolutePath()
                    + "\n  rerun exactly this case: mvn -B -o -pl app -am test -Dtest=SqliteFuzzTest"
                    + " -Dsurefire.failIfNoSpecifiedTests=false -Dparallax.fuzz.only='" + id + "'", e);
        }
    }

    private void check(Path file) throws Exception {
        String before = sha256(file);
        String name = file.getFileName().toString();
        try {
            Object r = assertTimeoutPreemptively(BUDGET, () -> {
                try {
                    return loader.load(List.of(file), Progress.none());
                } catch (IOException e) {
                    return e;
                }
            }, () -> "no result within " + BUDGET.toSeconds() + " s for " + file);
            if (r instanceof IOException e) {
                assertThat(e.getMessage()).contains(name).doesNotEndWith("(null)");
            } else {
                TraceSetLoader.Outcome o = (TraceSetLoader.Outcome) r;
                for (TraceSet.Member m : o.traceSet().members()) {
                    assertThat(m.trace().diagnostics().lines()).allMatch(l -> l.contains(name));
                }
                assertThat(o.failures()).allMatch(f -> f.message().contains(name));
            }
        } finally {
            assertThat(sha256(file)).as("the input is left byte-identical").isEqualTo(before);
            Files.deleteIfExists(file);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static byte[] damage(byte[] data, Damage d, double at, int count) {
        int pages = Math.max(1, data.length / PAGE);
        int page = (int) Math.min(pages - 1, at * pages);
        byte[] out = data.clone();
        java.util.Random r = new java.util.Random(count * 7919L + page);
        switch (d) {
            case ZERO_PAGE -> Arrays.fill(out, page * PAGE, Math.min(out.length, (page + 1) * PAGE), (byte) 0);
            case FLIP -> {
                for (int k = 0; k < count; k++) {
                    out[r.nextInt(out.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case FLIP_HEADER -> {
                for (int k = 0; k < count; k++) {
                    // the file header and the schema table live on the first two pages
                    out[r.nextInt(Math.min(out.length, 2 * PAGE))] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case CUT -> out = Arrays.copyOf(data, (int) (at * data.length));
            case REPEAT_PAGE -> {
                int to = (page + count) % pages;
                System.arraycopy(data, page * PAGE, out, to * PAGE, Math.min(PAGE, out.length - to * PAGE));
            }
        }
        return out;
    }

    /** The seed's bytes; the case is skipped, with the reason, where the shared traces are absent. */
    private static byte[] seed(String seed) throws IOException {
        String root = System.getProperty("parallax.shared.traces");
        Path p = root == null ? null : Path.of(root).resolve(seed);
        Assumptions.assumeTrue(p != null && Files.isRegularFile(p),
                () -> "shared real traces absent (parallax.shared.traces = " + root + "): nothing to fuzz");
        return Files.readAllBytes(p);
    }

    private static String sha256(Path f) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("parallax-sqlite-fuzz-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
