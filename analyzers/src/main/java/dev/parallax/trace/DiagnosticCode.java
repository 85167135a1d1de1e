package dev.parallax.trace;

import java.util.Locale;

/**
 * The registry of load-diagnostic codes, one place for every problem an importer can report (as
 * Perfetto's {@code stats.h} lists its import stats): a stable id that tests, the JSON output and the
 * diagnostics appendix use, the severity it is reported with, and a one-line description of the case.
 * Importers report through {@link LoadDiagnostics.Builder#report(DiagnosticCode, String, long)}, never
 * with a string literal.
 */
public enum DiagnosticCode {
    // Reading the file as a whole
    EMPTY(Severity.ERROR, "the file has no content"),
    NOT_A_TRACE(Severity.ERROR, "the document is valid JSON but not a Chrome trace"),
    NO_EVENTS(Severity.ERROR, "a JSON object without a traceEvents array"),
    WRONG_TYPE(Severity.ERROR, "a top-level member has the wrong JSON type (e.g. traceEvents not an array)"),
    SYNTAX_ERROR(Severity.ERROR, "malformed JSON: reading stopped, events before it kept"),
    LIMIT_EXCEEDED(Severity.ERROR, "a value exceeds the parser's size limits: reading stopped"),
    DECOMPRESSED_SIZE_LIMIT(Severity.ERROR, "a compressed file expands past the size limit: reading stopped"),
    IMPORT_FAILED(Severity.ERROR, "an unexpected failure while reading: reading stopped, events before it kept"),
    TRUNCATED(Severity.WARNING, "the file ends inside the document (e.g. cut by a crash): complete events kept"),
    UNCLOSED_ARRAY(Severity.INFO, "the event array is not closed, which the format allows"),
    TRAILING_CONTENT(Severity.WARNING, "content after the end of the trace document: ignored"),
    METADATA_TRUNCATED(Severity.INFO, "a large top-level metadata object: only its first members kept"),
    BAD_METADATA(Severity.WARNING, "a metadata member (distributedInfo, deviceProperties, ...) could not be read"),
    // One event
    NOT_AN_EVENT(Severity.WARNING, "an element of the event array is not an object: skipped"),
    MISSING_PHASE(Severity.WARNING, "an event without \"ph\": skipped"),
    UNKNOWN_PHASE(Severity.INFO, "an event with a phase this reader does not show: counted and skipped"),
    BAD_TIME(Severity.WARNING, "an event without a valid \"ts\": skipped"),
    BAD_DURATION(Severity.WARNING, "a complete event with an invalid \"dur\": skipped"),
    MISSING_DURATION(Severity.INFO, "a complete event without \"dur\": kept as an instant"),
    NEGATIVE_DURATION(Severity.WARNING, "a complete event with a negative duration: dropped"),
    HUGE_NUMBER(Severity.INFO, "an argument too large for a double: kept as text"),
    COUNTER_NOT_NUMBER(Severity.WARNING, "a counter value that is not a finite number: skipped"),
    UNMATCHED_BEGIN(Severity.WARNING, "a begin (B) without its end (E): closed at the end of its track"),
    UNMATCHED_END(Severity.WARNING, "an end (E) with no open begin (B): dropped"),
    ASYNC_WITHOUT_ID(Severity.WARNING, "an async event without \"id\": skipped"),
    UNMATCHED_ASYNC_BEGIN(Severity.WARNING, "an async begin (b) without end (e): closed at the last async time"),
    UNMATCHED_ASYNC_END(Severity.WARNING, "an async end (e) with no open begin (b): dropped"),
    FLOW_WITHOUT_ID(Severity.WARNING, "a flow event without \"id\": skipped"),
    FLOW_UNBOUND(Severity.INFO, "a flow point with no slice to bind to at its time: dropped"),
    // Serving logs and metrics
    BAD_LINE(Severity.WARNING, "a log line that cannot be read: skipped"),
    STAT_LINE_WITHOUT_TIME(Severity.WARNING, "a vLLM stat line without a readable time stamp: skipped"),
    INCOMPLETE_STAT_LINE(Severity.WARNING, "a vLLM stat line without running requests or KV usage"),
    NO_STAT_LINES(Severity.WARNING, "a vLLM log without stat lines (stat logging disabled?)"),
    BAD_SAMPLE(Severity.WARNING, "a Prometheus sample that cannot be read: skipped"),
    // Nsight Systems exports
    NSIGHT_BAD_TIME(Severity.WARNING, "Nsight rows without a valid start/end: dropped"),
    NSIGHT_COLUMNS_ABSENT(Severity.INFO, "columns absent from this Nsight export (read as unknown)"),
    NSIGHT_TABLES_ABSENT(Severity.INFO, "tables absent from this Nsight export"),
    NSIGHT_NOT_IMPORTED(Severity.INFO, "Nsight event tables present but not imported"),
    NSIGHT_NOT_IN_RANK(Severity.INFO, "Nsight events of processes that belong to no rank: left out of the ranks"),
    NSIGHT_NVTX_OTHER(Severity.INFO, "NVTX registrations other than ranges and marks: not shown"),
    NSIGHT_RELATIVE_TIME(Severity.INFO, "Nsight times kept relative to the session start"),
    // Robustness: bounds and plausibility of untrusted text inputs
    LINE_TOO_LONG(Severity.WARNING, "a text line longer than the line limit (1 Mi characters): only its start read"),
    IMPLAUSIBLE_VALUE(Severity.WARNING, "a serving value outside its plausible range (KV usage over 100 %, a negative"
            + " or astronomically large count, a time stamp out of range): dropped"),
    // Plausibility of times, ids and values (trace model and importers)
    TIME_OVERFLOW(Severity.WARNING, "a time plus the file's clock offset passes the largest time: offset not applied"),
    BEGIN_AFTER_END(Severity.WARNING, "a begin (B) whose end (E) has an earlier time: both dropped"),
    NSIGHT_BAD_VALUE(Severity.WARNING, "Nsight values that are not integers or out of range: read as unknown");

    private final Severity severity;
    private final String doc;

    DiagnosticCode(Severity severity, String doc) {
        this.severity = severity;
        this.doc = doc;
    }

    /** The stable id, e.g. {@code unmatched-begin}: lower case, words joined by '-'. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The severity this case is reported with. */
    public Severity severity() {
        return severity;
    }

    /** One line: what the case is and what the importer did. */
    public String doc() {
        return doc;
    }

    /** The code with this id, or null. */
    public static DiagnosticCode byId(String id) {
        for (DiagnosticCode c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        return null;
    }
}
