package dev.parallax.plugin;

import java.util.List;

/**
 * Extension point for catalogs of data (hardware specs, model architectures) that the theoretical models
 * read. A plugin hands over resources (usually JSON inside its own jar, found with
 * {@code getClass().getResource(...)}); the catalog format itself belongs to the models package.
 * Registered in {@code META-INF/services/dev.parallax.plugin.CatalogContribution}.
 */
public interface CatalogContribution {
    /** The catalog resources this plugin provides. */
    List<CatalogResource> catalogs();
}
