package dev.parallax.plugin;

/**
 * An extension that threw while Parallax used it: the plugin (or, for built-ins, just that extension) is
 * disabled for the rest of the session.
 *
 * @param pluginId the plugin's id
 * @param extensionId the importer or analysis that failed
 * @param phase what it was doing: {@code sniff}, {@code load}, {@code run}, {@code discovery}
 * @param message one line naming the plugin, the extension and the error
 */
public record PluginFault(String pluginId, String extensionId, String phase, String message) {
}
