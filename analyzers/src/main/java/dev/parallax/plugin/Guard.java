package dev.parallax.plugin;

/** Which plugin an extension belongs to, and where its faults go. */
record Guard(String pluginId, String pluginName, boolean builtIn, PluginFaults faults) {

    /** Whether {@code t} is a plugin bug to contain (not cancellation, not the JVM running out of memory). */
    static boolean containable(Throwable t) {
        if (t instanceof dev.parallax.util.CancelledException) {
            return false;
        }
        return t instanceof RuntimeException || t instanceof LinkageError || t instanceof StackOverflowError
                || t instanceof AssertionError;
    }

    PluginFault fail(String extensionId, String phase, Throwable t) {
        String what = builtIn ? "built-in " + extensionId : "plugin '" + pluginName + "' (" + extensionId + ")";
        String message = what + " failed during " + phase + ": " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage())
                + (builtIn ? "; this " + (phase.equals("run") ? "analysis" : phase.equals("discovery") ? "extension"
                        : "importer") + " is disabled"
                        : "; the plugin is disabled for this session");
        PluginFault f = new PluginFault(pluginId, extensionId, phase, message);
        faults.record(f, builtIn);
        return f;
    }

    boolean disabled(String extensionId) {
        return faults.disabled(pluginId, extensionId);
    }
}
