package dev.parallax.analysis.longctx;

import dev.parallax.trace.KinetoArgs;
import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Applicability;
import dev.parallax.analysis.Parameter;
import dev.parallax.analysis.ParameterValues;
import dev.parallax.analysis.Requirement;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.roofline.Ceilings;
import dev.parallax.analysis.roofline.HardwareMatch;
import dev.parallax.analysis.roofline.WorkModel;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.CatalogException;
import dev.parallax.model.catalog.Hardware;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.longcontext.LongContextModel;
import dev.parallax.model.longcontext.ServingAssumptions;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Projects a measured inference trace to longer contexts: each operator's FLOPs and bytes are recomputed with its
 * sequence dimensions set to the target length T, and its time scaled by the ratio of rooflines so that it keeps
 * its measured fraction of the roofline (or takes the roofline itself at peak efficiency); the sums give the
 * prefill time, the decode step time and the tokens per second at T. The four bounds of Yao Fu, "Challenges in
 * Deploying Long-Context Transformers: A Theoretical Peak Performance Analysis" (2024, arXiv 2405.08944) — KV
 * cache size and the concurrency that fits in HBM, prefill compute, decode bandwidth, PCIe context switch —
 * come from {@link LongContextModel} with the model given or read from the trace's shapes.
 */
public final class LongContextProjectionAnalysis implements Analysis {
    public static final String ID = "longctx-projection";

    public static final Parameter<String> CONTEXT = Parameter.ofString("context",
            "target context lengths, comma-separated (e.g. 32768,131072); empty: powers of two from the traced "
                    + "length to the model's maximum", "");
    public static final Parameter<String> MODEL = Parameter.ofString("model",
            "catalog model id or path of a Hugging Face config.json; empty: read from the trace's shapes", "");
    public static final Parameter<String> HARDWARE = Parameter.ofString("hardware",
            "catalog hardware id; empty: matched from the trace's deviceProperties", "");
    public static final Parameter<String> EFFICIENCY = Parameter.ofChoice("efficiency",
            "measured: every op keeps its measured fraction of its roofline; peak: every op at its roofline",
            "measured", "measured", "peak");
    public static final Parameter<Integer> TENSOR_PARALLEL = Parameter.ofInt("tensor_parallel",
            "GPUs the model is split over (capacity and context-switch bounds)", 1);
    public static final Parameter<Double> RESERVED_FRACTION = Parameter.ofDouble("reserved_fraction",
            "fraction of each GPU's HBM kept back for activations and the runtime", 0.1);
    public static final Parameter<Long> MAX_CONTEXT = Parameter.ofLong("max_context",
            "largest context of the default sweep; 0: the model's max_position_embeddings (131072 when unknown)", 0);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Long-context projection";
    }

    @Override
    public String description() {
        return "What the traced model will cost at longer contexts: prefill time, decode time per token, KV cache, "
                + "concurrency in HBM and context-switch time against T, keeping each operator's measured "
                + "efficiency, and where attention overtakes GEMMs or a phase changes bound.";
    }

    @Override
    public List<Parameter<?>> parameters() {
        return List.of(CONTEXT, MODEL, HARDWARE, EFFICIENCY, TENSOR_PARALLEL, RESERVED_FRACTION, MAX_CONTEXT);
    }

    @Override
    public List<Requirement> requirements() {
        return List.of(Requirement.GPU_KERNELS, Requirement.CPU_OPS, Requirement.SHAPES);
    }

    @Override
    public Applicability applicability(TraceSet traces) {
        for (var m : traces.members()) {
            var pool = m.trace().strings();
            if (pool.find(KinetoArgs.INPUT_DIMS) >= 0 && pool.find(KinetoArgs.CORRELATION) >= 0) {
                return Applicability.APPLIES;
            }
        }
        return Applicability.notApplicable("the trace has no operator shapes linked to GPU kernels "
                + "(record it with torch.profiler.profile(record_shapes=True) and CUDA activities)");
    }

    @Override
    public Result run(TraceSet traces, ParameterValues p, Progress progress) {
        return project(traces, p, progress).result();
    }

    /** Everything a view draws, from one run. */
    public record Output(Result result, ContextReport report) {
    }

    /** Runs the projection and keeps its curves for views. */
    public Output project(TraceSet traces, ParameterValues p, Progress progress) {
        Applicability a = applicability(traces);
        if (!a.applies()) {
            return new Output(Result.notApplicable(this, a.reason()), null);
        }
        Catalog catalog = catalog();
        WorkModel work = new WorkModel();
        progress.update(0, 3, "linking operators to kernels");
        StepFinder.Steps found = null;
        TraceSet.Member member = null;
        for (TraceSet.Member m : traces.members()) {
            progress.checkCancelled();
            StepFinder.Steps s = StepFinder.of(m.trace(), m.rank(), work);
            if (!s.steps().isEmpty()) {
                found = s;
                member = m;
                break;
            }
        }
        if (found == null) {
            return new Output(Result.notApplicable(this, "no step of the trace has an attention operator with "
                    + "readable shapes, so neither its phase nor its context length is known"), null);
        }
        String hardwareId = p.get(HARDWARE).trim();
        Hardware hardware;
        try {
            hardware = hardwareId.isEmpty() ? HardwareMatch.find(catalog, member.trace().metadata().devices())
                    : catalog.hardware(hardwareId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter hardware: " + e.getMessage(), e);
        }
        if (hardware == null) {
            return new Output(Result.notApplicable(this, "the trace's device is not in the hardware catalog; "
                    + "name it with --param hardware=ID"), null);
        }
        progress.update(1, 3, "projecting");
        boolean peak = p.get(EFFICIENCY).equals("peak");
        Ceilings ceilings = new Ceilings(hardware);
        List<InferenceStep> prefill = new ArrayList<>();
        List<InferenceStep> decode = new ArrayList<>();
        for (InferenceStep s : found.steps()) {
            (s.shape().prefill() ? prefill : decode).add(s);
        }
        Projection pre = new Projection(prefill, peak, ceilings, work);
        Projection dec = new Projection(decode, peak, ceilings, work);

        InferenceStep reference = !prefill.isEmpty() ? prefill.get(0) : decode.get(0);
        String modelText = p.get(MODEL).trim();
        ModelFromShapes inferred = ModelFromShapes.of(reference, 131_072);
        ModelArchitecture arch;
        ServingAssumptions assumptions = ServingAssumptions.defaults()
                .withTensorParallel(Math.max(1, p.get(TENSOR_PARALLEL)))
                .withDtypes(inferred.weightDtype(), inferred.kvDtype())
                .withReservedBytesPerGpu(Math.max(0, p.get(RESERVED_FRACTION)) * hardware.hbmBytes());
        if (!modelText.isEmpty()) {
            try {
                arch = catalog.model(modelText);
            } catch (IllegalArgumentException | CatalogException e) {
                throw new IllegalArgumentException("parameter model: " + e.getMessage(), e);
            }
        } else {
            arch = inferred.architecture();
            assumptions = assumptions.withParameterOverride(inferred.weightElements());
        }
        LongContextModel bounds = new LongContextModel(arch, hardware, assumptions);
        long maxContext = p.get(MAX_CONTEXT) > 0 ? p.get(MAX_CONTEXT)
                : !modelText.isEmpty() && arch.maxContext() > 0 ? arch.maxContext() : 131_072;
        long measured = pre.present() ? pre.measuredContext() : dec.measuredContext();
        long[] targets = targets(p.get(CONTEXT), measured, maxContext);
        ContextReport report = new ContextReport(member.rank(), hardware, arch, modelText.isEmpty(), peak, pre, dec,
                bounds, targets, found.withoutAttention(), Path.of(member.trace().source()).getFileName().toString(),
                inferred.architecture());
        progress.update(2, 3, "writing the result");
        Result r = ProjectionResult.write(this, report);
        progress.update(3, 3, "done");
        return new Output(r, report);
    }

    /** The user's list, else powers of two from the traced length up to {@code max} and {@code max} itself. */
    static long[] targets(String text, long measured, long max) {
        TreeSet<Long> out = new TreeSet<>();
        if (!text.isBlank()) {
            for (String part : text.split(",")) {
                String s = part.trim().toLowerCase(java.util.Locale.ROOT);
                if (s.isEmpty()) {
                    continue;
                }
                long mult = 1;
                if (s.endsWith("k")) {
                    mult = 1024;
                    s = s.substring(0, s.length() - 1);
                } else if (s.endsWith("m")) {
                    mult = 1024 * 1024;
                    s = s.substring(0, s.length() - 1);
                }
                long v;
                try {
                    v = Long.parseLong(s.trim()) * mult;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("parameter context: cannot use '" + part.trim()
                            + "' (expected token counts such as 32768,128k,1m)");
                }
                if (v < 1) {
                    throw new IllegalArgumentException("parameter context: lengths must be positive, got " + v);
                }
                out.add(v);
            }
            return out.stream().mapToLong(Long::longValue).toArray();
        }
        long start = Math.max(1, measured);
        out.add(start);
        long t = Long.highestOneBit(start) << 1;
        while (t < max) {
            out.add(t);
            t <<= 1;
        }
        out.add(Math.max(start, max));
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static Catalog catalog() {
        try {
            String home = System.getProperty("user.home");
            return Catalog.load(home == null ? null : Path.of(home), List.of());
        } catch (CatalogException e) {
            return Catalog.builtIn();
        }
    }

}
