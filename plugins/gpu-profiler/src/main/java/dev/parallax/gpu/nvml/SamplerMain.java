package dev.parallax.gpu.nvml;

import dev.parallax.gpu.nativelib.NativeLibraries;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The sampler child process: loads the JNI library, opens NVML and writes one JSON line per device
 * per tick to stdout (after one {@code "info"} line). A failure to start is one
 * {@code {"type":"error","message":...}} line and exit code 3. It runs in its own JVM because a
 * crash inside the driver library would kill the JVM that loaded it; it exits by itself when its
 * parent is gone. Arguments: {@code [--interval-ms N] [--count TICKS] [--library PATH]}.
 */
public final class SamplerMain {
    private SamplerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        long intervalMs = 1000;
        long count = -1;
        String library = System.getProperty("parallax.nvml.library", "");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--interval-ms" -> intervalMs = Long.parseLong(args[++i]);
                case "--count" -> count = Long.parseLong(args[++i]);
                case "--library" -> library = args[++i];
                default -> {
                    fail(out, "unknown argument " + args[i]);
                    return;
                }
            }
        }
        Optional<Path> jni = NativeLibraries.extract(NativeLibraries.NVML_JNI);
        if (jni.isEmpty()) {
            fail(out, NativeLibraries.NVML_JNI + " is not in this build (native build skipped or unsupported platform "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
            return;
        }
        long handle;
        try {
            NvmlNative.load(jni.get().toString());
            handle = NvmlNative.open(library);
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            fail(out, e.getMessage());
            return;
        }
        out.println(NvmlNative.infoJson(handle));
        out.flush();
        int devices = NvmlNative.deviceCount(handle);
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        for (long tick = 0; count < 0 || tick < count; tick++) {
            if (tick > 0) {
                Thread.sleep(intervalMs);
            }
            if (parent.isPresent() && !parent.get().isAlive()) {
                break;
            }
            for (int d = 0; d < devices; d++) {
                String line = NvmlNative.sampleJson(handle, d);
                if (line != null) {
                    out.println(line);
                }
            }
            out.flush();
        }
        NvmlNative.close(handle);
        out.flush();
    }

    private static void fail(PrintStream out, String message) {
        out.println("{\"type\":\"error\",\"message\":\"" + escape(message) + "\"}");
        out.flush();
        System.exit(3);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : (s == null ? "" : s).toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
