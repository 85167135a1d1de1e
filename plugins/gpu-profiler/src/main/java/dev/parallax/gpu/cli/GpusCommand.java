package dev.parallax.gpu.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.gpu.sampler.GpuInfo;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.GpuSampler;
import dev.parallax.gpu.sampler.SeriesCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code parallax gpus}: what NVML reports for each GPU of this machine, or why it cannot. */
@Command(name = "gpus", mixinStandardHelpOptions = true,
        description = "Show each GPU as NVML reports it (name, UUID, utilisation, memory, power, clocks, "
                + "temperature, PCIe, processes), or why NVML cannot be used (exit 3).")
public final class GpusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (snake_case keys) instead of text.")
    boolean json;

    @Option(names = "--nvml-library", paramLabel = "PATH",
            description = "NVML library to load (default: libnvidia-ml.so.1 from the loader's path).")
    String nvmlLibrary;

    @Override
    public Integer call() throws IOException, InterruptedException {
        GpuSampler.Options o = GpuSampler.Options.every(Duration.ofMillis(100));
        if (nvmlLibrary != null) {
            o = o.withNvmlLibrary(nvmlLibrary);
        }
        GpuSampler.Probe probe = GpuSampler.probe(o);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (probe.info().isEmpty() || probe.problem().isPresent() && probe.samples().isEmpty()) {
            err.println("parallax gpus: NVML unavailable: " + probe.problem().orElse("the sampler reported nothing"));
            err.flush();
            return 3;
        }
        GpuInfo info = probe.info().get();
        if (json) {
            writeJson(out, info, probe);
        } else {
            writeText(out, info, probe);
        }
        out.flush();
        return 0;
    }

    private static void writeJson(PrintWriter out, GpuInfo info, GpuSampler.Probe probe) throws IOException {
        JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("library", info.library());
        g.writeStringField("driver_version", info.driverVersion());
        g.writeArrayFieldStart("devices");
        for (GpuSample s : probe.samples()) {
            g.writeStartObject();
            g.writeNumberField("index", s.device());
            g.writeStringField("name", s.name());
            g.writeStringField("uuid", s.uuid());
            for (Map.Entry<String, Double> v : s.values().entrySet()) {
                double d = v.getValue();
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    g.writeNumberField(v.getKey(), (long) d);
                } else {
                    g.writeNumberField(v.getKey(), d);
                }
            }
            g.writeArrayFieldStart("processes");
            for (GpuSample.ProcessMemory p : s.processes()) {
                g.writeStartObject();
                g.writeNumberField("pid", p.pid());
                g.writeNumberField("used_bytes", p.usedBytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("missing");
            for (Map.Entry<String, String> m : s.missing().entrySet()) {
                g.writeStringField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.println();
    }

    private static void writeText(PrintWriter out, GpuInfo info, GpuSampler.Probe probe) {
        out.printf("NVML %s, driver %s, %d GPU(s)%n", info.library(), info.driverVersion(), info.devices().size());
        for (GpuSample s : probe.samples()) {
            out.printf("%nGPU %d: %s (%s)%n", s.device(), s.name(), s.uuid());
            for (SeriesCatalog.Series series : SeriesCatalog.ALL) {
                Double v = s.values().get(series.key());
                if (v != null) {
                    out.printf("  %-32s %,.1f%n", series.label(), v * series.scale());
                }
            }
            Double total = s.values().get("mem_total_bytes");
            if (total != null) {
                out.printf("  %-32s %,.1f%n", "memory total MiB", total / (1 << 20));
            }
            for (GpuSample.ProcessMemory p : s.processes()) {
                out.printf("  process %-24d %,.1f MiB%n", p.pid(), p.usedBytes() / (double) (1 << 20));
            }
            s.missing().forEach((k, why) -> out.printf("  (no %s: %s)%n", k, why));
        }
    }
}
