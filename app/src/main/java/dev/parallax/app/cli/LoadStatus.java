package dev.parallax.app.cli;

import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.trace.Diagnostic;
import dev.parallax.trace.Severity;
import dev.parallax.trace.TraceSet;
import dev.parallax.trace.io.TraceSetLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the commands that load traces say about the load, and the exit status it gives (the policy of
 * {@link ExitStatus}): files that failed are named with why ({@link ExitStatus#INPUT}); files that loaded
 * with ERROR diagnostics are named with their first error ({@link ExitStatus#LOADED_WITH_ERRORS}).
 */
final class LoadStatus {
    private LoadStatus() {
    }

    /** The exit status of a load: failures first, then error diagnostics, else {@link ExitStatus#OK}. */
    static int of(TraceSetLoader.Outcome o) {
        if (!o.failures().isEmpty()) {
            return ExitStatus.INPUT;
        }
        for (TraceSet.Member m : o.traceSet().members()) {
            if (m.trace().diagnostics().hasErrors()) {
                return ExitStatus.LOADED_WITH_ERRORS;
            }
        }
        return ExitStatus.OK;
    }

    /** One line per failed file, and one per file that loaded with errors (its first error). */
    static List<String> problems(TraceSetLoader.Outcome o) {
        List<String> lines = new ArrayList<>();
        for (TraceSetLoader.Failure f : o.failures()) {
            lines.add(f.message());
        }
        for (TraceSet.Member m : o.traceSet().members()) {
            var d = m.trace().diagnostics();
            if (!d.hasErrors()) {
                continue;
            }
            long errors = d.items().stream().filter(i -> i.severity() == Severity.ERROR).mapToLong(Diagnostic::count)
                    .sum();
            Diagnostic first = d.items().stream().filter(i -> i.severity() == Severity.ERROR).findFirst().orElseThrow();
            lines.add(m.trace().source() + ": loaded with " + errors + (errors == 1 ? " error" : " errors")
                    + " (first: " + first.message() + (first.firstOffset() >= 0 ? ", at byte " + first.firstOffset()
                    : "") + ")");
        }
        return lines;
    }

    /**
     * Why a rules file (given with {@code --rules} or {@code --param rules=FILE}) cannot be used, naming it, or
     * null when it reads as a rule set.
     */
    static String rulesProblem(Path rules) {
        if (!Files.isRegularFile(rules)) {
            return "rules file " + rules + ": " + (Files.exists(rules) ? "is not a file" : "no such file");
        }
        if (!Files.isReadable(rules)) {
            return "rules file " + rules + ": permission denied";
        }
        try {
            RuleSet.load(rules);
            return null;
        } catch (IOException e) {
            String m = oneLine(e.getMessage() == null ? e.toString() : e.getMessage());
            return "rules file " + (m.startsWith(rules.toString()) ? m : rules + ": " + m);
        } catch (RuntimeException e) {
            return "rules file " + rules + ": cannot be read as rules (" + e.getMessage() + ")";
        }
    }

    /** A parser's message on one line, keeping the "line: L, column: C" of its location. */
    private static String oneLine(String m) {
        int nl = m.indexOf('\n');
        if (nl < 0) {
            return m;
        }
        int at = m.indexOf("line: ", nl);
        int end = at < 0 ? -1 : m.indexOf(']', at);
        return m.substring(0, nl) + (end < 0 ? "" : " (at " + m.substring(at, end) + ")");
    }

    /** The rules files named by {@code --param rules=FILE} or {@code --param ANALYSIS.rules=FILE}. */
    static List<Path> rulesParameters(Map<String, String> params) {
        List<Path> files = new ArrayList<>();
        params.forEach((k, v) -> {
            if (k.equals("rules") || k.endsWith(".rules")) {
                files.add(Path.of(v));
            }
        });
        return files;
    }
}
