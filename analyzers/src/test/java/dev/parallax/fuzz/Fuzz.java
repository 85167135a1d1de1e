package dev.parallax.fuzz;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A small seeded mutation-fuzzing harness on JUnit 5 dynamic tests. For each seed input, each kind of damage
 * and each case number below {@code -Dparallax.fuzz.cases=N} (default {@value #DEFAULT_CASES}), one test runs
 * with a {@link SplittableRandom} seeded from the case's id alone ({@code property/seed/kind/number}), so a case
 * is the same on every machine and every run. A failing case keeps the input it tried under
 * {@code target/fuzz-failures/} (to be added to the regression corpus) and its message names the seed, what was
 * done to it and the command that reruns exactly that case ({@code -Dparallax.fuzz.only=ID}).
 */
public final class Fuzz {
    /** The system property giving the number of cases per seed and kind. */
    public static final String CASES = "parallax.fuzz.cases";
    /** The system property that selects one case by id (the rerun of a failure). */
    public static final String ONLY = "parallax.fuzz.only";
    /** Cases per seed and kind in {@code mvn verify}: about a minute for both modules on a busy 2-core machine. */
    public static final int DEFAULT_CASES = 5;

    private Fuzz() {
    }

    /** The body of a property: damages {@code seed} as {@code kind} says, with the case's random, and asserts. */
    @FunctionalInterface
    public interface Body<S, K> {
        /** Runs one case; any throwable fails it (a {@link TestAbortedException} skips it). */
        void run(S seed, K kind, Case c) throws Throwable;
    }

    /** One case: its id, its random source and the input it tried (kept if it fails). */
    public static final class Case {
        private final String id;
        private final SplittableRandom random;
        private byte[] input;
        private String suffix = ".bin";
        private String what = "";

        Case(String id) {
            this.id = id;
            this.random = new SplittableRandom(seedOf(id));
        }

        /** The case's id: {@code property/seed/kind/number}. */
        public String id() {
            return id;
        }

        /** The random source of this case, seeded from its id. */
        public SplittableRandom random() {
            return random;
        }

        /** Records the input this case tries and what was done to it; returns {@code data}. */
        public byte[] tried(byte[] data, String fileSuffix, Object description) {
            this.input = data;
            this.suffix = fileSuffix;
            this.what = String.valueOf(description);
            return data;
        }

        private AssertionError failure(Class<?> test, Throwable cause) {
            String kept = "(no input recorded)";
            if (input != null) {
                try {
                    Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
                    kept = Files.write(dir.resolve(id.replaceAll("[^A-Za-z0-9._-]", "_") + suffix), input)
                            .toAbsolutePath().toString();
                } catch (IOException e) {
                    kept = "(not kept: " + e.getMessage() + ")";
                }
            }
            String module = Path.of("").toAbsolutePath().getFileName().toString();
            return new AssertionError("fuzz case " + id + " (random seed " + seedOf(id) + ") failed: " + cause
                    + "\n  input: " + what + "\n  kept in " + kept
                    + "\n  rerun exactly this case: mvn -B -o -pl " + module + " -am test -Dtest=" + test.getSimpleName()
                    + " -Dsurefire.failIfNoSpecifiedTests=false -D" + ONLY + "='" + id + "'", cause);
        }
    }

    /** The number of cases per seed and kind ({@value #CASES}, default {@value #DEFAULT_CASES}). */
    public static int cases() {
        return Integer.getInteger(CASES, DEFAULT_CASES);
    }

    /**
     * The dynamic tests of one property: every seed × every kind × {@link #cases()} case numbers, or only the
     * case named by {@value #ONLY} when it is set.
     */
    public static <S, K> Stream<DynamicTest> cases(Class<?> test, String property, List<Named<S>> seeds,
                                                   List<K> kinds, Body<S, K> body) {
        String only = System.getProperty(ONLY, "");
        if (!only.isBlank() && !only.startsWith(property + "/")) {
            return Stream.empty();
        }
        int from = 0;
        int to = cases();
        if (!only.isBlank()) {
            from = Integer.parseInt(only.substring(only.lastIndexOf('/') + 1));
            to = from + 1;
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Named<S> seed : seeds) {
            for (K kind : kinds) {
                for (int i = from; i < to; i++) {
                    String id = property + "/" + seed.getName() + "/" + kind + "/" + i;
                    if (selected(id)) {
                        tests.add(DynamicTest.dynamicTest(id, () -> run(test, id, seed.getPayload(), kind, body)));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** Whether the case {@code id} runs: always, unless {@value #ONLY} names another case. */
    public static boolean selected(String id) {
        String only = System.getProperty(ONLY, "");
        return only.isBlank() || only.equals(id);
    }

    private static <S, K> void run(Class<?> test, String id, S seed, K kind, Body<S, K> body) {
        Case c = new Case(id);
        try {
            body.run(seed, kind, c);
        } catch (TestAbortedException e) {
            throw e;
        } catch (Throwable t) {
            throw c.failure(test, t);
        }
    }

    /** The random seed of a case: a function of its id only (String.hashCode is specified). */
    static long seedOf(String id) {
        return id.hashCode() * 0x9E3779B97F4A7C15L;
    }
}
