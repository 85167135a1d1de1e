package dev.parallax.model.longcontext;

import dev.parallax.model.catalog.Dtype;

/**
 * The assumptions of a serving-cost estimate, all explicit.
 *
 * @param tensorParallel       n GPUs sharing the model by tensor parallelism (capacity, FLOP/s and HBM bandwidth
 *                             scale by n; two all-reduces of the activations per layer are charged on the
 *                             GPU interconnect, Megatron-LM style)
 * @param weightDtype          storage format of the weights
 * @param kvDtype              storage format of the KV cache
 * @param computeEfficiency    achievable fraction of dense peak FLOP/s (1 = theoretical peak)
 * @param bandwidthEfficiency  achievable fraction of HBM bandwidth (1 = theoretical peak)
 * @param reservedBytesPerGpu  HBM kept back per GPU (activations, runtime, fragmentation), bytes
 * @param causalFactor         fraction of the T×T attention matrix computed in prefill (0.5 for a causal mask
 *                             that skips the upper triangle, 1 for a kernel that computes all of it)
 * @param parameterOverride    parameter count to use instead of the architecture's (e.g. a paper's nominal
 *                             "34B"), or NaN to derive it from the architecture
 */
public record ServingAssumptions(int tensorParallel, Dtype weightDtype, Dtype kvDtype, double computeEfficiency,
                                 double bandwidthEfficiency, double reservedBytesPerGpu, double causalFactor,
                                 double parameterOverride) {

    public ServingAssumptions {
        if (tensorParallel < 1) {
            throw new IllegalArgumentException("tensor parallelism must be at least 1, got " + tensorParallel);
        }
        if (!(computeEfficiency > 0 && computeEfficiency <= 1) || !(bandwidthEfficiency > 0 && bandwidthEfficiency <= 1)) {
            throw new IllegalArgumentException("efficiencies must lie in (0, 1]");
        }
        if (causalFactor < 0 || causalFactor > 1) {
            throw new IllegalArgumentException("causal factor must lie in [0, 1], got " + causalFactor);
        }
        if (reservedBytesPerGpu < 0) {
            throw new IllegalArgumentException("reserved memory must not be negative");
        }
    }

    /** Theoretical peak on one GPU, BF16 weights and KV, causal attention, nothing reserved. */
    public static ServingAssumptions defaults() {
        return new ServingAssumptions(1, Dtype.BF16, Dtype.BF16, 1.0, 1.0, 0.0, 0.5, Double.NaN);
    }

    public ServingAssumptions withTensorParallel(int n) {
        return new ServingAssumptions(n, weightDtype, kvDtype, computeEfficiency, bandwidthEfficiency,
                reservedBytesPerGpu, causalFactor, parameterOverride);
    }

    public ServingAssumptions withDtypes(Dtype weights, Dtype kv) {
        return new ServingAssumptions(tensorParallel, weights, kv, computeEfficiency, bandwidthEfficiency,
                reservedBytesPerGpu, causalFactor, parameterOverride);
    }

    public ServingAssumptions withEfficiency(double compute, double bandwidth) {
        return new ServingAssumptions(tensorParallel, weightDtype, kvDtype, compute, bandwidth,
                reservedBytesPerGpu, causalFactor, parameterOverride);
    }

    public ServingAssumptions withReservedBytesPerGpu(double bytes) {
        return new ServingAssumptions(tensorParallel, weightDtype, kvDtype, computeEfficiency, bandwidthEfficiency,
                bytes, causalFactor, parameterOverride);
    }

    public ServingAssumptions withCausalFactor(double factor) {
        return new ServingAssumptions(tensorParallel, weightDtype, kvDtype, computeEfficiency, bandwidthEfficiency,
                reservedBytesPerGpu, factor, parameterOverride);
    }

    public ServingAssumptions withParameterOverride(double parameters) {
        return new ServingAssumptions(tensorParallel, weightDtype, kvDtype, computeEfficiency, bandwidthEfficiency,
                reservedBytesPerGpu, causalFactor, parameters);
    }
}
