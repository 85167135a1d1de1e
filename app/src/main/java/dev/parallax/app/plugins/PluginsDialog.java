package dev.parallax.app.plugins;

import dev.parallax.plugin.PluginRegistry;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;

/**
 * Help > Plugins: lists what is loaded, from where and what it contributes, and lets the user disable or
 * enable a plugin. Its result is the registry after the user's changes (the caller swaps it in).
 */
public final class PluginsDialog extends Dialog<PluginRegistry> {
    private final PluginsPane pane;

    public PluginsDialog(PluginRegistry registry) {
        this.pane = new PluginsPane(registry);
        setTitle("Plugins");
        setHeaderText("Importers, analyses and catalogs: built in, and from plugin jars");
        setResizable(true);
        getDialogPane().setContent(pane);
        getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        setResultConverter(button -> pane.registry());
    }

    public PluginsPane pane() {
        return pane;
    }
}
