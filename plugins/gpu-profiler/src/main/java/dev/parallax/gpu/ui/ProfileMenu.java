package dev.parallax.gpu.ui;

import dev.parallax.app.view.MenuContribution;
import dev.parallax.app.view.ViewContext;
import dev.parallax.trace.TraceSet;
import javafx.scene.control.MenuItem;

import java.util.List;

/**
 * The GPU profiler's "Profile" menu: Record GPU Metrics (live NVML counters on the timeline while recording)
 * and Launch and Trace (a traced launch, opened when it ends), contributed through {@link MenuContribution}.
 */
public final class ProfileMenu implements MenuContribution {
    @Override
    public String menu() {
        return "Profile";
    }

    @Override
    public List<MenuItem> items(ViewContext context) {
        ProfileActions[] actions = new ProfileActions[1];
        java.util.function.Supplier<ProfileActions> get = () -> {
            if (actions[0] == null) {
                actions[0] = new ProfileActions(context.owner(), context.home(), context::open,
                        new ProfileActions.LiveTraceSink() {
                            @Override
                            public void show(TraceSet set) {
                                context.showLive(set);
                            }

                            @Override
                            public void remove(TraceSet set) {
                                context.removeLive(set);
                            }
                        }, context::log);
            }
            return actions[0];
        };
        MenuItem record = new MenuItem("Record GPU Metrics…");
        record.setOnAction(e -> get.get().recordGpuMetrics());
        MenuItem launch = new MenuItem("Launch and Trace…");
        launch.setOnAction(e -> get.get().launchAndTrace());
        return List.of(record, launch);
    }
}
