package dev.parallax.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The faults recorded while a registry's extensions run (thread-safe, append-only). Shared by the guards of
 * one {@link PluginRegistry}; listeners (the CLI's stderr, the workbench's notifications) hear each one once.
 */
final class PluginFaults {
    private final Map<String, PluginFault> byPlugin = new ConcurrentHashMap<>();
    private final Map<String, PluginFault> byExtension = new ConcurrentHashMap<>();
    private final List<Consumer<PluginFault>> listeners = new CopyOnWriteArrayList<>();

    /** Records a fault; a built-in's fault disables only the one extension, a plugin's the whole plugin. */
    void record(PluginFault fault, boolean builtIn) {
        PluginFault previous = byExtension.putIfAbsent(key(fault.pluginId(), fault.extensionId()), fault);
        if (!builtIn) {
            byPlugin.putIfAbsent(fault.pluginId(), fault);
        }
        if (previous == null) {
            for (Consumer<PluginFault> l : listeners) {
                l.accept(fault);
            }
        }
    }

    boolean disabled(String pluginId, String extensionId) {
        return byPlugin.containsKey(pluginId) || byExtension.containsKey(key(pluginId, extensionId));
    }

    PluginFault pluginFault(String pluginId) {
        return byPlugin.get(pluginId);
    }

    List<PluginFault> all() {
        return new ArrayList<>(byExtension.values());
    }

    void addListener(Consumer<PluginFault> listener) {
        listeners.add(listener);
    }

    private static String key(String pluginId, String extensionId) {
        return pluginId + "\u0000" + extensionId;
    }
}
