package dev.parallax.plugin;

import dev.parallax.analysis.Analyses;
import dev.parallax.analysis.Analysis;
import dev.parallax.trace.io.TraceImporter;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The extensions Parallax runs with: the built-in importers and analyses (the "built-in" plugin, found with
 * {@link ServiceLoader} on the application's class path) plus every plugin jar of the plugin folders
 * ({@code ~/.parallax/plugins/*.jar} and those given with {@code --plugins DIR}), each in its own
 * {@link URLClassLoader} whose parent is the application's loader.
 *
 * <p>An immutable snapshot taken at {@link #load}: which plugins loaded, from where, what each contributes,
 * which are disabled and why. Plugin code only reaches the rest of Parallax through guards: a jar that fails
 * to load, or an extension that throws at discovery, sniff, load or run, disables that plugin with a message
 * naming it (a failing built-in extension disables only itself) and everything else keeps working. Those
 * run-time faults are the one part that grows after the snapshot (append-only, thread-safe). Choices the user
 * makes ({@link #setEnabled}) are persisted in {@code plugins.json} and take effect in the registry returned.
 */
public final class PluginRegistry implements AutoCloseable {
    /** Id of the plugin that stands for Parallax's own importers and analyses. */
    public static final String BUILT_IN = "built-in";

    private final Config config;
    private final List<PluginInfo> plugins;
    private final List<TraceImporter> importers;
    private final List<Analysis> analyses;
    private final List<CatalogResource> catalogs;
    private final Map<Object, String> pluginOfExtension;
    private final List<String> messages;
    private final List<URLClassLoader> loaders;
    private final PluginFaults faults;

    /**
     * Where plugins come from.
     *
     * @param builtIn the class loader whose ServiceLoader registrations are the built-in plugin
     * @param pluginDirs folders whose {@code *.jar} files are plugins, in priority order (missing ones skipped)
     * @param settingsFile the persisted enable/disable choices ({@code plugins.json}), or null for none
     */
    public record Config(ClassLoader builtIn, List<Path> pluginDirs, Path settingsFile) {
        public Config {
            pluginDirs = List.copyOf(pluginDirs);
        }

        /**
         * The usual places: {@code <home>/plugins} then {@code extraDirs}, settings in
         * {@code <home>/plugins.json}; home is the {@code parallax.home} system property, else
         * {@code ~/.parallax}.
         */
        public static Config defaults(ClassLoader builtIn, List<Path> extraDirs) {
            Path home = parallaxHome();
            List<Path> dirs = new ArrayList<>();
            dirs.add(home.resolve("plugins"));
            dirs.addAll(extraDirs);
            return new Config(builtIn, dirs, home.resolve("plugins.json"));
        }

        /** The built-in extensions only: no plugin folder, no settings. */
        public static Config builtInOnly(ClassLoader builtIn) {
            return new Config(builtIn, List.of(), null);
        }
    }

    /** Parallax's per-user folder: the {@code parallax.home} system property, else {@code ~/.parallax}. */
    public static Path parallaxHome() {
        String home = System.getProperty("parallax.home");
        return home != null && !home.isBlank() ? Paths.get(home)
                : Paths.get(System.getProperty("user.home"), ".parallax");
    }

    private PluginRegistry(Config config, List<PluginInfo> plugins, List<TraceImporter> importers,
                           List<Analysis> analyses, List<CatalogResource> catalogs,
                           Map<Object, String> pluginOfExtension, List<String> messages,
                           List<URLClassLoader> loaders, PluginFaults faults) {
        this.config = config;
        this.plugins = List.copyOf(plugins);
        this.importers = List.copyOf(importers);
        this.analyses = List.copyOf(analyses);
        this.catalogs = List.copyOf(catalogs);
        this.pluginOfExtension = Map.copyOf(pluginOfExtension);
        this.messages = List.copyOf(messages);
        this.loaders = List.copyOf(loaders);
        this.faults = faults;
    }

    /** Loads the built-in extensions and every plugin jar that is not disabled. Never throws for a bad plugin. */
    public static PluginRegistry load(Config config) {
        return new Loading(config).run();
    }

    // ---- the snapshot ---------------------------------------------------------------------------

    public Config config() {
        return config;
    }

    /** Every plugin found (built-in first), with its current state, including faults recorded since loading. */
    public List<PluginInfo> plugins() {
        List<PluginInfo> out = new ArrayList<>(plugins.size());
        for (PluginInfo p : plugins) {
            PluginFault f = p.enabled() ? faults.pluginFault(p.id()) : null;
            if (f != null) {
                out.add(p.with(PluginInfo.State.FAILED, f.message()));
            } else if (p.builtIn() && p.enabled()) {
                List<String> problems = new ArrayList<>();
                if (p.problem() != null) {
                    problems.add(p.problem());
                }
                faults.all().stream().filter(x -> x.pluginId().equals(BUILT_IN)).forEach(x -> problems.add(x.message()));
                out.add(problems.isEmpty() ? p : p.with(PluginInfo.State.ENABLED, String.join("; ", problems)));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    public Optional<PluginInfo> plugin(String id) {
        return plugins().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** The importers in use (plugins that failed since loading left out), built-in ones first. */
    public List<TraceImporter> importers() {
        return importers.stream().filter(i -> !faults.disabled(pluginOf(i), i.id())).toList();
    }

    /** The analyses in use, ready for a front end. */
    public Analyses analyses() {
        return new Analyses(analyses.stream().filter(a -> !faults.disabled(pluginOf(a), a.id())).toList());
    }

    /** Catalog resources contributed by enabled plugins (built-in catalogs are read by the models package). */
    public List<CatalogResource> catalogs() {
        return catalogs;
    }

    /** The plugin that contributes an importer or analysis returned by this registry. */
    public String pluginOf(Object extension) {
        return pluginOfExtension.getOrDefault(extension, BUILT_IN);
    }

    /**
     * The providers of another extension point (e.g. the workbench's views and menus, which this module does
     * not know) registered by the built-in class path and by the enabled plugin jars, each jar's own providers
     * only, built-in first. A provider that fails to instantiate is left out and recorded as a fault of its
     * plugin.
     */
    public <S> List<S> extensions(Class<S> service) {
        List<S> out = new ArrayList<>();
        Guard builtIn = new Guard(BUILT_IN, "Parallax", true, faults);
        out.addAll(providers(service, config.builtIn(), c -> true, builtIn));
        for (URLClassLoader l : loaders) {
            String id = l.getName() != null && l.getName().startsWith("plugin:") ? l.getName().substring(7) : "plugin";
            Guard g = new Guard(id, plugin(id).map(PluginInfo::name).orElse(id), false, faults);
            if (!faults.disabled(id, service.getSimpleName())) {
                out.addAll(providers(service, l, c -> c.getClassLoader() == l, g));
            }
        }
        return out;
    }

    private static <S> List<S> providers(Class<S> service, ClassLoader loader,
                                         java.util.function.Predicate<Class<?>> own, Guard guard) {
        List<S> out = new ArrayList<>();
        try {
            for (ServiceLoader.Provider<S> p : (Iterable<ServiceLoader.Provider<S>>) ServiceLoader.load(service, loader)
                    .stream()::iterator) {
                try {
                    if (own.test(p.type())) {
                        out.add(p.get());
                    }
                } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                    guard.fail(service.getSimpleName(), "discovery", e);
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            guard.fail(service.getSimpleName(), "discovery", e);
        }
        return out;
    }

    /** Problems met while loading that belong to no single plugin (an unreadable settings file). */
    public List<String> messages() {
        return messages;
    }

    /** Faults recorded since loading. */
    public List<PluginFault> faults() {
        return faults.all();
    }

    /** Calls {@code listener} once for each later fault (from any thread). */
    public void onFault(Consumer<PluginFault> listener) {
        faults.addListener(listener);
    }

    /**
     * Turns a plugin on or off for the next loads: persisted atomically in the settings file, and applied to
     * the registry returned (a freshly loaded one). The built-in plugin cannot be disabled.
     */
    public PluginRegistry setEnabled(String pluginId, boolean enabled) throws IOException {
        if (BUILT_IN.equals(pluginId)) {
            throw new IllegalArgumentException("the built-in importers and analyses cannot be disabled");
        }
        if (config.settingsFile() == null) {
            throw new IOException("no plugin settings file configured: cannot remember the choice");
        }
        PluginSettings s = PluginSettings.read(config.settingsFile()).withEnabled(pluginId, enabled);
        s.write(config.settingsFile());
        return load(config);
    }

    /** Closes the plugins' class loaders; extensions from this registry must not be used afterwards. */
    @Override
    public void close() {
        for (URLClassLoader l : loaders) {
            try {
                l.close();
            } catch (IOException ignored) {
                // nothing to do: the jar stays open until the JVM exits
            }
        }
    }

    // ---- loading --------------------------------------------------------------------------------

    /** One pass of loading: discovers, guards and de-duplicates extensions. */
    private static final class Loading {
        final Config config;
        final PluginFaults faults = new PluginFaults();
        final List<PluginInfo> plugins = new ArrayList<>();
        final List<TraceImporter> importers = new ArrayList<>();
        final List<Analysis> analyses = new ArrayList<>();
        final List<CatalogResource> catalogs = new ArrayList<>();
        final Map<Object, String> pluginOf = new HashMap<>();
        final Map<String, String> importerOwner = new HashMap<>();
        final Map<String, String> analysisOwner = new HashMap<>();
        final List<String> messages = new ArrayList<>();
        final List<URLClassLoader> loaders = new ArrayList<>();

        Loading(Config config) {
            this.config = config;
        }

        PluginRegistry run() {
            PluginSettings settings = PluginSettings.empty();
            try {
                settings = PluginSettings.read(config.settingsFile());
            } catch (IOException e) {
                messages.add(e.getMessage() + "; every plugin enabled");
            }
            loadBuiltIn();
            Map<String, Path> seen = new LinkedHashMap<>();
            for (Path dir : config.pluginDirs()) {
                for (Path jar : jars(dir)) {
                    jar = jar.toAbsolutePath().normalize();
                    String id = idOf(jar);
                    if (seen.containsKey(id)) {
                        plugins.add(new PluginInfo(id, id, "", "", jar.toString(), false, List.of(),
                                PluginInfo.State.FAILED, "not loaded: a plugin with the same file name was loaded from "
                                + seen.get(id)));
                        continue;
                    }
                    seen.put(id, jar);
                    if (settings.disabled().contains(id)) {
                        plugins.add(new PluginInfo(id, id, "", "", jar.toString(), false, List.of(),
                                PluginInfo.State.DISABLED_BY_USER, "disabled in " + config.settingsFile()));
                        continue;
                    }
                    loadJar(id, jar);
                }
            }
            return new PluginRegistry(config, plugins, importers, analyses, catalogs, pluginOf, messages, loaders,
                    faults);
        }

        private List<Path> jars(Path dir) {
            if (dir == null || !Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                        .sorted().toList();
            } catch (IOException e) {
                messages.add(dir + ": plugin folder unreadable (" + e.getMessage() + ")");
                return List.of();
            }
        }

        static String idOf(Path jar) {
            String n = jar.getFileName().toString();
            return n.substring(0, n.length() - ".jar".length());
        }

        private void loadBuiltIn() {
            Discovery d = new Discovery(config.builtIn(), c -> true);
            d.extensions(new Guard(BUILT_IN, "Parallax", true, faults));
            String version = Optional.ofNullable(PluginRegistry.class.getPackage().getImplementationVersion()).orElse("");
            PluginInfo info = new PluginInfo(BUILT_IN, "Parallax built-in", version,
                    "The importers and analyses that ship with Parallax", BUILT_IN, true, d.contributions,
                    PluginInfo.State.ENABLED, d.problems.isEmpty() ? null : String.join("; ", d.problems));
            plugins.add(info);
            adopt(d, BUILT_IN);
        }

        private void loadJar(String id, Path jar) {
            String notAJar = notAJar(jar);
            if (notAJar != null) {
                plugins.add(failed(id, id, "", jar, jar + ": not a jar (" + notAJar + "); skipped, the rest of "
                        + "Parallax works without it"));
                return;
            }
            URLClassLoader loader;
            try {
                URL url = jar.toUri().toURL();
                loader = new URLClassLoader("plugin:" + id, new URL[] {url}, config.builtIn());
            } catch (MalformedURLException e) {
                plugins.add(failed(id, id, "", jar, "cannot open " + jar + ": " + e.getMessage()));
                return;
            }
            Discovery d = new Discovery(loader, c -> c.getClassLoader() == loader);
            d.descriptor();
            String name = d.name != null ? d.name : id;
            d.extensions(new Guard(id, name, false, faults));
            if (!d.problems.isEmpty()) {
                plugins.add(failed(id, name, d.version, jar, "plugin '" + name + "' (" + jar + ") failed to load: "
                        + String.join("; ", d.problems) + "; disabled, the rest of Parallax works without it"));
                closeQuietly(loader);
                return;
            }
            if (d.contributions.isEmpty()) {
                plugins.add(failed(id, name, d.version, jar, "plugin '" + name + "' (" + jar + ") registers no"
                        + " importer, analysis or catalog in META-INF/services"));
                closeQuietly(loader);
                return;
            }
            loaders.add(loader);
            List<String> notes = adopt(d, id);
            plugins.add(new PluginInfo(id, name, d.version, d.description, jar.toString(), false, d.contributions,
                    PluginInfo.State.ENABLED, notes.isEmpty() ? null : String.join("; ", notes)));
        }

        /** Why {@code jar} is not a readable jar (zip) archive, or null when it is one. */
        private static String notAJar(Path jar) {
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
                return null;
            } catch (java.util.zip.ZipException e) {
                return "not a zip archive" + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (IOException e) {
                return "cannot be read" + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }

        private static PluginInfo failed(String id, String name, String version, Path jar, String problem) {
            return new PluginInfo(id, name, version, "", jar.toString(), false, List.of(), PluginInfo.State.FAILED,
                    problem);
        }

        /** Takes a plugin's extensions into the registry; an id already taken is skipped with a note. */
        private List<String> adopt(Discovery d, String pluginId) {
            List<String> notes = new ArrayList<>();
            for (TraceImporter i : d.importers) {
                String owner = importerOwner.putIfAbsent(i.id(), pluginId);
                if (owner != null) {
                    notes.add("importer '" + i.id() + "' not used: the id is taken by " + owner);
                    continue;
                }
                importers.add(i);
                pluginOf.put(i, pluginId);
            }
            for (Analysis a : d.analyses) {
                String owner = analysisOwner.putIfAbsent(a.id(), pluginId);
                if (owner != null) {
                    notes.add("analysis '" + a.id() + "' not used: the id is taken by " + owner);
                    continue;
                }
                analyses.add(a);
                pluginOf.put(a, pluginId);
            }
            if (!pluginId.equals(BUILT_IN)) {
                catalogs.addAll(d.catalogs);
            }
            return notes;
        }

        private static void closeQuietly(URLClassLoader l) {
            try {
                l.close();
            } catch (IOException ignored) {
                // nothing was loaded from it
            }
        }
    }

    /** The ServiceLoader registrations of one class loader, instantiated and guarded. */
    private static final class Discovery {
        final ClassLoader loader;
        final java.util.function.Predicate<Class<?>> own;
        final List<String> problems = new ArrayList<>();
        final List<Contribution> contributions = new ArrayList<>();
        final List<TraceImporter> importers = new ArrayList<>();
        final List<Analysis> analyses = new ArrayList<>();
        final List<CatalogResource> catalogs = new ArrayList<>();
        String name;
        String version = "";
        String description = "";

        Discovery(ClassLoader loader, java.util.function.Predicate<Class<?>> own) {
            this.loader = loader;
            this.own = own;
        }

        /** Reads the plugin's {@link ParallaxPlugin} description, when it has one. */
        void descriptor() {
            for (ParallaxPlugin p : instances(ParallaxPlugin.class)) {
                try {
                    name = p.name();
                    version = p.version() == null ? "" : p.version();
                    description = p.description() == null ? "" : p.description();
                } catch (RuntimeException | LinkageError e) {
                    problems.add("ParallaxPlugin " + p.getClass().getName() + " threw " + e);
                }
            }
        }

        /** Instantiates and guards the importers, analyses and catalogs registered by the loader. */
        void extensions(Guard guard) {
            Set<String> ids = new HashSet<>();
            for (TraceImporter i : instances(TraceImporter.class)) {
                try {
                    String id = i.id();
                    String desc = i.description();
                    if (!ids.add("i:" + id)) {
                        continue;
                    }
                    importers.add(GuardedImporter.of(i, guard, id));
                    contributions.add(new Contribution(Contribution.Kind.IMPORTER, id, desc));
                } catch (RuntimeException | LinkageError e) {
                    problems.add("importer " + i.getClass().getName() + " threw " + e);
                }
            }
            for (Analysis a : instances(Analysis.class)) {
                try {
                    GuardedAnalysis g = new GuardedAnalysis(a, guard);
                    if (!ids.add("a:" + g.id())) {
                        continue;
                    }
                    analyses.add(g);
                    contributions.add(new Contribution(Contribution.Kind.ANALYSIS, g.id(), g.title()));
                } catch (RuntimeException | LinkageError e) {
                    problems.add("analysis " + a.getClass().getName() + " threw " + e);
                }
            }
            for (CatalogContribution c : instances(CatalogContribution.class)) {
                try {
                    for (CatalogResource r : c.catalogs()) {
                        catalogs.add(r);
                        contributions.add(new Contribution(Contribution.Kind.CATALOG, r.name(),
                                r.kind().name().toLowerCase(java.util.Locale.ROOT) + " catalog"));
                    }
                } catch (RuntimeException | LinkageError e) {
                    problems.add("catalog " + c.getClass().getName() + " threw " + e);
                }
            }
        }

        private <S> List<S> instances(Class<S> service) {
            List<S> out = new ArrayList<>();
            try {
                ServiceLoader<S> sl = ServiceLoader.load(service, loader);
                for (ServiceLoader.Provider<S> p : (Iterable<ServiceLoader.Provider<S>>) sl.stream()::iterator) {
                    try {
                        if (!own.test(p.type())) {
                            continue;
                        }
                        out.add(p.get());
                    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                        problems.add(service.getSimpleName() + " provider failed: " + rootMessage(e));
                    }
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(service.getSimpleName() + " registrations unreadable: " + rootMessage(e));
            }
            return out;
        }

        private static String rootMessage(Throwable e) {
            Throwable t = e;
            StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
                sb.append(" (").append(t).append(')');
            }
            return sb.toString();
        }
    }
}
