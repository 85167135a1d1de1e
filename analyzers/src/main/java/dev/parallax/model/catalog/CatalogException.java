package dev.parallax.model.catalog;

/** A catalog file or a model config that cannot be read; the message names the file and the position. */
public class CatalogException extends RuntimeException {
    public CatalogException(String message) {
        super(message);
    }

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
