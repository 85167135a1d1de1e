package dev.parallax.gpu.sampler;

import dev.parallax.gpu.nvml.SamplerMain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Samples NVML in a child JVM ({@link SamplerMain}) so that a crash inside the driver library cannot
 * take the workbench down. The parent reads one JSON line per device per tick, ignores lines that
 * are not JSON (a crash banner), and a watchdog stops a child that stays silent too long. Whatever
 * ends sampling early (NVML unavailable, crash, hang) is reported once through
 * {@link SamplerListener#onProblem} and {@link #problem()}; samples taken so far are kept.
 */
public final class GpuSampler implements AutoCloseable {
    /** How to sample. */
    public record Options(Duration interval, Optional<String> nvmlLibrary, Duration startupTimeout,
                          Duration silenceTimeout, long maxTicks, Map<String, String> environment) {
        public Options {
            Objects.requireNonNull(interval);
            environment = Map.copyOf(environment);
            if (interval.toMillis() < 10) {
                throw new IllegalArgumentException("sampling interval below 10 ms: " + interval.toMillis() + " ms");
            }
        }

        /** Defaults: no tick limit, NVML from the loader's path (or {@code parallax.nvml.library}),
         * 15 s for the child to start, silence allowed up to 5 intervals (at least 3 s). */
        public static Options every(Duration interval) {
            long silence = Math.max(3000, interval.toMillis() * 5);
            return new Options(interval, Optional.ofNullable(System.getProperty("parallax.nvml.library")),
                    Duration.ofSeconds(15), Duration.ofMillis(silence), -1, Map.of());
        }

        public Options withNvmlLibrary(String path) {
            return new Options(interval, Optional.of(path), startupTimeout, silenceTimeout, maxTicks, environment);
        }

        public Options withSilenceTimeout(Duration timeout) {
            return new Options(interval, nvmlLibrary, startupTimeout, timeout, maxTicks, environment);
        }

        public Options withMaxTicks(long ticks) {
            return new Options(interval, nvmlLibrary, startupTimeout, silenceTimeout, ticks, environment);
        }

        /** Extra environment of the sampler child (e.g. {@code CUDA_VISIBLE_DEVICES}). */
        public Options withEnvironment(Map<String, String> env) {
            return new Options(interval, nvmlLibrary, startupTimeout, silenceTimeout, maxTicks, env);
        }
    }

    private final Options options;
    private final SamplerListener listener;
    private final List<GpuSample> samples = new ArrayList<>();
    private final Deque<String> strayLines = new ArrayDeque<>();
    private final Object lock = new Object();
    private Process process;
    private Thread reader;
    private Thread watchdog;
    private volatile long lastOutputNanos;
    private volatile boolean sawOutput;
    /** Counted down when the child has said whether NVML opened (info or error line) or has ended. */
    private final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stopping;
    private volatile GpuInfo info;
    private volatile String problem;

    private GpuSampler(Options options, SamplerListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /** Starts the child and returns at once; samples arrive on the listener. */
    public static GpuSampler start(Options options, SamplerListener listener) throws IOException {
        GpuSampler s = new GpuSampler(options, listener);
        s.launch();
        return s;
    }

    /**
     * One reading of every device (the {@code parallax gpus} command): starts the child for one tick
     * and waits for it. The result carries the NVML info and samples, or the problem.
     */
    public static Probe probe(Options options) throws IOException, InterruptedException {
        GpuSampler s = start(options.withMaxTicks(1), new SamplerListener() {
        });
        s.awaitExit(options.startupTimeout().plus(options.silenceTimeout()));
        List<GpuSample> samples = s.stop();
        return new Probe(Optional.ofNullable(s.info), samples, s.problem());
    }

    /** Result of {@link #probe}. */
    public record Probe(Optional<GpuInfo> info, List<GpuSample> samples, Optional<String> problem) {
    }

    private void launch() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx64m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "parallax-sampler-hs_err_%p.log"));
        String cache = System.getProperty("parallax.native.cache");
        if (cache != null) {
            cmd.add("-Dparallax.native.cache=" + cache);
        }
        cmd.add("-cp");
        cmd.add(ownClassPath());
        cmd.add(SamplerMain.class.getName());
        cmd.add("--interval-ms");
        cmd.add(Long.toString(options.interval().toMillis()));
        options.nvmlLibrary().ifPresent(lib -> {
            cmd.add("--library");
            cmd.add(lib);
        });
        if (options.maxTicks() > 0) {
            cmd.add("--count");
            cmd.add(Long.toString(options.maxTicks()));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(options.environment());
        lastOutputNanos = System.nanoTime();
        process = pb.start();
        reader = new Thread(this::readLines, "gpu-sampler-reader");
        reader.setDaemon(true);
        reader.start();
        watchdog = new Thread(this::watch, "gpu-sampler-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** The class path entry holding this plugin (a jar or a classes folder): the child runs from it. */
    private static String ownClassPath() {
        try {
            return Path.of(SamplerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            return System.getProperty("java.class.path");
        }
    }

    private void readLines() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lastOutputNanos = System.nanoTime();
                sawOutput = true;
                Optional<SamplerLines.Line> parsed = SamplerLines.parse(line);
                if (parsed.isEmpty()) {
                    synchronized (lock) {
                        strayLines.addLast(line);
                        if (strayLines.size() > 12) {
                            strayLines.removeFirst();
                        }
                    }
                    continue;
                }
                SamplerLines.Line l = parsed.get();
                l.info().ifPresent(i -> {
                    info = i;
                    listener.onInfo(i);
                    started.countDown();
                });
                l.sample().ifPresent(s -> {
                    synchronized (lock) {
                        samples.add(s);
                    }
                    listener.onSample(s);
                });
                l.error().ifPresent(m -> {
                    report(m);
                    started.countDown();
                });
            }
        } catch (IOException e) {
            if (!stopping) {
                report("reading the GPU sampler failed: " + e.getMessage());
            }
        }
        try {
            int code = process.waitFor();
            started.countDown();
            boolean normalEnd = code == 0 && options.maxTicks() > 0;
            if (!stopping && !normalEnd && problem == null) {
                report("GPU sampler exited unexpectedly (exit code " + code + describeSignal(code) + ")"
                        + lastStrayLines());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            started.countDown();
        }
    }

    private static String describeSignal(int code) {
        return switch (code) {
            case 134 -> ", SIGABRT";
            case 137 -> ", SIGKILL";
            case 139 -> ", SIGSEGV";
            default -> "";
        };
    }

    private String lastStrayLines() {
        synchronized (lock) {
            List<String> crash = strayLines.stream().filter(l -> l.contains("SIG") || l.contains("fatal")
                    || l.contains("Problematic frame") || l.contains("Error")).limit(4).toList();
            return crash.isEmpty() ? "" : ": " + String.join(" | ", crash).replaceAll("\\s+", " ").strip();
        }
    }

    private void watch() {
        while (!stopping && process.isAlive()) {
            long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastOutputNanos);
            long allowed = sawOutput ? options.silenceTimeout().toMillis() : options.startupTimeout().toMillis();
            if (silentMs > allowed) {
                report("GPU sampler stopped responding (no output for " + silentMs + " ms); it was stopped");
                process.destroyForcibly();
                return;
            }
            try {
                Thread.sleep(Math.min(250, Math.max(20, allowed / 10)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void report(String message) {
        synchronized (lock) {
            if (problem != null || stopping) {
                return;
            }
            problem = message;
        }
        listener.onProblem(message);
    }

    private void awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            report("GPU sampler did not finish within " + timeout.toMillis() + " ms; it was stopped");
        }
        reader.join(2000);
    }

    /**
     * Waits until the child has said whether NVML opened (its first line) or has ended; returns
     * false when it said nothing within the timeout.
     */
    public boolean awaitStarted(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (started.await(50, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /** True while the child runs. */
    public boolean running() {
        return process.isAlive();
    }

    /** What ended sampling early, if anything did. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** NVML's description of the machine, once the child has sent it. */
    public Optional<GpuInfo> info() {
        return Optional.ofNullable(info);
    }

    /** The samples received so far. */
    public List<GpuSample> samples() {
        synchronized (lock) {
            return List.copyOf(samples);
        }
    }

    /**
     * Stops the child (if running) and returns every sample received. A child that has not said
     * anything yet gets a few seconds to say whether NVML opened, so the reason it did not is kept.
     */
    public List<GpuSample> stop() throws InterruptedException {
        if (started.getCount() > 0) {
            started.await(Math.min(5000, options.startupTimeout().toMillis()), TimeUnit.MILLISECONDS);
        }
        if (!process.isAlive()) {
            reader.join(2000); // let the reader report how the child ended
        }
        stopping = true;
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        }
        reader.join(2000);
        watchdog.interrupt();
        return samples();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
