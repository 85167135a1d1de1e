package dev.parallax.plugin;

import java.net.URL;
import java.util.Objects;

/**
 * One catalog resource contributed by a plugin.
 *
 * @param kind what the resource describes
 * @param name its name, e.g. {@code h100-sxm} or {@code llama-3-70b}
 * @param url where to read it (typically a resource in the plugin's jar)
 */
public record CatalogResource(Kind kind, String name, URL url) {
    /** What a catalog describes. */
    public enum Kind {
        HARDWARE,
        MODEL
    }

    public CatalogResource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }
}
