package dev.parallax.app.pipeline;

import dev.parallax.analysis.bubbles.BubbleAnalysis;
import dev.parallax.analysis.bubbles.StageMap;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.view.ViewInput;
import dev.parallax.trace.TraceSet;
import javafx.scene.Node;

import java.util.List;

/**
 * The workbench's "Pipeline" view: the {@code bubbles} analysis as a measured-versus-simulated schedule diagram
 * ({@link BubblesView}); prepared as soon as a trace set with pipeline process groups opens.
 */
public final class PipelineViewFactory implements ResultViewFactory {
    @Override
    public String id() {
        return "pipeline";
    }

    @Override
    public String title() {
        return "Pipeline";
    }

    @Override
    public String description() {
        return "Pipeline bubbles: open all ranks of a pipeline-parallel job (the bundled sample "
                + "pipeline-1f1b-pp4-tp2 shows one), then run this view on the chosen trace set.";
    }

    @Override
    public List<String> analysisIds() {
        return List.of(BubbleAnalysis.ID);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public boolean openOnLoad(TraceSet set) {
        return StageMap.fromProcessGroups(set).isPresent();
    }

    @Override
    public Node create(ViewInput input, ViewContext context) {
        BubblesView view = new BubblesView(loc -> context.select(input.set(), loc));
        view.show(input.result());
        return view;
    }
}
