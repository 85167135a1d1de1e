package dev.parallax.trace.json;

/**
 * Which event categories are GPU activity in PyTorch/Kineto traces (current lower-case names and the
 * capitalised names of 2021-era traces), and which categories only Kineto writes.
 */
final class GpuCategories {
    private GpuCategories() {
    }

    /** Whether events of category {@code cat} run on a GPU stream. */
    static boolean isGpu(String cat) {
        switch (cat) {
            case "kernel":
            case "gpu_memcpy":
            case "gpu_memset":
            case "gpu_user_annotation":
            case "Kernel":
            case "Memcpy":
            case "Memset":
                return true;
            default:
                return false;
        }
    }

    /**
     * Whether events of category {@code cat} run on the host even when their arguments name a device or
     * stream (runtime and driver calls of any accelerator, CPU ops, annotations, Python functions).
     */
    static boolean isHostSide(String cat) {
        switch (cat) {
            case "cpu_op":
            case "user_annotation":
            case "python_function":
            case "cpu_instant_event":
            case "Operator":
            case "Runtime":
            case "overhead":
                return true;
            default:
                return cat.endsWith("_runtime") || cat.endsWith("_driver");
        }
    }

    /** Whether {@code cat} is a category name that marks a trace as written by Kineto. */
    static boolean isKineto(String cat) {
        switch (cat) {
            case "cpu_op":
            case "cuda_runtime":
            case "cuda_driver":
            case "kernel":
            case "gpu_memcpy":
            case "gpu_memset":
            case "gpu_user_annotation":
            case "user_annotation":
            case "python_function":
            case "ac2g":
            case "Operator":
            case "Runtime":
            case "Kernel":
            case "Memcpy":
            case "Memset":
                return true;
            default:
                return false;
        }
    }
}
