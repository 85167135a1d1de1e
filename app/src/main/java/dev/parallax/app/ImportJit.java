package dev.parallax.app;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the trace-import code (the JSON tokenizer and the trace readers) on HotSpot's quick C1 compiler: its
 * methods run a few seconds in all, and compiling them with C2 costs more CPU than it saves (measured in
 * fresh JVMs, whole process, 2 cores, medians of 5: {@code summary} of a 241 MB real-shaped Kineto trace
 * took 3.24 s of CPU with the defaults and 2.72 s with the import code on C1, the same wall time; of the
 * resnet50 sample 1.31 s and 1.21 s). The rest of the program (analyses,
 * timeline) keeps C2. Done as a compiler directive added at start (the same as
 * {@code -XX:CompilerDirectivesFile}), since a jar cannot carry JVM flags, and only for command-line runs on
 * up to about 2 GB of JSON (see {@link #apply}); {@code -Dparallax.importJit=c2} or {@code c1} forces
 * either. Runs in the background: it never delays the start.
 */
final class ImportJit {
    static final String DIRECTIVES = "[{match: [\"dev/parallax/trace/json/*.*\", \"dev/parallax/trace/TraceBuilder*.*\", "
            + "\"dev/parallax/trace/ArgStore$Builder.*\", "
            + "\"dev/parallax/trace/StringPool$Builder.*\"], c2: {Exclude: true}}]";

    private ImportJit() {
    }

    /**
     * Past this much JSON in one command, C2's faster code repays its compile time, so the defaults are kept.
     * At 1.09 GB the two are even (fresh JVMs, {@code -Xmx600m}, medians of 3: 7.50 s of CPU and 4.07 s wall
     * with the import on C1, 7.73 s and 4.19 s with C2); larger inputs have not been measured.
     */
    static final long MAX_DECODED_BYTES = 2L << 30;
    /** Assumed expansion of a gzip trace (real Kineto traces: 20-30×). */
    private static final int GZIP_RATIO = 20;

    /**
     * Adds the directive from a daemon thread for a command-line run on at most {@link #MAX_DECODED_BYTES}
     * of input; the workbench (no arguments) and {@code bench} (which measures warm speed) keep the
     * defaults, as does {@code -Dparallax.importJit=c2}. Failures (another JVM, no management) leave the
     * defaults.
     */
    static void apply(String[] args) {
        String mode = System.getProperty("parallax.importJit", "");
        if (mode.equals("c2") || (!mode.equals("c1") && !smallCommand(args))) {
            return;
        }
        Thread t = new Thread(ImportJit::addDirective, "import-jit");
        t.setDaemon(true);
        t.start();
    }

    /** A command-line run (not the workbench, not a benchmark) whose existing path arguments are small. */
    static boolean smallCommand(String[] args) {
        if (args.length == 0 || args[0].equals("bench") || args[0].startsWith("-")) {
            return false;
        }
        long total = 0;
        for (String a : args) {
            try {
                Path p = Path.of(a);
                if (Files.isRegularFile(p)) {
                    total += decodedEstimate(p);
                } else if (Files.isDirectory(p)) {
                    try (java.util.stream.Stream<Path> s = Files.walk(p, 2)) {
                        total += s.filter(Files::isRegularFile).mapToLong(ImportJit::decodedEstimate).sum();
                    }
                }
            } catch (RuntimeException | java.io.IOException e) {
                // not a path: an option or a value
            }
            if (total > MAX_DECODED_BYTES) {
                return false;
            }
        }
        return true;
    }

    private static long decodedEstimate(Path p) {
        try {
            long size = Files.size(p);
            return p.getFileName().toString().endsWith(".gz") ? size * GZIP_RATIO : size;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static void addDirective() {
        Path file = null;
        try {
            file = Files.createTempFile("parallax-jit", ".json");
            Files.writeString(file, DIRECTIVES, StandardCharsets.UTF_8);
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            // not HotSpot, or management disabled: the JIT keeps its defaults
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // a temporary file of a few bytes
                }
            }
        }
    }
}
