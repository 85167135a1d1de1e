package dev.parallax.model.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The hardware and model catalogs: the built-in JSON resources, then the user's folder
 * ({@code ~/.parallax/catalog/}), then files given explicitly; a later entry with the same id replaces an
 * earlier one. A catalog file holds {@code {"hardware": [...], "models": [...]}}; any other JSON file with
 * {@code num_hidden_layers} (or {@code n_layer}) is read as a Hugging Face {@code config.json}.
 * Immutable once built.
 */
public final class Catalog {
    /** The user's catalog folder, relative to the home directory. */
    public static final String USER_FOLDER = ".parallax/catalog";
    private static final String RESOURCE_ROOT = "/dev/parallax/model/catalog/";
    private static final List<String> BUILT_IN = List.of("hardware.json", "models.json");
    private static final double GB = 1e9;
    private static final double GIB = 1024.0 * 1024 * 1024;

    private final Map<String, Hardware> hardware;
    private final Map<String, ModelArchitecture> models;

    private Catalog(Map<String, Hardware> hardware, Map<String, ModelArchitecture> models) {
        this.hardware = Collections.unmodifiableMap(hardware);
        this.models = Collections.unmodifiableMap(models);
    }

    /** Only the built-in entries shipped with Parallax. */
    public static Catalog builtIn() {
        return new Builder().addBuiltIn().build();
    }

    /**
     * Built-in entries, then the user's folder under {@code home} (skipped when absent), then {@code extra}
     * files or folders in order.
     */
    public static Catalog load(Path home, List<Path> extra) {
        Builder b = new Builder().addBuiltIn();
        if (home != null) {
            Path user = home.resolve(USER_FOLDER);
            if (Files.isDirectory(user)) {
                b.addPath(user);
            }
        }
        for (Path p : extra) {
            b.addPath(p);
        }
        return b.build();
    }

    /** Hardware entries in catalog order. */
    public Map<String, Hardware> hardware() {
        return hardware;
    }

    /** Model entries in catalog order. */
    public Map<String, ModelArchitecture> models() {
        return models;
    }

    /** A hardware entry by id (case-insensitive). */
    public Hardware hardware(String id) {
        Hardware h = hardware.get(id.toLowerCase(Locale.ROOT));
        if (h == null) {
            throw new IllegalArgumentException("unknown hardware '" + id + "'; known: " + String.join(", ", hardware.keySet()));
        }
        return h;
    }

    /**
     * A model by catalog id, or by the path of a Hugging Face {@code config.json} (or a folder holding one).
     */
    public ModelArchitecture model(String idOrPath) {
        ModelArchitecture m = models.get(idOrPath.toLowerCase(Locale.ROOT));
        if (m != null) {
            return m;
        }
        Path p = Path.of(idOrPath);
        if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("config.json"))) {
            p = p.resolve("config.json");
        }
        if (Files.isRegularFile(p)) {
            return readConfigFile(p);
        }
        throw new IllegalArgumentException("unknown model '" + idOrPath + "' (neither a catalog id nor a config.json file); known: "
                + String.join(", ", models.keySet()));
    }

    /** Reads one Hugging Face {@code config.json}; its id is the name of the folder holding it, in lower case. */
    public static ModelArchitecture readConfigFile(Path file) {
        JsonNode root = parse(file);
        return HfConfigReader.read(idFor(file), idFor(file), file.toString(), root, file.toString());
    }

    private static String idFor(Path file) {
        String fileName = file.getFileName().toString();
        Path parent = file.toAbsolutePath().getParent();
        String base = fileName.equals("config.json") && parent != null && parent.getFileName() != null
                ? parent.getFileName().toString() : fileName.replaceFirst("\\.json$", "");
        return base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
    }

    private static JsonNode parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new CatalogException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private static JsonNode parse(InputStream in, String where) {
        try {
            JsonNode n = new ObjectMapper().readTree(in);
            if (n == null || !n.isObject()) {
                throw new CatalogException(where + ": expected a JSON object at the top level");
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            String pos = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new CatalogException(where + ": not valid JSON" + pos + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException(where + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Accumulates catalog files; later entries replace earlier ones with the same id. */
    public static final class Builder {
        private final Map<String, Hardware> hardware = new LinkedHashMap<>();
        private final Map<String, ModelArchitecture> models = new LinkedHashMap<>();

        /** Adds the built-in resources. */
        public Builder addBuiltIn() {
            for (String r : BUILT_IN) {
                try (InputStream in = Catalog.class.getResourceAsStream(RESOURCE_ROOT + r)) {
                    if (in == null) {
                        throw new CatalogException("built-in catalog resource " + r + " is missing from the class path");
                    }
                    addTree(parse(in, "built-in " + r), "built-in " + r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return this;
        }

        /** Adds a catalog file, a {@code config.json}, or every {@code .json} file of a folder (sorted by name). */
        public Builder addPath(Path path) {
            if (Files.isDirectory(path)) {
                List<Path> files = new ArrayList<>();
                try (Stream<Path> s = Files.list(path)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new CatalogException(path + ": cannot list folder (" + e.getMessage() + ")", e);
                }
                files.forEach(this::addFile);
            } else if (Files.isRegularFile(path)) {
                addFile(path);
            } else {
                throw new CatalogException(path + ": no such catalog file or folder");
            }
            return this;
        }

        private void addFile(Path file) {
            JsonNode root = parse(file);
            if (root.has("hardware") || root.has("models")) {
                addTree(root, file.toString());
            } else if (root.has("num_hidden_layers") || root.has("n_layer") || root.has("text_config")) {
                ModelArchitecture m = readConfigFile(file);
                models.put(m.id(), m);
            } else {
                throw new CatalogException(file + ": neither a catalog (no 'hardware' or 'models' array) nor a"
                        + " Hugging Face config.json (no 'num_hidden_layers')");
            }
        }

        private void addTree(JsonNode root, String where) {
            JsonNode hw = root.path("hardware");
            for (int i = 0; i < hw.size(); i++) {
                Hardware h = readHardware(hw.get(i), where + ": hardware[" + i + "]");
                hardware.put(h.id(), h);
            }
            JsonNode ms = root.path("models");
            for (int i = 0; i < ms.size(); i++) {
                JsonNode m = ms.get(i);
                String at = where + ": models[" + i + "]";
                String id = requiredText(m, "id", at);
                JsonNode config = m.get("config");
                if (config == null || !config.isObject()) {
                    throw new CatalogException(at + " ('" + id + "'): missing object 'config' (Hugging Face config fields)");
                }
                ModelArchitecture a = HfConfigReader.read(id, m.path("name").asText(id),
                        m.path("source").asText(where), config, at + " ('" + id + "')");
                models.put(a.id(), a);
            }
        }

        private static Hardware readHardware(JsonNode n, String at) {
            String id = requiredText(n, "id", at);
            String where = at + " ('" + id + "')";
            Map<Dtype, Double> flops = new EnumMap<>(Dtype.class);
            JsonNode tf = n.path("dense_tflops");
            if (!tf.isObject() || tf.isEmpty()) {
                throw new CatalogException(where + ": missing object 'dense_tflops' (dtype to dense TFLOP/s)");
            }
            for (Map.Entry<String, JsonNode> e : tf.properties()) {
                if (e.getValue().isNumber()) {
                    try {
                        flops.put(Dtype.parse(e.getKey()), e.getValue().asDouble() * 1e12);
                    } catch (IllegalArgumentException ex) {
                        throw new CatalogException(where + ": dense_tflops: " + ex.getMessage());
                    }
                }
            }
            double hbm;
            if (n.has("hbm_gib")) {
                hbm = number(n, "hbm_gib", where) * GIB;
            } else if (n.has("hbm_gb")) {
                hbm = number(n, "hbm_gb", where) * GB;
            } else {
                throw new CatalogException(where + ": missing 'hbm_gib' or 'hbm_gb' (device memory size)");
            }
            double bw = number(n, "hbm_gb_per_s", where) * GB;
            double link = n.path("interconnect_gb_per_s").asDouble(0) * GB;
            double host = number(n, "host_link_gb_per_s_per_direction", where) * GB;
            Map<String, String> sources = new LinkedHashMap<>();
            n.path("sources").properties().forEach(e -> sources.put(e.getKey(), e.getValue().asText()));
            if (sources.isEmpty()) {
                sources.put("all", at);
            }
            Map<Dtype, Double> vector = new EnumMap<>(Dtype.class);
            for (Map.Entry<String, JsonNode> e : n.path("vector_tflops").properties()) {
                if (e.getValue().isNumber()) {
                    try {
                        vector.put(Dtype.parse(e.getKey()), e.getValue().asDouble() * 1e12);
                    } catch (IllegalArgumentException ex) {
                        throw new CatalogException(where + ": vector_tflops: " + ex.getMessage());
                    }
                }
            }
            List<String> names = new ArrayList<>();
            n.path("device_names").forEach(x -> names.add(x.asText()));
            return new Hardware(id.toLowerCase(Locale.ROOT), n.path("name").asText(id), flops, hbm, bw, link, host,
                    sources, vector, names);
        }

        private static String requiredText(JsonNode n, String field, String at) {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                throw new CatalogException(at + ": missing text field '" + field + "'");
            }
            return v.asText();
        }

        private static double number(JsonNode n, String field, String at) {
            JsonNode v = n.get(field);
            if (v == null || !v.isNumber()) {
                throw new CatalogException(at + ": missing numeric field '" + field + "'");
            }
            return v.asDouble();
        }

        /** The catalog built so far. */
        public Catalog build() {
            return new Catalog(new LinkedHashMap<>(hardware), new LinkedHashMap<>(models));
        }
    }
}
