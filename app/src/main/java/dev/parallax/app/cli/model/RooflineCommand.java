package dev.parallax.app.cli.model;

import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.ServingAssumptions;
import dev.parallax.model.roofline.OperatorCost;
import dev.parallax.model.roofline.Phase;
import dev.parallax.model.roofline.RooflineModel;
import dev.parallax.model.roofline.RooflineReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code parallax model roofline}: per-operator roofline of a prefill or decode step. */
@Command(name = "roofline", mixinStandardHelpOptions = true, description = {
        "Roofline per operator of one prefill or decode step.",
        "FLOPs, bytes, arithmetic intensity, bound and time, with the step totals (Williams et al. 2009; "
                + "operator accounting as LLM-Viewer, arXiv 2402.16363)."})
final class RooflineCommand extends ModelSubcommand {
    @Mixin
    ServingOptions serving;

    @Option(names = "--context", defaultValue = "4096", paramLabel = "T",
            description = "Prompt length (prefill) or tokens in the KV cache (decode) (default: ${DEFAULT-VALUE}).")
    long context;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "B", description = "Sequences (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--phase", defaultValue = "decode", paramLabel = "prefill|decode", description = "Phase (default: ${DEFAULT-VALUE}).")
    String phase;

    @Override
    int run() {
        ServingOptions.Setup setup = serving.resolve(catalog());
        ModelArchitecture model = setup.model();
        Hardware hw = setup.hardware();
        ServingAssumptions a = setup.assumptions();
        RooflineReport r = new RooflineModel(model, hw, a).analyze(Phase.parse(phase), batch, context);
        if (json) {
            Map<String, Object> root = setup.jsonHead();
            root.put("phase", r.phase().id());
            root.put("batch", r.batch());
            root.put("context", r.context());
            root.put("peak_flops", r.peakFlops());
            root.put("bandwidth", r.bandwidth());
            root.put("ridge_point", r.ridgePoint());
            List<Object> ops = new ArrayList<>();
            for (OperatorCost o : r.operators()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", o.name());
                m.put("occurrences", o.occurrences());
                m.put("flops", o.flops());
                m.put("bytes", o.bytes());
                m.put("arithmetic_intensity", o.intensity());
                m.put("bound", o.boundId());
                m.put("seconds", o.seconds());
                m.put("compute_seconds", o.computeSeconds());
                m.put("memory_seconds", o.memorySeconds());
                ops.add(m);
            }
            root.put("operators", ops);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("flops", r.totalFlops());
            t.put("bytes", r.totalBytes());
            t.put("arithmetic_intensity", r.intensity());
            t.put("seconds", r.totalSeconds());
            t.put("memory_bound_time_fraction", r.memoryBoundTimeFraction());
            root.put("totals", t);
            root.put("assumptions", serving.assumptionsJson(a));
            printJson(root);
        } else {
            var o = out();
            o.printf(Locale.ROOT, "%s %s on %d × %s, batch %d, context %,d; ridge %.1f FLOP/B%n", model.name(), r.phase().id(),
                    a.tensorParallel(), hw.name(), batch, context, r.ridgePoint());
            o.printf(Locale.ROOT, "  %-22s %6s %16s %14s %10s %-8s %s%n", "operator", "count", "FLOPs", "bytes", "FLOP/B", "bound", "time");
            for (OperatorCost op : r.operators()) {
                o.printf(Locale.ROOT, "  %-22s %6d %16.4g %14.4g %10.2f %-8s %s%n", op.name(), op.occurrences(), op.flops(),
                        op.bytes(), op.intensity(), op.boundId(), Units.seconds(op.seconds()));
            }
            o.printf(Locale.ROOT, "  %-22s %6s %16.4g %14.4g %10.2f %-8s %s%n", "total", "", r.totalFlops(), r.totalBytes(),
                    r.intensity(), String.format(Locale.ROOT, "%.0f%%mem", 100 * r.memoryBoundTimeFraction()),
                    Units.seconds(r.totalSeconds()));
            o.flush();
        }
        return 0;
    }
}
