package dev.parallax.app;

import dev.parallax.app.cli.Cli;
import dev.parallax.app.cli.ParallaxCommand;

/**
 * Entry point of the one jar: with a subcommand it runs the command line; with none, the workbench.
 * It does not extend {@code Application}, so the jar runs from a plain class path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        ImportJit.apply(args);
        int code = Cli.run(args);
        if (code != ParallaxCommand.KEEP_RUNNING) {
            System.exit(code);
        }
    }
}
