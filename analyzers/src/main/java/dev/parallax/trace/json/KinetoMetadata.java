package dev.parallax.trace.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parallax.trace.DeviceProperties;
import dev.parallax.trace.ProcessGroup;
import dev.parallax.trace.TraceMetadata;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the top-level keys of a trace file beside {@code traceEvents} (Kineto's {@code distributedInfo}
 * with its {@code pg_config}, {@code deviceProperties}, {@code baseTimeNanoseconds}, and any scalar such
 * as {@code schemaVersion} or {@code displayTimeUnit}) into a {@link TraceMetadata}. These values are
 * small, so each is read as a tree; the events never are.
 */
final class KinetoMetadata {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");

    private Integer rank;
    private int worldSize = -1;
    private String backend;
    private final List<ProcessGroup> groups = new ArrayList<>();
    private final List<DeviceProperties> devices = new ArrayList<>();
    private Long baseTimeNanoseconds;
    private final Map<String, String> other = new LinkedHashMap<>();
    private boolean kinetoKeys;

    /** Whether a key only Kineto writes was seen. */
    boolean kinetoKeys() {
        return kinetoKeys;
    }

    Long baseTimeNanoseconds() {
        return baseTimeNanoseconds;
    }

    /**
     * Takes one top-level key and its value.
     *
     * @return a problem description when the value has the wrong shape, else null
     */
    String accept(String key, JsonNode value) {
        switch (key) {
            case "distributedInfo":
                kinetoKeys = true;
                return value.isObject() ? distributed(value) : "distributedInfo is not an object";
            case "deviceProperties":
                kinetoKeys = true;
                return value.isArray() ? devices(value) : "deviceProperties is not an array";
            case "baseTimeNanoseconds":
                kinetoKeys = true;
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    baseTimeNanoseconds = value.longValue();
                    return null;
                }
                if (value.isTextual() && INTEGER.matcher(value.textValue().trim()).matches()) {
                    try {
                        baseTimeNanoseconds = Long.parseLong(value.textValue().trim());
                        return null;
                    } catch (NumberFormatException e) {
                        return "baseTimeNanoseconds is out of range";
                    }
                }
                return "baseTimeNanoseconds is not an integer: " + abbreviate(value.toString());
            case "schemaVersion":
            case "traceName":
                kinetoKeys = true;
                other.put(key, text(value));
                return null;
            default:
                if (value.isValueNode()) {
                    other.put(key, text(value));
                }
                return null;
        }
    }

    private String distributed(JsonNode info) {
        String problem = null;
        Iterator<Map.Entry<String, JsonNode>> it = info.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "rank":
                    Integer r = asInt(v);
                    if (r == null || r < 0) {
                        problem = "distributedInfo.rank is not a non-negative integer: " + abbreviate(v.toString());
                    } else {
                        rank = r;
                    }
                    break;
                case "world_size":
                    Integer w = asInt(v);
                    worldSize = w == null ? -1 : w;
                    break;
                case "backend":
                    backend = text(v);
                    break;
                case "pg_config":
                    pgConfig(v);
                    break;
                default:
                    if (v.isValueNode()) {
                        other.put("distributedInfo." + e.getKey(), text(v));
                    }
            }
        }
        return problem;
    }

    private void pgConfig(JsonNode v) {
        if (v.isArray()) {
            for (JsonNode g : v) {
                if (g.isObject()) {
                    groups.add(group(g, null));
                }
            }
        } else if (v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isObject()) {
                    groups.add(group(e.getValue(), e.getKey()));
                }
            }
        }
    }

    private static ProcessGroup group(JsonNode g, String fallbackName) {
        String name = g.has("pg_name") ? text(g.get("pg_name")) : fallbackName;
        String desc = g.has("pg_desc") ? text(g.get("pg_desc")) : null;
        String backendConfig = g.has("backend_config") ? text(g.get("backend_config")) : null;
        List<Integer> ranks = new ArrayList<>();
        JsonNode r = g.get("ranks");
        if (r != null && r.isArray()) {
            for (JsonNode x : r) {
                Integer i = asInt(x);
                if (i != null) {
                    ranks.add(i);
                }
            }
        } else if (r != null && r.isTextual()) {
            Matcher m = INTEGER.matcher(r.textValue());
            while (m.find()) {
                ranks.add(Integer.parseInt(m.group()));
            }
        }
        Integer size = g.has("pg_size") ? asInt(g.get("pg_size")) : null;
        return new ProcessGroup(name, desc, backendConfig, size == null ? ranks.size() : size, ranks);
    }

    private String devices(JsonNode arr) {
        for (JsonNode d : arr) {
            if (!d.isObject()) {
                return "deviceProperties entry is not an object";
            }
            Map<String, String> rest = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = d.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                switch (e.getKey()) {
                    case "id":
                    case "name":
                    case "totalGlobalMem":
                    case "computeMajor":
                    case "computeMinor":
                    case "numSms":
                        break;
                    default:
                        rest.put(e.getKey(), text(e.getValue()));
                }
            }
            Integer id = asInt(d.get("id"));
            JsonNode mem = d.get("totalGlobalMem");
            Integer major = asInt(d.get("computeMajor"));
            Integer minor = asInt(d.get("computeMinor"));
            Integer sms = asInt(d.get("numSms"));
            devices.add(new DeviceProperties(id == null ? devices.size() : id,
                    d.has("name") ? text(d.get("name")) : null,
                    mem != null && mem.canConvertToLong() ? mem.longValue() : -1,
                    major == null ? -1 : major, minor == null ? -1 : minor, sms == null ? -1 : sms, rest));
        }
        return null;
    }

    private static Integer asInt(JsonNode v) {
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isTextual() && INTEGER.matcher(v.textValue().trim()).matches()) {
            try {
                return Integer.parseInt(v.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.textValue() : v.toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    TraceMetadata build(String format) {
        return new TraceMetadata(format, rank, worldSize, backend, groups, devices, baseTimeNanoseconds, other);
    }
}
