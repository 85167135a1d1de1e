package org.example.parallax;

import dev.parallax.plugin.ParallaxPlugin;

/** Tells Parallax the name, version and purpose of this plugin (shown by {@code parallax plugins}). */
public final class ExamplePlugin implements ParallaxPlugin {
    @Override
    public String name() {
        return "Launch overhead (example)";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public String description() {
        return "Flags GPU kernels that run for less time than the CUDA call that launched them.";
    }
}
