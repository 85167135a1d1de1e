package dev.parallax.app.criticalpath;

import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.criticalpath.CriticalPathAnalysis;
import dev.parallax.app.timeline.SliceRef;
import javafx.scene.control.MenuItem;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The timeline's right-click actions on a slice that ask the critical-path analysis "what if this ran
 * faster?": every slice with the same name in the slice's profiler step made 2× faster, the path recomputed,
 * and the gain reported.
 */
public final class WhatIfMenu {
    private WhatIfMenu() {
    }

    /** The menu items for {@code slice}; {@code run} runs the critical-path analysis with the given parameters. */
    public static List<MenuItem> items(SliceRef slice, Consumer<Map<String, String>> run) {
        String name = slice.trace().string(slice.sliceTrack().name(slice.row()));
        MenuItem twice = new MenuItem("What if 2× faster?");
        twice.setOnAction(e -> run.accept(CriticalPathAnalysis.whatIfParameters(slice.trace(), slice.rank(),
                slice.start(), name, 2)));
        return List.of(twice);
    }

    /** One line for the status bar: the what-if's summary, or why there is none. */
    public static String summary(Result r) {
        if (!r.applies()) {
            return "Critical path: " + r.applicability().reason();
        }
        return r.findings().stream().filter(f -> f.code().equals(CriticalPathAnalysis.WHAT_IF)).findFirst()
                .map(Finding::summary).orElse("Critical path computed");
    }
}
