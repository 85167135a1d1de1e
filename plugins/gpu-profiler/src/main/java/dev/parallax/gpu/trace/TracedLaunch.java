package dev.parallax.gpu.trace;

import dev.parallax.gpu.nativelib.NativeLibraries;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.sampler.SamplerListener;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a command with the CUPTI injection library ({@code CUDA_INJECTION64_PATH}) and the NVML
 * sampler on, then merges the injection's per-process traces and the sampler's counters into one
 * Chrome-trace file. Whatever is missing (no driver, no libcupti, no NVML) is named in
 * {@link Result#missing()} and in the trace as {@code parallax_diagnostic} events; the command
 * runs all the same.
 */
public final class TracedLaunch {
    /** What to run and how. */
    public record Options(List<String> command, Path workingDirectory, Map<String, String> environment,
                          Path output, Optional<GpuSampler.Options> sampler, boolean nvtx,
                          Optional<Path> commandLog) {
        public Options {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("no command to launch");
            }
            environment = Map.copyOf(environment);
            Objects.requireNonNull(workingDirectory);
            Objects.requireNonNull(output);
        }

        /** Defaults: current folder, no extra environment, sampling every 500 ms, NVTX on, output inherited. */
        public static Options of(List<String> command, Path output) {
            return new Options(command, Path.of("").toAbsolutePath(), Map.of(), output,
                    Optional.of(GpuSampler.Options.every(Duration.ofMillis(500))), true, Optional.empty());
        }

        public Options withWorkingDirectory(Path dir) {
            return new Options(command, dir, environment, output, sampler, nvtx, commandLog);
        }

        /** Extra environment of the command (added to this process's). */
        public Options withEnvironment(Map<String, String> env) {
            return new Options(command, workingDirectory, env, output, sampler, nvtx, commandLog);
        }

        /** How to sample GPU metrics during the run; empty: no metrics. */
        public Options withSampler(Optional<GpuSampler.Options> options) {
            return new Options(command, workingDirectory, environment, output, options, nvtx, commandLog);
        }

        /** Whether NVTX ranges are recorded (sets NVTX_INJECTION64_PATH unless the environment has it). */
        public Options withNvtx(boolean on) {
            return new Options(command, workingDirectory, environment, output, sampler, on, commandLog);
        }

        /** Sends the command's stdout and stderr to a file instead of this process's. */
        public Options withCommandLog(Path log) {
            return new Options(command, workingDirectory, environment, output, sampler, nvtx, Optional.of(log));
        }
    }

    /** The outcome: the merged trace, the command's exit code, what it holds and what was missing. */
    public record Result(Path trace, int exitCode, TraceMerger.Stats stats, int samples, List<String> missing) {
    }

    private TracedLaunch() {
    }

    /**
     * Runs the command to its end (the calling thread waits) and writes the merged trace. Interrupting
     * the calling thread cancels: the command is stopped, the trace of what ran is still written, and
     * the thread's interrupt flag is set again on return.
     */
    public static Result run(Options o, SamplerListener listener) throws IOException, InterruptedException {
        long baseNanos = epochNanos(Instant.now());
        List<String> missing = new ArrayList<>();
        Path raw = Files.createTempDirectory("parallax-trace-");
        try {
            Map<String, String> env = new LinkedHashMap<>(System.getenv());
            env.putAll(o.environment());
            Optional<Path> injection = NativeLibraries.extract(NativeLibraries.CUPTI_INJECTION);
            if (injection.isPresent()) {
                env.put("CUDA_INJECTION64_PATH", injection.get().toString());
                env.put("PARALLAX_TRACE_FILE", raw.resolve("trace-%p.json").toString());
                env.put("PARALLAX_TRACE_BASE_NS", Long.toString(baseNanos));
                CuptiLocator.Result cupti = CuptiLocator.find(env);
                if (cupti.library().isPresent()) {
                    env.put("PARALLAX_CUPTI_PATH", cupti.library().get().toString());
                    if (o.nvtx()) {
                        env.putIfAbsent("NVTX_INJECTION64_PATH", cupti.library().get().toString());
                    }
                } else {
                    missing.add("libcupti not found (searched " + String.join(", ", cupti.searched())
                            + "); set PARALLAX_CUPTI_PATH. No kernel timeline.");
                }
            } else {
                missing.add(NativeLibraries.CUPTI_INJECTION + " is not in this build (native build skipped or platform "
                        + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " unsupported)");
            }
            List<String> samplerProblems = new ArrayList<>();
            GpuSampler sampler = null;
            if (o.sampler().isPresent()) {
                SamplerListener relay = new SamplerListener() {
                    @Override
                    public void onInfo(dev.parallax.gpu.sampler.GpuInfo info) {
                        listener.onInfo(info);
                    }

                    @Override
                    public void onSample(GpuSample sample) {
                        listener.onSample(sample);
                    }

                    @Override
                    public void onProblem(String message) {
                        synchronized (samplerProblems) {
                            samplerProblems.add(message);
                        }
                        listener.onProblem(message);
                    }
                };
                sampler = GpuSampler.start(o.sampler().get(), relay);
                sampler.awaitStarted(o.sampler().get().startupTimeout()); // sample from the command's first moment
            }
            ProcessBuilder pb = new ProcessBuilder(o.command()).directory(o.workingDirectory().toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            if (o.commandLog().isPresent()) {
                pb.redirectErrorStream(true).redirectOutput(o.commandLog().get().toFile());
            } else {
                pb.inheritIO();
            }
            int exit;
            boolean interrupted = false;
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                if (sampler != null) {
                    sampler.stop();
                }
                throw new IOException("cannot start " + o.command().get(0) + ": " + e.getMessage(), e);
            }
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                // cancelled: stop the command (SIGTERM, then SIGKILL) and keep what it traced so far
                interrupted = true;
                p.destroy();
                if (!p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                exit = p.waitFor();
                missing.add("the launch was cancelled; the command was stopped (exit code " + exit + ")");
            }
            List<GpuSample> samples = sampler == null ? List.of() : sampler.stop();
            synchronized (samplerProblems) {
                for (String m : samplerProblems) {
                    missing.add("GPU metrics: " + m);
                }
            }
            List<Path> files = traceFiles(raw);
            if (injection.isPresent() && files.isEmpty()) {
                missing.add(CuptiLocator.driverPresent(env)
                        ? "no GPU activity was recorded: the command never initialised CUDA"
                        : "no GPU activity was recorded: libcuda.so.1 (the NVIDIA driver) not found");
            }
            TraceMerger.Stats stats = TraceMerger.merge(files, samples, baseNanos, missing, o.output());
            List<String> all = new ArrayList<>(missing);
            all.addAll(stats.diagnostics());
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return new Result(o.output(), exit, stats, samples.size(), all);
        } finally {
            deleteTree(raw);
        }
    }

    static long epochNanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static List<Path> traceFiles(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "trace-*.json")) {
            ds.forEach(out::add);
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
