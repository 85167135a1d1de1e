package dev.parallax.app.cli.model;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code parallax model list}: the catalog ids of hardware and models. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the hardware and model catalog ids.")
final class ModelListCommand extends ModelSubcommand {
    @Override
    int run() {
        Catalog c = catalog();
        if (json) {
            List<Object> hw = new ArrayList<>();
            for (Hardware h : c.hardware().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id());
                m.put("name", h.name());
                Map<String, Object> flops = new LinkedHashMap<>();
                h.denseFlops().forEach((k, v) -> flops.put(k.id(), v));
                m.put("dense_flops", flops);
                m.put("hbm_bytes", h.hbmBytes());
                m.put("hbm_bandwidth", h.hbmBandwidth());
                m.put("interconnect_bandwidth_bidirectional", h.interconnectBandwidth());
                m.put("host_link_bandwidth_per_direction", h.hostLinkBandwidth());
                m.put("sources", h.sources());
                hw.add(m);
            }
            List<Object> models = new ArrayList<>();
            for (ModelArchitecture a : c.models().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", a.id());
                m.put("name", a.name());
                m.put("parameters", a.parameterCount(true));
                m.put("active_parameters", a.activeParameterCount(true));
                m.put("layers", a.layers());
                m.put("hidden_size", a.hidden());
                m.put("attention_heads", a.heads());
                m.put("kv_heads", a.kvHeads());
                m.put("head_dim", a.headDim());
                m.put("vocab_size", a.vocab());
                m.put("max_context", a.maxContext());
                m.put("moe", a.isMoe());
                m.put("source", a.source());
                models.add(m);
            }
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("hardware", hw);
            root.put("models", models);
            printJson(root);
        } else {
            out().println("Hardware (dense BF16 peak, memory, HBM bandwidth):");
            for (Hardware h : c.hardware().values()) {
                out().printf(Locale.ROOT, "  %-16s %-28s %8.1f TFLOP/s %8s %7.0f GB/s%n", h.id(), h.name(),
                        h.denseFlops().getOrDefault(Dtype.BF16, 0.0) / 1e12, Units.gib(h.hbmBytes()).replace(".000", ""),
                        h.hbmBandwidth() / 1e9);
            }
            out().println("Models (parameters incl. embeddings; active per token for MoE):");
            for (ModelArchitecture a : c.models().values()) {
                out().printf(Locale.ROOT, "  %-16s %-32s %8.2fB%s%n", a.id(), a.name(), a.parameterCount(true) / 1e9,
                        a.isMoe() ? String.format(Locale.ROOT, " (%.1fB active)", a.activeParameterCount(true) / 1e9) : "");
            }
            out().flush();
        }
        return 0;
    }
}
