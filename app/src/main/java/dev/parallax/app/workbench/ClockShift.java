package dev.parallax.app.workbench;

import dev.parallax.trace.TraceSet;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.TextInputDialog;
import javafx.stage.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manual clock offset: moves one rank of a trace set (a vLLM log or a Prometheus scrape that could not be
 * put on the trace's clock) by a typed offset such as "-3600 s" or "250 ms", through {@code Trace.shifted}.
 */
final class ClockShift {
    private static final Pattern OFFSET = Pattern.compile(
            "\\s*([-+]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?)\\s*(ns|us|µs|ms|s|min|h)?\\s*");

    private ClockShift() {
    }

    /** {@code set} with the trace of {@code rank} moved by {@code deltaNs}; the other ranks are kept as they are. */
    static TraceSet shift(TraceSet set, int rank, long deltaNs) {
        List<TraceSet.Member> members = new ArrayList<>();
        boolean found = false;
        for (TraceSet.Member m : set.members()) {
            if (m.rank() == rank) {
                members.add(new TraceSet.Member(m.trace().shifted(deltaNs), m.rank(), m.rankSource()));
                found = true;
            } else {
                members.add(m);
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no rank " + rank + " in " + set.name());
        }
        return new TraceSet(set.name(), members);
    }

    /** An offset typed by a person in ns: "250 ms", "-1.5 s", "3600" (seconds without a unit), "2 min", "1 h". */
    static Optional<Long> parse(String text) {
        Matcher m = OFFSET.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double scale = switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "min" -> 60e9;
            case "h" -> 3600e9;
            default -> 1e9;
        };
        double ns = v * scale;
        return Double.isFinite(ns) && Math.abs(ns) < 9e18 ? Optional.of(Math.round(ns)) : Optional.empty();
    }

    /**
     * Asks which rank of {@code set} to move (when it has several) and by how much; empty when cancelled or
     * when the offset is not understood.
     */
    static Optional<long[]> ask(Window owner, TraceSet set) {
        int rank = set.members().get(0).rank();
        if (set.size() > 1) {
            List<String> choices = new ArrayList<>();
            for (TraceSet.Member m : set.members()) {
                choices.add(label(m));
            }
            ChoiceDialog<String> which = new ChoiceDialog<>(choices.get(choices.size() - 1), choices);
            which.initOwner(owner);
            which.setTitle("Shift Clock");
            which.setHeaderText("Which rank of " + set.name() + " is on another clock?");
            Optional<String> picked = which.showAndWait();
            if (picked.isEmpty()) {
                return Optional.empty();
            }
            rank = set.members().get(choices.indexOf(picked.get())).rank();
        }
        TextInputDialog d = new TextInputDialog("0 s");
        d.initOwner(owner);
        d.setTitle("Shift Clock");
        d.setHeaderText("Move rank " + rank + " of " + set.name() + " in time by (e.g. -3600 s, 250 ms):");
        Optional<String> typed = d.showAndWait();
        if (typed.isEmpty()) {
            return Optional.empty();
        }
        int chosen = rank;
        return parse(typed.get()).map(ns -> new long[] {chosen, ns});
    }

    private static String label(TraceSet.Member m) {
        return "Rank " + m.rank() + ": " + m.trace().source();
    }
}
