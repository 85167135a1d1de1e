package dev.parallax.app.view;

import javafx.scene.control.MenuItem;

import java.util.List;

/**
 * Menu items a plugin adds to the workbench's menu bar, e.g. the GPU profiler's Profile menu. Registered with
 * {@link java.util.ServiceLoader} in {@code META-INF/services/dev.parallax.app.view.MenuContribution};
 * items of contributions naming the same menu are appended in discovery order to one menu, placed before Help.
 */
public interface MenuContribution {
    /** The menu's title, e.g. "Profile" (an existing menu such as "Analysis" is extended). */
    String menu();

    /** Creates the items, on the JavaFX thread, once per window; they act through {@code context}. */
    List<MenuItem> items(ViewContext context);
}
