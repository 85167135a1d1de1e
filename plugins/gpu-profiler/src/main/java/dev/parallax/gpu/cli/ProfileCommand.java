package dev.parallax.gpu.cli;

import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.sampler.SamplerListener;
import dev.parallax.gpu.trace.TracedLaunch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code parallax profile -- COMMAND ARGS...}: runs the command with the CUPTI injection library and
 * the NVML sampler on and writes one Chrome-trace file (kernels, copies, runtime calls, NVTX ranges,
 * GPU counters). It traces with whatever is available and says what was missing.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Run COMMAND with the GPU profiler on (CUPTI kernel timeline + NVML metrics) and write a "
                + "Chrome-trace JSON file. Exits with COMMAND's exit code (3 when it cannot be started).")
public final class ProfileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--interval-ms", defaultValue = "500", paramLabel = "N",
            description = "GPU metric sampling interval in milliseconds (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = {"-o", "--output"}, paramLabel = "trace.json",
            description = "Trace file to write (default: parallax-profile-<date>-<time>.json here).")
    Path output;

    @Option(names = "--no-metrics", description = "Do not sample GPU metrics.")
    boolean noMetrics;

    @Option(names = "--no-nvtx", description = "Do not record NVTX ranges (use when the program runs torch.profiler).")
    boolean noNvtx;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VALUE",
            description = "Extra environment variable for COMMAND (repeatable).")
    java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();

    @Option(names = "--nvml-library", paramLabel = "PATH", hidden = true)
    String nvmlLibrary;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (intervalMs < 10) {
            err.println("parallax profile: --interval-ms must be at least 10");
            err.flush();
            return 2;
        }
        Path out = output != null ? output : Path.of("parallax-profile-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json");
        Optional<GpuSampler.Options> sampler = Optional.empty();
        if (!noMetrics) {
            GpuSampler.Options so = GpuSampler.Options.every(Duration.ofMillis(intervalMs));
            sampler = Optional.of(nvmlLibrary == null ? so : so.withNvmlLibrary(nvmlLibrary));
        }
        TracedLaunch.Options o = TracedLaunch.Options.of(command, out).withSampler(sampler).withNvtx(!noNvtx)
                .withEnvironment(environment);
        TracedLaunch.Result r;
        try {
            r = TracedLaunch.run(o, new SamplerListener() {
            });
        } catch (IOException e) {
            err.println("parallax profile: " + e.getMessage());
            err.flush();
            return 3;
        }
        for (String m : r.missing()) {
            err.println("parallax profile: missing: " + m);
        }
        var s = r.stats();
        err.printf("parallax profile: trace written to %s (%d kernels, %d memcpy, %d memset, %d NVTX ranges, "
                        + "%d flows, %d metric samples)%n", r.trace().toAbsolutePath(), s.kernels(), s.memcpys(),
                s.memsets(), s.nvtxRanges(), s.flows(), r.samples());
        if (s.droppedLines() > 0) {
            err.printf("parallax profile: %d incomplete event line(s) from a killed process were dropped%n",
                    s.droppedLines());
        }
        err.flush();
        return r.exitCode();
    }
}
