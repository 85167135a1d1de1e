package dev.parallax.nsight;

import dev.parallax.trace.DeviceProperties;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lookup tables of one Nsight export that every event table refers to: {@code StringIds},
 * {@code PROCESSES}, {@code ThreadNames}, devices ({@code TARGET_INFO_GPU}, or
 * {@code TARGET_INFO_CUDA_DEVICE} in exports without it) and the export's own description
 * ({@code META_DATA_EXPORT}). Small tables, read whole.
 */
final class NsightContext {
    private final Map<Long, String> strings = new HashMap<>();
    private final Map<Long, String> processNames = new HashMap<>();
    private final Map<Long, String> threadNames = new HashMap<>();
    private final Map<Long, DeviceProperties> devices = new LinkedHashMap<>();
    private final Map<String, String> exportInfo = new LinkedHashMap<>();

    static NsightContext read(NsightDatabase db) throws SQLException {
        NsightContext c = new NsightContext();
        if (db.hasTable("StringIds")) {
            TableQuery q = new TableQuery(db, "StringIds", "id", "value");
            if (q.has("id") && q.has("value")) {
                try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
                    while (rs.next()) {
                        c.strings.put(rs.getLong(1), rs.getString(2));
                    }
                }
            }
        }
        if (db.hasTable("PROCESSES")) {
            TableQuery q = new TableQuery(db, "PROCESSES", "globalPid", "pid", "name");
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
                while (rs.next()) {
                    long globalPid = q.getLong(rs, "globalPid", -1);
                    long pid = globalPid >= 0 ? NsightNames.pidOf(globalPid) : q.getLong(rs, "pid", -1);
                    String name = q.getString(rs, "name");
                    if (pid >= 0 && name != null) {
                        c.processNames.put(pid, name);
                    }
                }
            }
        }
        if (db.hasTable("ThreadNames")) {
            TableQuery q = new TableQuery(db, "ThreadNames", "globalTid", "nameId");
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
                while (rs.next()) {
                    long tid = q.getLong(rs, "globalTid", -1);
                    long nameId = q.getLong(rs, "nameId", -1);
                    if (tid >= 0 && nameId >= 0) {
                        c.threadNames.put(tid, c.strings.get(nameId));
                    }
                }
            }
        }
        c.readDevices(db);
        if (db.hasTable("META_DATA_EXPORT")) {
            TableQuery q = new TableQuery(db, "META_DATA_EXPORT", "name", "value");
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
                while (rs.next()) {
                    String k = q.getString(rs, "name");
                    String v = q.getString(rs, "value");
                    if (k != null && v != null) {
                        c.exportInfo.put(k, v);
                    }
                }
            }
        }
        return c;
    }

    private void readDevices(NsightDatabase db) throws SQLException {
        if (db.hasTable("TARGET_INFO_GPU")) {
            String[] wanted = {"id", "name", "totalMemory", "computeMajor", "computeMinor", "smCount", "memoryBandwidth",
                "clockRate", "l2CacheSize", "busLocation", "uuid", "chipName", "maxThreadsPerBlock", "threadsPerWarp",
                "maxShmemPerBlock", "maxRegistersPerBlock", "asyncEngines", "cuDevice"};
            TableQuery q = new TableQuery(db, "TARGET_INFO_GPU", wanted);
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
                while (rs.next()) {
                    long id = q.getLong(rs, "id", devices.size());
                    Map<String, String> other = new LinkedHashMap<>();
                    for (String col : List.of("memoryBandwidth", "clockRate", "l2CacheSize", "busLocation", "uuid",
                            "chipName", "maxThreadsPerBlock", "threadsPerWarp", "maxShmemPerBlock",
                            "maxRegistersPerBlock", "asyncEngines", "cuDevice")) {
                        String v = q.getString(rs, col);
                        if (v != null) {
                            other.put(col, v);
                        }
                    }
                    devices.put(id, new DeviceProperties((int) id, q.getString(rs, "name"),
                            q.getLong(rs, "totalMemory", -1), (int) q.getLong(rs, "computeMajor", -1),
                            (int) q.getLong(rs, "computeMinor", -1), (int) q.getLong(rs, "smCount", -1), other));
                }
            }
        } else if (db.hasTable("TARGET_INFO_CUDA_DEVICE")) {
            TableQuery q = new TableQuery(db, "TARGET_INFO_CUDA_DEVICE", "cudaId", "gpuId", "numMultiprocessors", "uuid");
            try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(q.sql(null))) {
                while (rs.next()) {
                    long id = q.getLong(rs, "cudaId", q.getLong(rs, "gpuId", devices.size()));
                    Map<String, String> other = new LinkedHashMap<>();
                    String uuid = q.getString(rs, "uuid");
                    if (uuid != null) {
                        other.put("uuid", uuid);
                    }
                    devices.putIfAbsent(id, new DeviceProperties((int) id, null, -1, -1, -1,
                            (int) q.getLong(rs, "numMultiprocessors", -1), other));
                }
            }
        }
    }

    String string(long id) {
        return strings.get(id);
    }

    String processName(long pid) {
        return processNames.get(pid);
    }

    String threadName(long globalTid) {
        return threadNames.get(globalTid);
    }

    String deviceName(long device) {
        DeviceProperties d = devices.get(device);
        return d == null ? null : d.name();
    }

    List<DeviceProperties> devices() {
        return new ArrayList<>(devices.values());
    }

    Map<String, String> exportInfo() {
        return exportInfo;
    }
}
