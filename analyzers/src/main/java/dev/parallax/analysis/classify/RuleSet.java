package dev.parallax.analysis.classify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Classification rules as editable data: which events are device events, ordered rules mapping name and
 * category to a {@link KernelClass}, rules telling the {@link CollectiveType} of communication, and the few
 * switches that make a preset behave like another tool (HTA's last-step filter and microsecond rounding).
 * The built-in presets are JSON resources next to this class ({@code parallax.json}, {@code hta.json});
 * users load their own with {@link #load(Path)} (the command line's {@code --rules FILE}).
 *
 * @param gpuEvents how device events are recognised
 * @param dropLastProfilerStep when ≥ 2 distinct {@code ProfilerStep#N} names exist, drop device work not
 *        launched before the last step starts (Holistic Trace Analysis's filter)
 * @param roundToMicroseconds round device event starts up and ends down to whole microseconds, as HTA
 *        does for traces with fractional time stamps
 */
public record RuleSet(String name, String description, GpuEvents gpuEvents, boolean dropLastProfilerStep,
                      boolean roundToMicroseconds, KernelClass defaultGpuClass, KernelClass defaultCpuClass,
                      List<ClassificationRule> rules, List<CollectiveRule> collectives) {

    /** How a rule set decides that an event ran on a device. */
    public enum GpuEvents {
        /** Every slice on a GPU stream track. */
        GPU_TRACK,
        /** Every slice with a {@code stream} argument (HTA's definition). */
        STREAM_ARG
    }

    /** Names of the built-in presets. */
    public static final List<String> PRESETS = List.of("parallax", "hta");

    public RuleSet {
        rules = List.copyOf(rules);
        collectives = List.copyOf(collectives);
    }

    /** The built-in preset {@code name} ({@code parallax} or {@code hta}); one shared immutable instance each. */
    public static RuleSet preset(String name) {
        String id = name == null || name.isBlank() ? "parallax" : name.trim().toLowerCase(Locale.ROOT);
        if (id.equals("parallax")) {
            return Presets.PARALLAX;
        }
        if (id.equals("hta")) {
            return Presets.HTA;
        }
        throw new IllegalArgumentException("unknown rules preset '" + name + "' (known: " + PRESETS + ")");
    }

    /** Built-in presets, read once on first use (immutable constants). */
    private static final class Presets {
        static final RuleSet PARALLAX = readPreset("parallax");
        static final RuleSet HTA = readPreset("hta");
    }

    private static RuleSet readPreset(String id) {
        String resource = id + ".json";
        try (InputStream in = RuleSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in rules " + resource + ": " + e.getMessage(), e);
        }
    }

    public static RuleSet defaults() {
        return preset("parallax");
    }

    /** Reads a rule file; errors name the file and the rule. */
    public static RuleSet load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** Parses rules from JSON; {@code source} names the input in error messages. */
    public static RuleSet parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IOException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": expected a JSON object with \"rules\"");
        }
        try {
            List<ClassificationRule> rules = new ArrayList<>();
            JsonNode rs = root.path("rules");
            for (int i = 0; i < rs.size(); i++) {
                JsonNode r = rs.get(i);
                String where = "rule " + (i + 1) + (r.has("id") ? " (" + r.get("id").asText() + ")" : "");
                if (!r.has("class")) {
                    throw new IllegalArgumentException(where + ": missing \"class\"");
                }
                ClassificationRule.Scope scope = ClassificationRule.Scope.valueOf(
                        r.path("scope").asText("any").toUpperCase(Locale.ROOT));
                rules.add(new ClassificationRule(r.path("id").asText("rule" + (i + 1)), scope,
                        regex(r, "name", where), regex(r, "category", where),
                        KernelClass.parse(r.get("class").asText()),
                        r.hasNonNull("collective") ? CollectiveType.parse(r.get("collective").asText()) : null));
            }
            List<CollectiveRule> collectives = new ArrayList<>();
            JsonNode cs = root.path("collectives");
            for (int i = 0; i < cs.size(); i++) {
                JsonNode c = cs.get(i);
                String where = "collective rule " + (i + 1);
                Pattern p = regex(c, "name", where);
                if (p == null || !c.has("type")) {
                    throw new IllegalArgumentException(where + ": needs \"type\" and \"name\"");
                }
                collectives.add(new CollectiveRule(CollectiveType.parse(c.get("type").asText()), p));
            }
            return new RuleSet(root.path("name").asText(source), root.path("description").asText(""),
                    GpuEvents.valueOf(root.path("gpu_events").asText("gpu_track").toUpperCase(Locale.ROOT)),
                    root.path("drop_last_profiler_step").asBoolean(false),
                    root.path("round_to_microseconds").asBoolean(false),
                    KernelClass.parse(root.path("default_gpu_class").asText("compute")),
                    KernelClass.parse(root.path("default_cpu_class").asText("other")), rules, collectives);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    private static Pattern regex(JsonNode node, String key, String where) {
        if (!node.hasNonNull(key)) {
            return null;
        }
        String text = node.get(key).asText();
        try {
            return Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + ": bad " + key + " regex '" + text + "': "
                    + e.getDescription());
        }
    }

    /** The class of one event under these rules. */
    public KernelClass classify(boolean gpu, String eventName, String eventCategory) {
        for (ClassificationRule r : rules) {
            if (r.matches(gpu, eventName, eventCategory)) {
                return r.kernelClass();
            }
        }
        return gpu ? defaultGpuClass : defaultCpuClass;
    }

    /** The rule claiming an event, or null when the default applies. */
    public ClassificationRule ruleFor(boolean gpu, String eventName, String eventCategory) {
        for (ClassificationRule r : rules) {
            if (r.matches(gpu, eventName, eventCategory)) {
                return r;
            }
        }
        return null;
    }

    /** The collective type of a communication or annotation event. */
    public CollectiveType collectiveOf(ClassificationRule rule, String eventName) {
        if (rule != null && rule.collective() != null) {
            return rule.collective();
        }
        for (CollectiveRule c : collectives) {
            if (c.matches(eventName)) {
                return c.type();
            }
        }
        return CollectiveType.OTHER;
    }
}
