package dev.parallax.plugin;

import java.util.List;

/**
 * What the registry knows about one plugin: where it came from, what it contributes and whether it is in use.
 *
 * @param id stable id: the jar's file name without {@code .jar}, or {@code built-in}
 * @param name display name (from {@link ParallaxPlugin}, else the id)
 * @param version the plugin's version, or {@code ""} when it does not say
 * @param location the jar's path, or {@code built-in}
 * @param contributions the extensions it provides (those that loaded)
 * @param state whether it is in use, and if not why
 * @param problem why it is disabled or what went wrong (naming the extension), or null
 */
public record PluginInfo(String id, String name, String version, String description, String location,
                         boolean builtIn, List<Contribution> contributions, State state, String problem) {
    /** Whether a plugin is in use. */
    public enum State {
        ENABLED("enabled"),
        /** Turned off by the user (persisted in plugins.json); its jar is not loaded. */
        DISABLED_BY_USER("disabled"),
        /** Failed to load or an extension threw; the rest of Parallax keeps working without it. */
        FAILED("failed");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The one word shown to the user: {@code enabled}, {@code disabled} or {@code failed}. */
        public String label() {
            return label;
        }
    }

    public PluginInfo {
        contributions = List.copyOf(contributions);
    }

    public boolean enabled() {
        return state == State.ENABLED;
    }

    PluginInfo with(State newState, String newProblem) {
        return new PluginInfo(id, name, version, description, location, builtIn, contributions, newState, newProblem);
    }
}
