package dev.parallax.app.cli.model;

import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.LongContextCost;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code parallax model longctx}: the four long-context serving bounds (Yao Fu 2024). */
@Command(name = "longctx", mixinStandardHelpOptions = true, description = {
        "Long-context serving cost at theoretical peak.",
        "KV cache, weights, maximum concurrency, prefill time, batched decode time per token and "
                + "context-switch time (Yao Fu 2024, arXiv 2405.08944)."})
final class LongContextCommand extends ModelSubcommand {
    @Mixin
    ServingOptions serving;

    @Option(names = "--context", defaultValue = "4096", paramLabel = "T", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    long context;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B", description = "Sequences decoded together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--sweep", paramLabel = "POINTS",
            description = "Also evaluate POINTS log-spaced context lengths from 1024 to the model's maximum context.")
    Integer sweep;

    @Override
    int run() {
        ServingOptions.Setup setup = serving.resolve(catalog());
        ModelArchitecture model = setup.model();
        Hardware hw = setup.hardware();
        ServingAssumptions a = setup.assumptions();
        if (batch < 1 || context < 1) {
            throw new IllegalArgumentException("--context and --batch must be at least 1");
        }
        LongContextModel lc = new LongContextModel(model, hw, a);
        LongContextCost cost = lc.at(context, batch);
        List<LongContextCost> rows = new ArrayList<>();
        if (sweep != null) {
            long max = Math.max(2048, model.maxContext() > 0 ? model.maxContext() : 131_072);
            for (long t : LongContextModel.logSpacedContexts(1024, max, Math.max(2, sweep))) {
                rows.add(lc.at(t, batch));
            }
        }
        if (json) {
            Map<String, Object> root = setup.jsonHead();
            root.put("dtype", a.weightDtype().id());
            root.put("parameters", lc.parameters());
            root.putAll(toJson(cost));
            root.put("assumptions", serving.assumptionsJson(a));
            if (!rows.isEmpty()) {
                List<Object> list = new ArrayList<>();
                rows.forEach(r -> list.add(toJson(r)));
                root.put("sweep", list);
            }
            printJson(root);
        } else {
            var o = out();
            o.printf(Locale.ROOT, "%s on %d × %s, %s weights, %s KV, context %,d, batch %d%n", model.name(),
                    a.tensorParallel(), hw.name(), a.weightDtype().id(), a.kvDtype().id(), context, batch);
            o.printf(Locale.ROOT, "  parameters               %.3fB%n", lc.parameters() / 1e9);
            o.printf(Locale.ROOT, "  KV cache per token       %s%n", Units.bytes(cost.kvBytesPerToken()));
            o.printf(Locale.ROOT, "  KV cache per sequence    %s%n", Units.bytes(cost.kvBytes()));
            o.printf(Locale.ROOT, "  weights                  %s%n", Units.bytes(cost.weightsBytes()));
            o.printf(Locale.ROOT, "  HBM (all GPUs)           %s%n", Units.bytes(cost.hbmBytes()));
            o.printf(Locale.ROOT, "  max concurrency          %d sequences%s%n", cost.maxConcurrency(),
                    cost.batchFits() ? "" : "  (batch does NOT fit)");
            o.printf(Locale.ROOT, "  prefill (whole batch)    %s (%s)%n", Units.seconds(cost.prefillSeconds()), Units.flops(cost.prefillFlops()));
            o.printf(Locale.ROOT, "  decode per token         %s (%.1f tokens/s over the batch)%n",
                    Units.seconds(cost.decodeSecondsPerToken()), cost.decodeTokensPerSecond());
            o.printf(Locale.ROOT, "  context switch (PCIe)    %s per sequence%n", Units.seconds(cost.contextSwitchSeconds()));
            for (LongContextCost r : rows) {
                o.printf(Locale.ROOT, "  T=%-9d KV %-14s conc %-8d prefill %-12s decode %-12s switch %s%n", r.context(),
                        Units.gib(r.kvBytes()), r.maxConcurrency(), Units.seconds(r.prefillSeconds()),
                        Units.seconds(r.decodeSecondsPerToken()), Units.seconds(r.contextSwitchSeconds()));
            }
            o.flush();
        }
        return 0;
    }

    private static Map<String, Object> toJson(LongContextCost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("context", c.context());
        m.put("batch", c.batch());
        m.put("kv_bytes_per_token", c.kvBytesPerToken());
        m.put("kv_bytes", c.kvBytes());
        m.put("weights_bytes", c.weightsBytes());
        m.put("hbm_bytes", c.hbmBytes());
        m.put("max_concurrency", c.maxConcurrency());
        m.put("batch_fits", c.batchFits());
        m.put("prefill_flops", c.prefillFlops());
        m.put("prefill_seconds", c.prefillSeconds());
        m.put("decode_bytes_per_step", c.decodeBytesPerStep());
        m.put("decode_seconds_per_token", c.decodeSecondsPerToken());
        m.put("decode_tokens_per_second", c.decodeTokensPerSecond());
        m.put("context_switch_seconds", c.contextSwitchSeconds());
        m.put("tensor_parallel_communication_seconds_per_decode_step", c.communicationSecondsPerDecodeStep());
        return m;
    }
}
