package dev.parallax.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parallax.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user's plugin choices, {@code ~/.parallax/plugins.json}: {@code {"disabled": ["plugin-id", ...]}}.
 * Written atomically (temporary file in the same folder, then an atomic move), so a crash never leaves a
 * half-written file.
 */
public record PluginSettings(Set<String> disabled) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PluginSettings {
        disabled = Set.copyOf(disabled);
    }

    public static PluginSettings empty() {
        return new PluginSettings(Set.of());
    }

    /** Reads the file; a missing file means no choices. Throws with the file's name when it is unreadable. */
    public static PluginSettings read(Path file) throws IOException {
        if (file == null || !Files.exists(file)) {
            return empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid plugin settings JSON (" + e.getMessage() + ")", e);
        }
        Set<String> disabled = new TreeSet<>();
        JsonNode d = root == null ? null : root.get("disabled");
        if (d != null && d.isArray()) {
            d.forEach(n -> disabled.add(n.asText()));
        }
        return new PluginSettings(disabled);
    }

    public PluginSettings withEnabled(String pluginId, boolean enabled) {
        Set<String> d = new TreeSet<>(disabled);
        if (enabled) {
            d.remove(pluginId);
        } else {
            d.add(pluginId);
        }
        return new PluginSettings(d);
    }

    /** Writes the settings atomically, creating the folder when needed. */
    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode arr = root.putArray("disabled");
        new TreeSet<>(disabled).forEach(arr::add);
        AtomicFiles.write(file, out -> JSON.writerWithDefaultPrettyPrinter()
                .without(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET).writeValue(out, root));
    }
}
