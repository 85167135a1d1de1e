package dev.parallax.app.cli.model;

import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.longcontext.ServingAssumptions;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Model, hardware and serving assumptions shared by {@code longctx} and {@code roofline}. */
final class ServingOptions {
    @Option(names = "--model", required = true, paramLabel = "ID|config.json",
            description = "Catalog model id (see 'parallax model list') or a Hugging Face config.json (or its folder).")
    String model;

    @Option(names = "--hardware", required = true, paramLabel = "ID", description = "Catalog hardware id.")
    String hardware;

    @Option(names = "--gpus", defaultValue = "1", paramLabel = "N", description = "Tensor-parallel GPUs (default: ${DEFAULT-VALUE}).")
    int gpus;

    @Option(names = "--dtype", defaultValue = "bf16", paramLabel = "DTYPE",
            description = "Weight format: bf16, fp16, fp8, int8, int4, fp32 (default: ${DEFAULT-VALUE}).")
    String dtype;

    @Option(names = "--kv-dtype", paramLabel = "DTYPE", description = "KV-cache format (default: the weight format).")
    String kvDtype;

    @Option(names = "--compute-efficiency", defaultValue = "1.0", paramLabel = "F",
            description = "Achievable fraction of peak FLOP/s (default: ${DEFAULT-VALUE}, the theoretical peak).")
    double computeEfficiency;

    @Option(names = "--bandwidth-efficiency", defaultValue = "1.0", paramLabel = "F",
            description = "Achievable fraction of HBM bandwidth (default: ${DEFAULT-VALUE}).")
    double bandwidthEfficiency;

    @Option(names = "--reserved-gib", defaultValue = "0", paramLabel = "GIB",
            description = "HBM reserved per GPU for activations and runtime, GiB (default: ${DEFAULT-VALUE}).")
    double reservedGib;

    @Option(names = "--causal-factor", defaultValue = "0.5", paramLabel = "F",
            description = "Fraction of the T×T attention matrix computed in prefill (default: ${DEFAULT-VALUE}, causal).")
    double causalFactor;

    @Option(names = "--parameters", paramLabel = "N",
            description = "Parameter count to use instead of the one derived from the architecture (e.g. 34e9).")
    Double parameters;

    ServingAssumptions assumptions() {
        Dtype w = Dtype.parse(dtype);
        Dtype kv = kvDtype == null ? w : Dtype.parse(kvDtype);
        return new ServingAssumptions(gpus, w, kv, computeEfficiency, bandwidthEfficiency,
                reservedGib * 1024.0 * 1024 * 1024, causalFactor, parameters == null ? Double.NaN : parameters);
    }

    Map<String, Object> assumptionsJson(ServingAssumptions a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tensor_parallel", a.tensorParallel());
        m.put("weight_dtype", a.weightDtype().id());
        m.put("kv_dtype", a.kvDtype().id());
        m.put("compute_efficiency", a.computeEfficiency());
        m.put("bandwidth_efficiency", a.bandwidthEfficiency());
        m.put("reserved_bytes_per_gpu", a.reservedBytesPerGpu());
        m.put("causal_factor", a.causalFactor());
        m.put("parameter_override", Double.isNaN(a.parameterOverride()) ? null : a.parameterOverride());
        m.put("tensor_parallel_communication", "two ring all-reduces of the activations per layer over the GPU interconnect");
        return m;
    }
}
