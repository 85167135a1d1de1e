package dev.parallax.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was skipped or repaired while a file loaded: one aggregated {@link Diagnostic} per kind of
 * problem, whether the file was cut off and how many bytes were lost after the last complete event.
 */
public final class LoadDiagnostics {
    private final String file;
    private final List<Diagnostic> items;
    private final boolean truncated;
    private final long bytesLost;

    public LoadDiagnostics(String file, List<Diagnostic> items, boolean truncated, long bytesLost) {
        this.file = file;
        this.items = List.copyOf(items);
        this.truncated = truncated;
        this.bytesLost = bytesLost;
    }

    public String file() {
        return file;
    }

    public List<Diagnostic> items() {
        return items;
    }

    public boolean truncated() {
        return truncated;
    }

    /** Bytes after the last complete event of a cut-off file (0 when complete). */
    public long bytesLost() {
        return bytesLost;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public boolean hasErrors() {
        return items.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** Number of problems of kind {@code code} (0 when none). */
    public long count(String code) {
        return items.stream().filter(d -> d.code().equals(code)).mapToLong(Diagnostic::count).sum();
    }

    /** Lines as {@link Diagnostic#format(String)} prints them. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Diagnostic d : items) {
            out.add(d.format(file));
        }
        return out;
    }

    /** Collects diagnostics during a load, one aggregate per code. */
    public static final class Builder {
        private final String file;
        private final Map<String, Diagnostic> byCode = new LinkedHashMap<>();
        private boolean truncated;
        private long bytesLost;

        public Builder(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }

        /** Records one occurrence; the first message and offset of each code are kept. */
        public void report(Severity severity, String code, String message, long offset) {
            Diagnostic d = byCode.get(code);
            if (d == null) {
                byCode.put(code, new Diagnostic(severity, code, message, offset, 1));
            } else {
                Severity s = severity.compareTo(d.severity()) > 0 ? severity : d.severity();
                byCode.put(code, new Diagnostic(s, code, d.message(), d.firstOffset(), d.count() + 1));
            }
        }

        /** Records one occurrence of a registered case, with the severity the registry gives it. */
        public void report(DiagnosticCode code, String message, long offset) {
            report(code.severity(), code.id(), message, offset);
        }

        /** Records one occurrence of a registered case with another severity than its default. */
        public void report(Severity severity, DiagnosticCode code, String message, long offset) {
            report(severity, code.id(), message, offset);
        }

        /** Records {@code n} occurrences of a registered case at once. */
        public void reportMany(DiagnosticCode code, String message, long offset, long n) {
            reportMany(code.severity(), code.id(), message, offset, n);
        }

        /** Records {@code n} occurrences at once. */
        public void reportMany(Severity severity, String code, String message, long offset, long n) {
            if (n <= 0) {
                return;
            }
            Diagnostic d = byCode.get(code);
            long before = d == null ? 0 : d.count();
            report(severity, code, message, offset);
            Diagnostic now = byCode.get(code);
            byCode.put(code, new Diagnostic(now.severity(), code, now.message(), now.firstOffset(), before + n));
        }

        public void markTruncated(long lostBytes) {
            truncated = true;
            bytesLost = Math.max(bytesLost, lostBytes);
        }

        public boolean isTruncated() {
            return truncated;
        }

        public LoadDiagnostics build() {
            return new LoadDiagnostics(file, new ArrayList<>(byCode.values()), truncated, bytesLost);
        }
    }
}
