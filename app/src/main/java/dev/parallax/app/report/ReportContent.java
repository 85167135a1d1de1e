package dev.parallax.app.report;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.trace.TraceSet;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a report shows: the trace set, the analysis results, the sections chosen, and optionally the
 * user's current selection for a second timeline snapshot.
 *
 * @param selectionStart start of the selected time range (ns), or -1 for none
 * @param selectionEnd end of the selected time range (ns), or -1
 */
public record ReportContent(String title, TraceSet traces, List<Result> results, Set<Section> sections,
                            ZonedDateTime date, long selectionStart, long selectionEnd) {

    /** The parts of a report a user can include or leave out. */
    public enum Section {
        SUMMARY("Executive summary"),
        ANALYSES("Analysis sections"),
        TIMELINE("Timeline snapshots"),
        DIAGNOSTICS("Load diagnostics appendix");

        private final String label;

        Section(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public ReportContent {
        results = List.copyOf(results);
        sections = sections.isEmpty() ? EnumSet.noneOf(Section.class) : EnumSet.copyOf(sections);
    }

    /** A report with every section and no selection. */
    public static ReportContent of(TraceSet traces, List<Result> results) {
        return new ReportContent("Performance report", traces, results, EnumSet.allOf(Section.class),
                ZonedDateTime.now(), -1, -1);
    }

    public boolean hasSelection() {
        return selectionStart >= 0 && selectionEnd > selectionStart;
    }

    public boolean includes(Section s) {
        return sections.contains(s);
    }

    /**
     * The (at most) {@code n} findings of {@code results} with the largest estimated gain, largest first, each
     * with its result; findings without a gain estimate are left out.
     */
    public static List<Map.Entry<Result, Finding>> largestGains(List<Result> results, int n) {
        List<Map.Entry<Result, Finding>> withGain = new ArrayList<>();
        for (Result r : results) {
            for (Finding f : r.findings()) {
                if (f.hasGain() && f.gainNs() > 0) {
                    withGain.add(Map.entry(r, f));
                }
            }
        }
        withGain.sort(Comparator.comparingLong((Map.Entry<Result, Finding> e) -> e.getValue().gainNs()).reversed());
        return List.copyOf(withGain.subList(0, Math.min(n, withGain.size())));
    }
}
