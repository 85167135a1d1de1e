package dev.parallax.app.spi;

import java.util.List;

/**
 * Subcommands a plugin adds to the {@code parallax} command line, e.g. the GPU profiler's {@code profile} and
 * {@code gpus}. Registered with {@link java.util.ServiceLoader} in
 * {@code META-INF/services/dev.parallax.app.spi.CommandContribution} on the application's class path; each
 * object returned is a picocli command (a class annotated with {@code @Command}), added under its own name
 * unless Parallax already has a subcommand of that name.
 */
public interface CommandContribution {
    /** New instances of the picocli commands to add. */
    List<Object> commands();
}
