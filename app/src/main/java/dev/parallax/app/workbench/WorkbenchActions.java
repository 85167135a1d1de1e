package dev.parallax.app.workbench;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The window actions the workbench's menus and toolbar trigger; {@code showView} shows a contributed view for
 * the chosen set.
 */
record WorkbenchActions(Runnable chooseFiles, Runnable chooseFolder, Runnable openSamples, Consumer<List<Path>> open,
                        Runnable closeAll, Runnable quit, Runnable exportReport, Runnable fit, Runnable showAnalyses,
                        Runnable showCostModel, Runnable showLog, Consumer<String> runAnalysis,
                        Consumer<String> showView, Runnable focusTimeline, Runnable shiftClock) {
}
