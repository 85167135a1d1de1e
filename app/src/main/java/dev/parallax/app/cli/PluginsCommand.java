package dev.parallax.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.plugin.Contribution;
import dev.parallax.plugin.PluginInfo;
import dev.parallax.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code parallax plugins}: what is loaded, from where, what each plugin contributes; turns plugins on and off. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = {"List the plugins (and the built-in importers and analyses): where each was loaded from,"
                + " what it contributes, and which are disabled and why.",
            "Plugins are jars in ~/.parallax/plugins or in a --plugins DIR folder."})
public final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    ParallaxCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (snake_case keys) instead of text.")
    boolean json;

    @Option(names = "--disable", paramLabel = "ID", description = "Disable plugin ID (remembered in ~/.parallax/plugins.json).")
    String disable;

    @Option(names = "--enable", paramLabel = "ID", description = "Enable plugin ID again.")
    String enable;

    @Override
    public Integer call() throws IOException {
        PluginRegistry r = parent.plugins();
        PrintWriter err = spec.commandLine().getErr();
        String id = disable != null ? disable : enable;
        if (id != null) {
            if (disable != null && enable != null) {
                err.println("parallax plugins: give --disable or --enable, not both");
                return 2;
            }
            if (PluginRegistry.BUILT_IN.equals(id)) {
                err.println("parallax plugins: the built-in importers and analyses cannot be disabled");
                return 2;
            }
            if (r.plugin(id).isEmpty()) {
                err.println("parallax plugins: no plugin with id '" + id + "' (see `parallax plugins`)");
                return 2;
            }
            r = r.setEnabled(id, enable != null);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            writeJson(r, out);
        } else {
            writeText(r, out);
        }
        out.flush();
        return 0;
    }

    static void writeText(PluginRegistry r, PrintWriter out) {
        for (PluginInfo p : r.plugins()) {
            out.printf("%s%s  [%s]%n", p.name(), p.version().isEmpty() ? "" : " " + p.version(), p.state().label());
            out.printf("  id: %s%n  from: %s%n", p.id(), p.location());
            if (!p.description().isEmpty()) {
                out.printf("  %s%n", p.description());
            }
            for (Contribution c : p.contributions()) {
                out.printf("  %-9s %-24s %s%n", c.kind().name().toLowerCase(Locale.ROOT), c.id(), c.description());
            }
            if (p.problem() != null) {
                out.printf("  note: %s%n", p.problem());
            }
            out.println();
        }
        out.printf("Plugin folders: %s%n", r.config().pluginDirs());
        if (r.config().settingsFile() != null) {
            out.printf("Settings: %s%n", r.config().settingsFile());
        }
        for (String m : r.messages()) {
            out.printf("note: %s%n", m);
        }
    }

    static void writeJson(PluginRegistry r, PrintWriter out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("plugins");
            for (PluginInfo p : r.plugins()) {
                g.writeStartObject();
                g.writeStringField("id", p.id());
                g.writeStringField("name", p.name());
                g.writeStringField("version", p.version());
                g.writeStringField("description", p.description());
                g.writeStringField("location", p.location());
                g.writeBooleanField("built_in", p.builtIn());
                g.writeStringField("state", p.state().name().toLowerCase(Locale.ROOT));
                g.writeStringField("problem", p.problem());
                g.writeArrayFieldStart("contributions");
                for (Contribution c : p.contributions()) {
                    g.writeStartObject();
                    g.writeStringField("kind", c.kind().name().toLowerCase(Locale.ROOT));
                    g.writeStringField("id", c.id());
                    g.writeStringField("description", c.description());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("plugin_dirs");
            for (Path d : r.config().pluginDirs()) {
                g.writeString(d.toString());
            }
            g.writeEndArray();
            g.writeStringField("settings_file", r.config().settingsFile() == null ? null
                    : r.config().settingsFile().toString());
            g.writeArrayFieldStart("messages");
            for (String m : r.messages()) {
                g.writeString(m);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.println();
    }
}
