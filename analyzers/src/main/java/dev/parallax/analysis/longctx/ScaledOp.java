package dev.parallax.analysis.longctx;

import dev.parallax.analysis.roofline.Ceilings;
import dev.parallax.analysis.roofline.OpCategory;
import dev.parallax.analysis.roofline.OpInstance;
import dev.parallax.analysis.roofline.OpShapes;
import dev.parallax.analysis.roofline.OpWork;
import dev.parallax.analysis.roofline.WorkModel;
import dev.parallax.model.roofline.Bound;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured operator call and how it scales with the context length T: which of its dimensions are the
 * sequence ({@link SequenceRole}), its work at any T from the same formula as at the measured T0, and its time
 * at T keeping its measured fraction of the roofline: {@code t(T) = t_measured · roofline(T) / roofline(T0)}
 * (or the roofline itself at peak efficiency).
 */
public final class ScaledOp {
    private final OpInstance op;
    private final SequenceRole role;
    private final OpClass opClass;
    private final AttentionGeometry attention;
    private final long measuredContext;
    /** Per scaled dimension: input index, dim index, coefficient (new dim = coefficient · T). */
    private final List<long[]> scaledDims;
    private final OpWork work0;
    private final double elements0;

    private ScaledOp(OpInstance op, SequenceRole role, OpClass opClass, AttentionGeometry attention,
                     long measuredContext, List<long[]> scaledDims, OpWork work0) {
        this.op = op;
        this.role = role;
        this.opClass = opClass;
        this.attention = attention;
        this.measuredContext = measuredContext;
        this.scaledDims = scaledDims;
        this.work0 = work0;
        this.elements0 = op.shapes() == null ? 0 : elements(op.shapes());
    }

    /**
     * Classifies {@code op} of a step whose attention reads {@code step}: attention calls by their geometry; in a
     * prefill step, dimensions equal to the query tokens per sequence (N_q) or to the step's tokens (B·N_q) that
     * are not the innermost dimension of a floating-point tensor (the innermost is a hidden or head dimension),
     * and tokens × heads of per-head reshapes;
     * in a decode step, such dimensions equal to N_kv. GEMMs scale only their activation (the first matching
     * input), never a weight.
     */
    public static ScaledOp classify(OpInstance op, StepShape step, WorkModel model) {
        OpShapes shapes = op.shapes();
        if (AttentionGeometry.isAttention(op.name())) {
            AttentionGeometry g = AttentionGeometry.of(shapes);
            if (g == null) {
                return new ScaledOp(op, SequenceRole.UNCLASSIFIED, OpClass.UNCLASSIFIED, null, step.context(),
                        List.of(), null);
            }
            SequenceRole role = g.nq() > 1 ? SequenceRole.ATTENTION_PREFILL : SequenceRole.ATTENTION_DECODE;
            return new ScaledOp(op, role, OpClass.ATTENTION, g, Math.max(1, g.nkv()), List.of(),
                    model.estimate(g.canonical()));
        }
        if (shapes == null) {
            return new ScaledOp(op, SequenceRole.UNCLASSIFIED, OpClass.UNCLASSIFIED, null, step.context(), List.of(),
                    null);
        }
        OpWork work = op.work();
        OpClass cls = work == null ? OpClass.OTHER : work.category() == OpCategory.GEMM ? OpClass.GEMM
                : work.category() == OpCategory.ATTENTION ? OpClass.ATTENTION : OpClass.OTHER;
        List<long[]> dims = new ArrayList<>();
        long seq = step.prefill() ? step.queryTokens() : step.context();
        long tokens = step.prefill() ? step.queryTokens() * step.batch() : -1;
        boolean gemm = cls == OpClass.GEMM;
        for (int i = 0; i < shapes.inputs().size(); i++) {
            OpShapes.Input in = shapes.inputs().get(i);
            if (!in.isTensor()) {
                continue;
            }
            long[] d = in.dims();
            boolean floating = floating(in.type());
            boolean any = false;
            for (int j = 0; j < d.length; j++) {
                if (floating && j == d.length - 1) {
                    continue;
                }
                if (seq > 1 && d[j] == seq) {
                    dims.add(new long[]{i, j, 1});
                    any = true;
                } else if (tokens > seq && d[j] == tokens) {
                    dims.add(new long[]{i, j, step.batch()});
                    any = true;
                } else if (step.prefill() && !gemm) {
                    for (long k : step.headMultiples()) {
                        if (k > 1 && d[j] == k * Math.max(tokens, seq)) {
                            dims.add(new long[]{i, j, k * Math.max(1, tokens / seq)});
                            any = true;
                            break;
                        }
                    }
                }
                if (gemm && any) {
                    break;
                }
            }
            if (gemm && any) {
                break;
            }
        }
        SequenceRole role = dims.isEmpty() ? SequenceRole.FIXED
                : step.prefill() ? SequenceRole.TOKENS : SequenceRole.KV_READ;
        return new ScaledOp(op, role, cls, null, seq, dims, work);
    }

    private static boolean floating(String type) {
        String t = type.toLowerCase(java.util.Locale.ROOT);
        return t.contains("float") || t.contains("half") || t.contains("bfloat") || t.contains("double");
    }

    private static double elements(OpShapes s) {
        double n = 0;
        for (OpShapes.Input in : s.inputs()) {
            if (in.isTensor()) {
                n += in.elements();
            }
        }
        return n;
    }

    /**
     * Whether the call's shapes grow with the number of sequences: a leading dimension equal to the step's batch
     * (decode GEMM M, attention B) or to its tokens B·N_q; null when the batch is 1 and cannot be told apart.
     */
    public Boolean scalesWithBatch(StepShape step) {
        if (step.batch() <= 1) {
            return null;
        }
        boolean found = attention != null;
        OpShapes s = op.shapes();
        if (!found && s != null) {
            for (OpShapes.Input in : s.inputs()) {
                if (!in.isTensor() || in.dims().length < 2) {
                    continue;
                }
                long first = in.dims()[0];
                if (first == step.batch() || first == step.batch() * step.queryTokens()) {
                    found = true;
                    break;
                }
            }
        }
        return found;
    }

    /** The call's shapes at context length {@code t} (the measured shapes when nothing scales). */
    public OpShapes shapesAt(long t) {
        if (attention != null) {
            return attention.canonical();
        }
        OpShapes s = op.shapes();
        if (s == null || scaledDims.isEmpty()) {
            return s;
        }
        List<OpShapes.Input> inputs = new ArrayList<>(s.inputs());
        for (long[] sd : scaledDims) {
            OpShapes.Input in = inputs.get((int) sd[0]);
            long[] d = in.dims().clone();
            d[(int) sd[1]] = sd[2] * t;
            inputs.set((int) sd[0], new OpShapes.Input(List.of(d), in.type(), in.concrete()));
        }
        return new OpShapes(s.name(), inputs);
    }

    /** The work at context length {@code t}, or null when no formula covers the op. */
    public OpWork workAt(long t, WorkModel model) {
        if (attention != null) {
            AttentionGeometry g = role == SequenceRole.ATTENTION_PREFILL ? attention.at(t, t) : attention.at(attention.nq(), t);
            return model.estimate(g.canonical());
        }
        if (work0 == null) {
            return null;
        }
        return scaledDims.isEmpty() ? work0 : model.estimate(shapesAt(t));
    }

    /**
     * Time in ns at context length {@code t}: measured time × roofline(T) / roofline(T0), or at {@code peak} the
     * roofline time itself. Ops without a work model scale with their tensor sizes; unclassified ops keep their
     * measured time.
     */
    public double nsAt(long t, boolean peak, Ceilings ceilings, WorkModel model) {
        double measured = op.kernelNs();
        if (role == SequenceRole.UNCLASSIFIED) {
            return measured;
        }
        OpWork w = workAt(t, model);
        if (w == null || work0 == null) {
            if (scaledDims.isEmpty() || elements0 <= 0) {
                return measured;
            }
            return measured * elements(shapesAt(t)) / elements0;
        }
        double roof = ceilings.seconds(w);
        if (peak) {
            return roof * 1e9;
        }
        double roof0 = ceilings.seconds(work0);
        return roof0 > 0 ? measured * roof / roof0 : measured;
    }

    /** Which roof limits the op at {@code t}; null when it has no work model. */
    public Bound boundAt(long t, Ceilings ceilings, WorkModel model) {
        if (role == SequenceRole.UNCLASSIFIED) {
            return null;
        }
        OpWork w = workAt(t, model);
        return w == null ? null : ceilings.limit(w);
    }

    /** The measured call. */
    public OpInstance op() {
        return op;
    }

    /** How it depends on T. */
    public SequenceRole role() {
        return role;
    }

    /** The group its time is stacked in. */
    public OpClass opClass() {
        return opClass;
    }

    /** The attention geometry, or null for other ops. */
    public AttentionGeometry attention() {
        return attention;
    }

    /** T0, the context length of the step it was measured in. */
    public long measuredContext() {
        return measuredContext;
    }

    /** The work at the measured shapes, or null. */
    public OpWork measuredWork() {
        return work0;
    }
}
