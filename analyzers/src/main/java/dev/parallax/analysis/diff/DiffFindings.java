package dev.parallax.analysis.diff;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The findings of a comparison, each with a stable code: {@code run-slower} / {@code run-faster} /
 * {@code runs-equal} for the step time; {@code operator-slower}, {@code kernel-slower}, {@code host-wait-grew},
 * {@code idle-grew} (and their {@code -faster} / {@code -shrank} counterparts) for the parts that explain the
 * delta, with the part's delta as the gain; {@code more-launches} / {@code fewer-launches};
 * {@code only-in-a} / {@code only-in-b} for operators or kernels present on one side; {@code
 * kernel-names-differ} when kernels hardly match by name (another vendor or library); {@code steps-paired-by-order}.
 */
final class DiffFindings {
    /** Step-time deltas below this share of A are "equal". */
    private static final double EQUAL_PCT = 1.0;

    private DiffFindings() {
    }

    static void add(Result.Builder out, Comparison c, List<Comparison.Part> parts, List<Comparison.Merged> ops,
                    List<Comparison.Merged> kernels, double kernelsA, double kernelsB, double launchesA,
                    double launchesB) {
        double ta = c.stepTimeA();
        double tb = c.stepTimeB();
        double delta = tb - ta;
        Double pct = DiffResult.pct(delta, ta);
        boolean slower = delta > 0;
        if (pct == null || Math.abs(pct) < EQUAL_PCT) {
            out.finding(Finding.of("runs-equal", Severity.INFO,
                    String.format(Locale.ROOT, "Step time is the same within %.0f %% (%s in A, %s in B)", EQUAL_PCT,
                            DiffResult.ms(ta), DiffResult.ms(tb)),
                    "The mean step time of the paired steps differs by less than " + EQUAL_PCT + " %.",
                    "Look at the operator and kernel tables for changes that cancel out."));
        } else {
            out.finding(Finding.of(slower ? "run-slower" : "run-faster", slower ? Severity.WARNING : Severity.INFO,
                    String.format(Locale.ROOT, "B is %.1f %% %s per step: %s vs %s (%s%s)", Math.abs(pct),
                            slower ? "slower" : "faster", DiffResult.ms(tb), DiffResult.ms(ta), slower ? "+" : "−",
                            DiffResult.ms(Math.abs(delta))),
                    "Mean step time over " + c.stepsPerRank() + " paired step(s) and " + c.pairs().size()
                            + " rank pair(s); the explanation table splits the delta into operators or kernels and idle time.",
                    slower ? "Start with the largest parts of the explanation table." : "Nothing to fix; the parts show what improved.")
                    .withGainNs(slower ? Math.round(delta) : -1));
            for (Comparison.Part p : DiffResult.top(parts, 5)) {
                if (Math.signum(p.delta()) != Math.signum(delta)
                        || Math.abs(p.delta()) < DiffResult.explainShare() * Math.abs(delta)) {
                    continue;
                }
                out.finding(partFinding(p, delta));
            }
        }
        if (kernelsA > 0 && kernelsB >= 1.5 * kernelsA && kernelsB - kernelsA >= 10) {
            out.finding(Finding.of("more-launches", Severity.WARNING,
                    String.format(Locale.ROOT, "B launches %.1f× as many device events per step (%.0f vs %.0f): "
                            + "CUDA graphs disabled?", kernelsB / kernelsA, kernelsB, kernelsA),
                    String.format(Locale.ROOT, "Launch calls per step: %.0f in A, %.0f in B. More, smaller kernels "
                            + "cost launch overhead and leave the GPU waiting for the host.", launchesA, launchesB),
                    "Check that CUDA graphs (torch.compile mode=\"reduce-overhead\", the engine's graph capture) and "
                            + "kernel fusion are on in B as in A."));
        } else if (kernelsB > 0 && kernelsA >= 1.5 * kernelsB && kernelsA - kernelsB >= 10) {
            out.finding(Finding.of("fewer-launches", Severity.INFO,
                    String.format(Locale.ROOT, "B launches %.1f× fewer device events per step (%.0f vs %.0f)",
                            kernelsA / kernelsB, kernelsB, kernelsA),
                    "Fewer launches usually mean fused kernels or CUDA graphs.", "None."));
        }
        onlyOn(out, c, c.operatorLevel() ? ops : kernels, c.operatorLevel() ? "operator" : "kernel");
        double matchedA = 0;
        double totalA = 0;
        for (Comparison.Merged k : kernels) {
            totalA += k.totalA();
            if (k.countB() > 0) {
                matchedA += k.totalA();
            }
        }
        if (totalA > 0 && matchedA < 0.5 * totalA) {
            out.finding(Finding.of("kernel-names-differ", Severity.INFO,
                    String.format(Locale.ROOT, "Only %.0f %% of A's kernel time has a kernel of the same name in B",
                            100 * matchedA / totalA),
                    "The runs use other kernels (another GPU vendor, library or compiler): compare them per operator.",
                    c.operatorLevel() ? "The explanation is per operator." : "Record both runs with the PyTorch "
                            + "profiler's CPU activity so that kernels can be matched through their operators."));
        }
        if (c.stepPairing() == TraceDiff.StepPairing.ORDER) {
            out.finding(Finding.of("steps-paired-by-order", Severity.INFO,
                    "Steps were paired by order, not by ProfilerStep number",
                    "The step numbers of the two runs differ (or ranges were chosen per side)." + notes(c),
                    "Choose the steps per side with --steps-a and --steps-b if another pairing is meant."));
        } else if (!c.notes().isEmpty()) {
            out.finding(Finding.of("pairing-notes", Severity.INFO, "Not everything could be paired",
                    String.join("; ", c.notes()), "Choose ranks with --ranks A:B."));
        }
    }

    private static String notes(Comparison c) {
        return c.notes().isEmpty() ? "" : " " + String.join("; ", c.notes()) + ".";
    }

    private static Finding partFinding(Comparison.Part p, double total) {
        boolean grew = p.delta() > 0;
        String of = String.format(Locale.ROOT, "%s of the %s %s", DiffResult.ms(Math.abs(p.delta())),
                DiffResult.ms(Math.abs(total)), total > 0 ? "regression" : "improvement");
        Severity sev = grew ? Severity.WARNING : Severity.INFO;
        long gain = grew ? Math.round(p.delta()) : -1;
        if (p.kind().equals("idle")) {
            boolean host = p.name().contains("host wait");
            String code = host ? (grew ? "host-wait-grew" : "host-wait-shrank") : (grew ? "idle-grew" : "idle-shrank");
            return Finding.of(code, sev,
                    String.format(Locale.ROOT, "GPU %s is %s %s per step in B, %s", p.name(), grew ? "up" : "down",
                            DiffResult.ms(Math.abs(p.delta())), of),
                    host ? "The device sits idle waiting for the host to launch work." : "The device sits idle for "
                            + "reasons other than launches: synchronisation, waits on other streams or ranks.",
                    host ? "Reduce host overhead in B: CUDA graphs, fewer and fused kernels, less Python per step."
                            : "Look for new synchronisations (item(), .cpu(), stream waits) or slower peers.")
                    .withGainNs(gain);
        }
        Double rel = DiffResult.pct(p.delta(), p.a());
        String change = p.a() == 0 ? "is new in B" : p.b() == 0 ? "is gone in B"
                : String.format(Locale.ROOT, "takes %.0f %% %s in B", Math.abs(rel), grew ? "longer" : "less");
        String code = p.kind() + (grew ? "-slower" : "-faster");
        return Finding.of(code, sev, String.format(Locale.ROOT, "%s %s, %s", p.name(), change, of),
                String.format(Locale.ROOT, "Its share of the GPU's busy time per step: %s in A, %s in B.",
                        DiffResult.ms(p.a()), DiffResult.ms(p.b())),
                grew ? "Compare its kernels, shapes and launch configuration between the runs."
                        : "Nothing to fix: this part improved.")
                .withGainNs(gain);
    }

    private static void onlyOn(Result.Builder out, Comparison c, List<Comparison.Merged> list, String what) {
        for (int side = 0; side < 2; side++) {
            List<String> names = new ArrayList<>();
            double sum = 0;
            for (Comparison.Merged m : list) {
                if (m.onlyIn().equals(side == 0 ? "a" : "b")) {
                    names.add(m.key());
                    sum += side == 0 ? m.totalA() : m.totalB();
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            double perStep = sum * c.scale();
            String s = side == 0 ? "A" : "B";
            out.finding(Finding.of(side == 0 ? "only-in-a" : "only-in-b", Severity.INFO,
                    String.format(Locale.ROOT, "%d %s name%s only in %s (%s per step)", names.size(), what,
                            names.size() == 1 ? "" : "s", s, DiffResult.ms(perStep)),
                    "These run on one side only: " + String.join(", ", DiffResult.top(names, 5))
                            + (names.size() > 5 ? ", ..." : "") + ".",
                    "A changed code path, library or configuration; check that it is intended.")
                    .withDetails(names));
        }
    }
}
