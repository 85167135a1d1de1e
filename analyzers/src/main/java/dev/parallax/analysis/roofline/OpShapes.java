package dev.parallax.analysis.roofline;

import dev.parallax.trace.KinetoArgs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parallax.trace.ArgStore;
import dev.parallax.trace.SliceTrack;
import dev.parallax.trace.StringPool;
import dev.parallax.trace.Trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of one operator as PyTorch's profiler records them with {@code record_shapes=True}: per argument its
 * dims ({@code Input Dims}), element type ({@code Input type}) and the value of scalar arguments
 * ({@code Concrete Inputs}). A tensor list argument has several shapes.
 *
 * @param name   operator name ({@code aten::mm})
 * @param inputs one entry per argument, in order
 */
public record OpShapes(String name, List<Input> inputs) {

    public OpShapes {
        inputs = List.copyOf(inputs);
    }

    /**
     * One argument.
     *
     * @param shapes   the tensor's dims (one entry), a tensor list's dims (several), or none for a scalar or None
     * @param type     the profiler's type name ({@code c10::BFloat16}, {@code Scalar}, {@code TensorList}, '')
     * @param concrete the value of a scalar argument as text ('' when not recorded)
     */
    public record Input(List<long[]> shapes, String type, String concrete) {
        public Input {
            shapes = List.copyOf(shapes);
            type = type == null ? "" : type;
            concrete = concrete == null ? "" : concrete;
        }

        /** Whether this argument is one tensor. */
        public boolean isTensor() {
            return shapes.size() == 1 && TensorTypes.isTensorType(type);
        }

        /** The dims of a one-tensor argument. */
        public long[] dims() {
            return shapes.isEmpty() ? new long[0] : shapes.get(0);
        }

        /** Elements over all tensors of this argument. */
        public long elements() {
            long n = 0;
            for (long[] s : shapes) {
                n += OpShapes.elements(s);
            }
            return n;
        }

        /** Bytes over all tensors of this argument at its element type ({@code fallbackBytes} for lists). */
        public double bytes(double fallbackBytes) {
            double b = TensorTypes.bytes(type);
            return elements() * (b > 0 ? b : fallbackBytes);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Product of dims (1 for a 0-d tensor). */
    public static long elements(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /** Argument {@code i}, or null when absent. */
    public Input input(int i) {
        return i >= 0 && i < inputs.size() ? inputs.get(i) : null;
    }

    /** The tensor arguments, in order. */
    public List<Input> tensors() {
        List<Input> out = new ArrayList<>();
        for (Input in : inputs) {
            if (in.isTensor()) {
                out.add(in);
            }
        }
        return out;
    }

    /** The concrete value of argument {@code i}, '' when absent. */
    public String concrete(int i) {
        Input in = input(i);
        return in == null ? "" : in.concrete();
    }

    /** Reads the shapes of slice {@code row} of {@code track}; null when it has no {@code Input Dims}. */
    public static OpShapes read(Trace trace, SliceTrack track, int row, Keys keys) {
        int h = track.args(row);
        if (h < 0 || keys.dims < 0) {
            return null;
        }
        StringPool pool = trace.strings();
        ArgStore args = trace.args();
        String dims = args.getString(h, keys.dims, pool);
        if (dims == null || !dims.startsWith("[")) {
            return null;
        }
        try {
            JsonNode d = JSON.readTree(dims);
            JsonNode t = parse(args.getString(h, keys.types, pool));
            JsonNode c = parse(args.getString(h, keys.concrete, pool));
            List<Input> inputs = new ArrayList<>(d.size());
            for (int i = 0; i < d.size(); i++) {
                JsonNode di = d.get(i);
                List<long[]> shapes = new ArrayList<>();
                if (di.isArray() && di.size() > 0 && di.get(0).isArray()) {
                    for (JsonNode s : di) {
                        shapes.add(longs(s));
                    }
                } else if (di.isArray()) {
                    shapes.add(longs(di));
                }
                String type = t != null && i < t.size() ? t.get(i).asText("") : "";
                String concrete = c != null && i < c.size() ? c.get(i).asText("") : "";
                if (shapes.size() == 1 && shapes.get(0).length == 0 && !TensorTypes.isTensorType(type)) {
                    shapes.clear();
                }
                inputs.add(new Input(shapes, type, concrete));
            }
            return new OpShapes(pool.get(track.name(row)), inputs);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode parse(String text) throws IOException {
        return text == null || !text.startsWith("[") ? null : JSON.readTree(text);
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    /** String-pool ids of the argument keys, looked up once per trace. */
    public record Keys(int dims, int types, int concrete) {
        /** The keys of {@code trace} (-1 where the trace has none). */
        public static Keys of(Trace trace) {
            StringPool p = trace.strings();
            return new Keys(p.find(KinetoArgs.INPUT_DIMS), p.find(KinetoArgs.INPUT_TYPE), p.find(KinetoArgs.CONCRETE_INPUTS));
        }
    }
}
