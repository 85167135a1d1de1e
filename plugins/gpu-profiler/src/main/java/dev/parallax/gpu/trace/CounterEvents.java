package dev.parallax.gpu.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.gpu.sampler.GpuSample;
import dev.parallax.gpu.sampler.SeriesCatalog;

import java.io.IOException;
import java.util.List;

/**
 * Writes sampler readings as Chrome-trace counter events ({@code ph:"C"}): one track per device and
 * series, named like {@code GPU 0 utilization %}, with {@code pid} = device (the pid of that GPU's
 * kernels in the CUPTI trace) and {@code args {"value": v}}. {@code ts} is microseconds since the
 * trace's clock base, with 3 decimals computed from integers.
 */
public final class CounterEvents {
    private CounterEvents() {
    }

    /** Writes one event per sample and series present in it; returns how many were written. */
    public static int write(JsonGenerator g, List<GpuSample> samples, long baseNanos) throws IOException {
        int n = 0;
        for (GpuSample s : samples) {
            for (SeriesCatalog.Series series : SeriesCatalog.ALL) {
                Double v = s.values().get(series.key());
                if (v == null || v.isNaN()) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("ph", "C");
                g.writeStringField("cat", "gpu_metrics");
                g.writeStringField("name", series.trackName(s.device()));
                g.writeNumberField("pid", s.device());
                g.writeNumberField("tid", 0);
                g.writeFieldName("ts");
                g.writeNumber(micros(s.timeNanos() - baseNanos));
                g.writeObjectFieldStart("args");
                g.writeNumberField("value", Math.round(v * series.scale() * 1000.0) / 1000.0);
                g.writeEndObject();
                g.writeEndObject();
                n++;
            }
        }
        return n;
    }

    /** Nanoseconds as a microsecond literal with 3 decimals, e.g. {@code -1.005} or {@code 12.000}. */
    public static String micros(long nanos) {
        long a = Math.abs(nanos);
        return (nanos < 0 ? "-" : "") + (a / 1000) + "." + String.format("%03d", a % 1000);
    }
}
