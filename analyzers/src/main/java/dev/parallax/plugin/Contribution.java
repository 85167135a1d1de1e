package dev.parallax.plugin;

/**
 * One extension a plugin contributes, as listed to users.
 *
 * @param kind importer, analysis or catalog
 * @param id the extension's id (importer or analysis id, catalog name)
 * @param description one line for users
 */
public record Contribution(Kind kind, String id, String description) {
    /** The extension points of Parallax. */
    public enum Kind {
        IMPORTER,
        ANALYSIS,
        CATALOG
    }
}
