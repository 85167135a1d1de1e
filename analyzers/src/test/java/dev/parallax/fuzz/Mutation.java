package dev.parallax.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One way of damaging an input, as a crash, a bad disk, a hostile user or a buggy writer would: cut it, flip
 * bytes, splice a part of it elsewhere, drop or repeat a range, insert huge numbers, deep nesting, control
 * characters or an endless line. Positions are fractions of the input's length, so one mutation applies to any
 * seed; {@link #toString()} says exactly what was done (a failing case prints it).
 */
public record Mutation(Op op, double at, double to, int count, int value) {
    /** The kinds of damage. */
    public enum Op { CUT, FLIP, SPLICE, DELETE, DUPLICATE, HUGE_NUMBER, DEEP_NESTING, CONTROL_CHARS, LONG_LINE }

    private static final List<String> HUGE = List.of("99999999999999999999999999", "1e999999", "-1e309",
            "18446744073709551616", "9223372036854775807", "-9223372036854775809", "NaN", "Infinity", "1e-400",
            "0.000000000000000000000000000000000000001", "\"" + "9".repeat(5000) + "\"");
    private static final String CONTROLS = "\u0000\u0001\u0007\u0008\u001B[2J\r\u007F\u0085\u202E\u2028\uFEFF\uFFFD";

    /** The kinds of damage, in order (the kinds of a fuzz property). */
    public static final List<Op> OPS = List.of(Op.values());

    /** A mutation of kind {@code op} at random positions and sizes. */
    public static Mutation random(Op op, SplittableRandom r) {
        return new Mutation(op, r.nextDouble(), r.nextDouble(), r.nextInt(1, 65), r.nextInt(256));
    }

    /** One to three mutations applied in turn: one of kind {@code first}, then up to two of any kind. */
    public static List<Mutation> some(Op first, SplittableRandom r) {
        List<Mutation> ms = new ArrayList<>(List.of(random(first, r)));
        for (int k = r.nextInt(3); k > 0; k--) {
            ms.add(random(OPS.get(r.nextInt(OPS.size())), r));
        }
        return ms;
    }

    /** {@code data} with every mutation of {@code ms} applied in order. */
    public static byte[] applyAll(byte[] data, List<Mutation> ms) {
        byte[] d = data;
        for (Mutation m : ms) {
            d = m.apply(d);
        }
        return d;
    }

    /** {@code data} with this mutation applied (a new array; {@code data} is not changed). */
    public byte[] apply(byte[] data) {
        int n = data.length;
        int i = (int) Math.min(n, Math.floor(at * (n + 1)));
        int j = (int) Math.min(n, Math.floor(to * (n + 1)));
        int lo = Math.min(i, j);
        int hi = Math.max(i, j);
        return switch (op) {
            case CUT -> Arrays.copyOf(data, i);
            case FLIP -> {
                byte[] d = data.clone();
                java.util.Random r = new java.util.Random(value * 31L + count);
                for (int k = 0; k < count && n > 0; k++) {
                    d[r.nextInt(n)] ^= (byte) (1 + r.nextInt(255));
                }
                yield d;
            }
            case SPLICE -> insert(data, i, Arrays.copyOfRange(data, lo == i ? j : lo, Math.min(n,
                    (lo == i ? j : lo) + count * 97)));
            case DELETE -> concat(Arrays.copyOf(data, lo), Arrays.copyOfRange(data, Math.min(hi, lo + count * 131), n));
            case DUPLICATE -> insert(data, hi, Arrays.copyOfRange(data, lo, Math.min(hi, lo + count * 211)));
            case HUGE_NUMBER -> insert(data, i, HUGE.get(value % HUGE.size()).getBytes(StandardCharsets.UTF_8));
            case DEEP_NESTING -> insert(data, i, ("[".repeat(count * 150) + "{\"a\":".repeat(count * 40))
                    .getBytes(StandardCharsets.UTF_8));
            case CONTROL_CHARS -> {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < count; k++) {
                    sb.append(CONTROLS.charAt((value + k * 7) % CONTROLS.length()));
                }
                yield insert(data, i, sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            case LONG_LINE -> {
                byte[] line = new byte[count * 40_000];
                Arrays.fill(line, (byte) ('a' + value % 26));
                yield insert(data, i, line);
            }
        };
    }

    private static byte[] insert(byte[] data, int at, byte[] part) {
        return concat(concat(Arrays.copyOf(data, at), part), Arrays.copyOfRange(data, at, data.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.write(a, 0, a.length);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }
}
