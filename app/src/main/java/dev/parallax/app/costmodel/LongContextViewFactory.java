package dev.parallax.app.costmodel;

import dev.parallax.analysis.longctx.LongContextProjectionAnalysis;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.view.ViewInput;
import javafx.scene.Node;

import java.util.List;

/**
 * The workbench's "Long context" view, the Cost Model for an opened trace set: the {@code longctx-projection}
 * analysis of the set, with its parameters editable ({@link LongContextPanel}).
 */
public final class LongContextViewFactory implements ResultViewFactory {
    @Override
    public String id() {
        return "longctx";
    }

    @Override
    public String title() {
        return "Long context";
    }

    @Override
    public String description() {
        return "Long context: what this trace's model will cost at 32K, 128K, 1M tokens — prefill and decode time "
                + "by operator class against the context length, the KV cache against HBM, and the concurrency "
                + "that fits, keeping each operator's measured efficiency.";
    }

    @Override
    public List<String> analysisIds() {
        return List.of(LongContextProjectionAnalysis.ID);
    }

    @Override
    public int order() {
        return 320;
    }

    @Override
    public Node create(ViewInput input, ViewContext context) {
        return new LongContextPanel(input.set(), input.result(), context);
    }
}
