package dev.parallax.gpu.ui;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the environment a user types for a launch: one {@code KEY=VALUE} per line, {@code #} comments. */
public final class EnvironmentText {
    private EnvironmentText() {
    }

    /** The variables, in order; a bad line throws with its line number and content. */
    public static Map<String, String> parse(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        String[] lines = text == null ? new String[0] : text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("environment line " + (i + 1) + ": expected KEY=VALUE, got \""
                        + line + "\"");
            }
            env.put(key, line.substring(eq + 1));
        }
        return env;
    }
}
