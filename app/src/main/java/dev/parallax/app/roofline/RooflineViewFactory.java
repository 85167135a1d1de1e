package dev.parallax.app.roofline;

import dev.parallax.analysis.roofline.RooflineAnalysis;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.view.ViewInput;
import javafx.scene.Node;

import java.util.List;

/**
 * The workbench's "Roofline" view: the {@code roofline} analysis as a log-log roofline chart (one point per operator
 * group, sized by its kernel time; a click selects its slowest call on the timeline) above the sortable group table.
 */
public final class RooflineViewFactory implements ResultViewFactory {
    @Override
    public String id() {
        return "roofline";
    }

    @Override
    public String title() {
        return "Roofline";
    }

    @Override
    public String description() {
        return "Operator roofline: open a PyTorch profiler trace recorded with record_shapes=True, then run this view "
                + "to see each operator group's achieved FLOP/s against the GPU's roofs.";
    }

    @Override
    public List<String> analysisIds() {
        return List.of(RooflineAnalysis.ID);
    }

    @Override
    public int order() {
        return 300;
    }

    @Override
    public Node create(ViewInput input, ViewContext context) {
        return new RooflineView(input.result(), loc -> context.select(input.set(), loc));
    }
}
