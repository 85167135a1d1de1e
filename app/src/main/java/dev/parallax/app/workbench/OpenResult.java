package dev.parallax.app.workbench;

import dev.parallax.trace.TraceSet;

import java.util.List;

/**
 * What opening some paths produced: the trace sets loaded, the files refused (each message names the file
 * and why), and the load diagnostics of the files that did load (recovered truncation, skipped events).
 */
public record OpenResult(List<TraceSet> sets, List<String> refused, List<String> diagnostics) {
    public OpenResult {
        sets = List.copyOf(sets);
        refused = List.copyOf(refused);
        diagnostics = List.copyOf(diagnostics);
    }
}
