package dev.parallax.trace;

/**
 * The argument names of PyTorch profiler (Kineto) events that link and place them, in one place: importers
 * write them (Nsight's rows are given the same names) and analyses look them up by these constants, never
 * by literals of their own. Names as Kineto's {@code ChromeTraceLogger} writes them.
 */
public final class KinetoArgs {
    /** CUDA/HIP correlation id linking a runtime launch to the GPU work it started. */
    public static final String CORRELATION = "correlation";
    /** Id linking a GPU annotation or kernel to the CPU operator that issued it. */
    public static final String EXTERNAL_ID = "External id";
    /** GPU stream of a kernel, copy or set. */
    public static final String STREAM = "stream";
    /** GPU device index. */
    public static final String DEVICE = "device";
    /** Shapes of an operator's inputs (with {@code record_shapes=True}). */
    public static final String INPUT_DIMS = "Input Dims";
    /** Types of an operator's inputs. */
    public static final String INPUT_TYPE = "Input type";
    /** Values of an operator's scalar inputs ({@code ""} for tensors). */
    public static final String CONCRETE_INPUTS = "Concrete Inputs";
    /** Autograd sequence number linking forward and backward operators. */
    public static final String SEQUENCE_NUMBER = "Sequence number";
    /** Thread of the forward operator, on a backward one. */
    public static final String FWD_THREAD_ID = "Fwd thread id";
    /** Kernel launch grid. */
    public static final String GRID = "grid";
    /** Kernel launch block. */
    public static final String BLOCK = "block";
    /** Bytes moved by a copy or set. */
    public static final String BYTES = "bytes";
    /** Metadata event argument holding a process or thread name. */
    public static final String NAME = "name";
    /** Metadata event argument holding a sort index. */
    public static final String SORT_INDEX = "sort_index";

    private KinetoArgs() {
    }
}
