package dev.parallax.util;

import java.io.IOException;

/** A consumer whose body may throw {@link IOException}, such as the writer of a file's content. */
@FunctionalInterface
public interface IoConsumer<T> {
    /** Consumes {@code value}. */
    void accept(T value) throws IOException;
}
