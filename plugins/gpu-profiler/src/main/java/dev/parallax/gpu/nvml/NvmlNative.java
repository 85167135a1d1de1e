package dev.parallax.gpu.nvml;

/**
 * JNI binding of the C NVML sampler ({@code nvml_sampler.c}): opens NVML with {@code dlopen} and
 * renders each device's sample as one JSON object. A handle is used by one thread at a time.
 * The native library must be loaded first ({@link #load}).
 */
public final class NvmlNative {
    private static volatile boolean loaded;

    private NvmlNative() {
    }

    /** Loads the JNI library from the given file (extracted by {@code NativeLibraries}). */
    public static synchronized void load(String absolutePath) {
        if (!loaded) {
            System.load(absolutePath);
            loaded = true;
        }
    }

    /**
     * Opens and initialises NVML from {@code library} (empty: {@code libnvidia-ml.so.1} on the
     * loader's path). Throws {@link IllegalStateException} naming what is missing.
     */
    public static native long open(String library);

    /** Number of devices NVML reports. */
    public static native int deviceCount(long handle);

    /** {@code {"type":"info",...}}: library, driver version, devices. */
    public static native String infoJson(long handle);

    /** {@code {"type":"sample",...}} for one device, stamped with CLOCK_REALTIME ns. */
    public static native String sampleJson(long handle, int device);

    /** Shuts NVML down and releases the handle. */
    public static native void close(long handle);
}
