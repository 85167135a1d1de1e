package dev.parallax.analysis.gpu;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.classify.KernelClass;
import dev.parallax.analysis.classify.RuleSet;
import dev.parallax.trace.Severity;
import dev.parallax.trace.StringPool;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * INFO findings that say where the chosen rules differ from Holistic Trace Analysis (HTA) — communication
 * kernels HTA would count as computation, sub-microsecond events kept, the last profiler step kept — or,
 * under the {@code hta} preset, what the HTA-compatible filters removed.
 */
public final class PresetNotes {
    /** Codes of the notes: filters of an HTA-compatible preset; communication HTA counts as compute; sub-µs
     * events kept; the last profiler step kept. */
    public static final String PRESET_FILTERS = "preset-filters";
    private PresetNotes() {
    }

    public static List<Finding> findings(List<RankProfile> profiles) {
        List<Finding> out = new ArrayList<>();
        if (profiles.isEmpty()) {
            return out;
        }
        RuleSet rules = profiles.get(0).rules();
        if (rules.dropLastProfilerStep() || rules.gpuEvents() == RuleSet.GpuEvents.STREAM_ARG) {
            long excluded = 0;
            long inverted = 0;
            boolean rounded = false;
            for (RankProfile p : profiles) {
                excluded += p.classes().excludedEvents();
                inverted += p.invertedByRounding();
                rounded |= p.rounded();
            }
            out.add(Finding.of("preset-filters", Severity.INFO, "Rules '" + rules.name() + "': " + excluded
                            + " device events dropped by the last-profiler-step filter"
                            + (rounded ? "; times rounded to whole microseconds" : ""),
                    rules.description() + (inverted > 0 ? " " + inverted
                            + " events became negative-length after rounding and were left out." : ""),
                    "Use the default preset (parallax) to keep every event at nanosecond precision."));
            return out;
        }
        RuleSet hta = RuleSet.preset("hta");
        TreeMap<String, Long> differing = new TreeMap<>();
        long subMicro = 0;
        boolean multiStep = false;
        for (RankProfile p : profiles) {
            subMicro += p.subMicrosecondEvents();
            multiStep |= p.classes().profilerStepNames() >= 2;
            StringPool pool = p.trace().strings();
            long[] perName = p.communicationEventsByName();
            for (int nm = 0; nm < perName.length; nm++) {
                if (perName[nm] > 0 && hta.classify(true, pool.get(nm), "") != KernelClass.COMMUNICATION) {
                    differing.merge(pool.get(nm), perName[nm], Long::sum);
                }
            }
        }
        if (!differing.isEmpty()) {
            long events = differing.values().stream().mapToLong(Long::longValue).sum();
            List<String> names = new ArrayList<>(differing.keySet());
            out.add(Finding.of("communication-beyond-hta", Severity.INFO, events + " communication events (" + names.size()
                            + " kernel names) that HTA would count as computation",
                    "Parallax recognises communication beyond HTA's ^nccl|^hip|^hccl|ncclKernel (e.g. DeepEP "
                            + "dispatch/combine, custom all-reduce kernels); here: "
                            + String.join(", ", names.subList(0, Math.min(5, names.size())))
                            + (names.size() > 5 ? ", ..." : "") + ".",
                    "Run with preset hta to reproduce HTA's numbers."));
        }
        if (subMicro > 0) {
            out.add(Finding.of("sub-microsecond-events", Severity.INFO, subMicro + " device events shorter than 1 µs kept at ns precision",
                    "HTA rounds fractional time stamps (start up, end down) to whole microseconds, which shortens "
                            + "or drops such events; Parallax keeps them exactly.",
                    "Run with preset hta to reproduce HTA's numbers."));
        }
        if (multiStep) {
            out.add(Finding.of("last-step-kept", Severity.INFO, "All profiler steps kept",
                    "HTA drops the device work launched from the last ProfilerStep when a trace holds two or more; "
                            + "Parallax keeps it.",
                    "Run with preset hta to reproduce HTA's numbers."));
        }
        return out;
    }
}
