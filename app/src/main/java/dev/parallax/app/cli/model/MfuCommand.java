package dev.parallax.app.cli.model;

import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.training.MegatronFlops;
import dev.parallax.model.training.TrainingEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code parallax model mfu}: training FLOPs per iteration (Megatron-LM) and MFU (PaLM). */
@Command(name = "mfu", mixinStandardHelpOptions = true, description = {
        "Training FLOPs per iteration and model FLOPs utilization.",
        "FLOPs per iteration as Megatron-LM (Narayanan et al. 2021), MFU as PaLM (Chowdhery et al. 2022), for "
                + "a measured iteration time."})
final class MfuCommand extends ModelSubcommand {
    @Option(names = "--model", required = true, paramLabel = "ID|config.json", description = "Catalog model id or config.json.")
    String model;

    @Option(names = "--hardware", required = true, paramLabel = "ID", description = "Catalog hardware id.")
    String hardware;

    @Option(names = "--gpus", required = true, paramLabel = "N", description = "GPUs in the job.")
    int gpus;

    @Option(names = "--batch", required = true, paramLabel = "B", description = "Global batch in sequences.")
    double batch;

    @Option(names = "--seq", required = true, paramLabel = "S", description = "Sequence length in tokens.")
    double seq;

    @Option(names = "--iteration-seconds", required = true, paramLabel = "T", description = "Measured time of one iteration.")
    double iterationSeconds;

    @Option(names = "--dtype", defaultValue = "bf16", paramLabel = "DTYPE", description = "Math format whose peak counts (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--recompute", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Count full activation recomputation in the hardware FLOPs (default: ${DEFAULT-VALUE}).")
    boolean recompute;

    @Option(names = "--train-tokens", paramLabel = "TOKENS",
            description = "Also estimate end-to-end training time for this many tokens at the achieved throughput.")
    Double trainTokens;

    @Override
    int run() {
        requirePositive("--gpus", gpus);
        requirePositive("--batch", batch);
        requirePositive("--seq", seq);
        requirePositive("--iteration-seconds", iterationSeconds);
        Catalog c = catalog();
        ModelArchitecture m = c.model(model);
        Hardware hw = c.hardware(hardware);
        Dtype d = Dtype.parse(dtype);
        TrainingEstimate e = TrainingEstimate.of(m, hw, d, gpus, batch, seq, iterationSeconds, recompute);
        Double days = trainTokens == null ? null
                : MegatronFlops.trainingSeconds(trainTokens, e.parameters(), gpus, e.achievedFlopsPerGpu(), recompute) / 86_400;
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("model", m.id());
            root.put("hardware", hw.id());
            root.put("gpus", gpus);
            root.put("batch", batch);
            root.put("seq", seq);
            root.put("iteration_seconds", iterationSeconds);
            root.put("recompute", recompute);
            root.put("parameters", e.parameters());
            root.put("flops_per_iteration", e.flopsPerIteration());
            root.put("model_flops_per_iteration", e.modelFlopsPerIteration());
            root.put("tokens_per_second", e.tokensPerSecond());
            root.put("achieved_flops_per_gpu", e.achievedFlopsPerGpu());
            root.put("peak_flops_per_gpu", e.peakFlopsPerGpu());
            root.put("mfu", e.mfu());
            root.put("hfu", e.hfu());
            if (days != null) {
                root.put("train_tokens", trainTokens);
                root.put("training_days", days);
            }
            printJson(root);
        } else {
            var o = out();
            o.printf(Locale.ROOT, "%s on %d × %s, batch %.0f × %.0f tokens, %s per iteration%n", m.name(), gpus, hw.name(),
                    batch, seq, Units.seconds(iterationSeconds));
            o.printf(Locale.ROOT, "  FLOPs per iteration (Megatron-LM%s)  %s%n", recompute ? ", recomputation" : "",
                    Units.flops(e.flopsPerIteration()));
            o.printf(Locale.ROOT, "  model FLOPs per iteration (PaLM)      %s%n", Units.flops(e.modelFlopsPerIteration()));
            o.printf(Locale.ROOT, "  achieved per GPU                      %.1f TFLOP/s of %.1f%n", e.achievedFlopsPerGpu() / 1e12,
                    e.peakFlopsPerGpu() / 1e12);
            o.printf(Locale.ROOT, "  MFU %.1f%%   HFU %.1f%%   %.0f tokens/s%n", 100 * e.mfu(), 100 * e.hfu(), e.tokensPerSecond());
            if (days != null) {
                o.printf(Locale.ROOT, "  training %.3g tokens: %.1f days%n", trainTokens, days);
            }
            o.flush();
        }
        return 0;
    }
}
