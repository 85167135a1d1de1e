package dev.parallax.gpu.cli;

import dev.parallax.app.spi.CommandContribution;

import java.util.List;

/** Adds {@code parallax profile} and {@code parallax gpus} to the command line. */
public final class ProfilerCommands implements CommandContribution {
    @Override
    public List<Object> commands() {
        return List.of(new ProfileCommand(), new GpusCommand());
    }
}
