package dev.parallax.app.serving;

import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Result;
import dev.parallax.app.view.ResultViewFactory;
import dev.parallax.app.view.ViewContext;
import dev.parallax.app.view.ViewInput;
import dev.parallax.serving.KvCacheAnalysis;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.scene.Node;

import java.util.List;

/**
 * The workbench's "Serving" view: the {@code kvcache} analysis, run through the plugin registry, shown as the
 * KV-cache, latency and step tabs of a {@link ServingPanel}; clicking a point of a chart moves the timeline there.
 */
public final class ServingViewFactory implements ResultViewFactory {
    @Override
    public String id() {
        return "serving";
    }

    @Override
    public String title() {
        return "Serving";
    }

    @Override
    public String description() {
        return "Serving: KV-cache occupancy, request latencies and inference steps of a serving trace, vLLM log or "
                + "Prometheus scrapes.";
    }

    @Override
    public List<String> analysisIds() {
        return List.of(KvCacheAnalysis.ID);
    }

    @Override
    public int order() {
        return 200;
    }

    @Override
    public ViewInput prepare(TraceSet set, ViewContext context, Progress progress) {
        ParameterValues p = ParameterValues.defaults();
        Result r = context.run(KvCacheAnalysis.ID, set, p, progress);
        if (!r.applies()) {
            return ViewInput.of(set, r);
        }
        progress.checkCancelled();
        return new ViewInput(set, r, new KvCacheAnalysis().series(set, p));
    }

    @Override
    public Node create(ViewInput input, ViewContext context) {
        TraceSet set = input.set();
        return new ServingPanel(new ServingPanel.Data(input.result(),
                input.data(dev.parallax.serving.ServingTimeline.class)), at -> {
                    long half = Math.max(1_000_000L, (set.maxTime() - set.minTime()) / 50);
                    context.showRange(set, at - half, at + half);
                });
    }
}
