package dev.parallax.app;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the trace-import code (the JSON parser and the trace readers) on HotSpot's quick C1 compiler: its
 * methods are large and run a few seconds in all, and compiling them with C2 took more CPU than it saved
 * (measured in a fresh JVM, whole process, 2 cores: summary of a 211 MB real-shaped Kineto trace 4.9 s of
 * CPU with C2, 2.1 s without; of a 1.09 GB one 10.8 s against 9.0 s). The rest of the program (analyses,
 * timeline) keeps C2. Done as a compiler directive added at start (the same as
 * {@code -XX:CompilerDirectivesFile}), since a jar cannot carry JVM flags; off with
 * {@code -Dparallax.importJit=c2}. Runs in the background: it never delays the start.
 */
final class ImportJit {
    static final String DIRECTIVES = "[{match: [\"com/fasterxml/jackson/core/*.*\", \"dev/parallax/trace/json/*.*\", "
            + "\"dev/parallax/trace/TraceBuilder*.*\", \"dev/parallax/trace/ArgStore$Builder.*\", "
            + "\"dev/parallax/trace/StringPool$Builder.*\"], c2: {Exclude: true}}]";

    private ImportJit() {
    }

    /** Adds the directive from a daemon thread; failures (another JVM, no management) leave the defaults. */
    static void apply() {
        if ("c2".equals(System.getProperty("parallax.importJit"))) {
            return;
        }
        Thread t = new Thread(ImportJit::addDirective, "import-jit");
        t.setDaemon(true);
        t.start();
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
