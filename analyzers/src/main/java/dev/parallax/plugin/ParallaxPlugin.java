package dev.parallax.plugin;

/**
 * Describes a plugin jar to its users: registered in the jar's
 * {@code META-INF/services/dev.parallax.plugin.ParallaxPlugin}. Optional: a jar that only registers
 * extensions ({@link dev.parallax.trace.io.TraceImporter}, {@link dev.parallax.analysis.Analysis},
 * {@link CatalogContribution}) is a plugin too, named after its file.
 */
public interface ParallaxPlugin {
    /** Name shown in the Plugins dialog and in {@code parallax plugins}. */
    String name();

    /** The plugin's own version, e.g. {@code 1.2.0}. */
    String version();

    /** One sentence: what the plugin adds. */
    String description();
}
