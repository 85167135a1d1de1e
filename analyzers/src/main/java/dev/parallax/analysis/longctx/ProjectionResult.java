package dev.parallax.analysis.longctx;

import dev.parallax.analysis.Analysis;
import dev.parallax.analysis.Chart;
import dev.parallax.analysis.Finding;
import dev.parallax.analysis.Location;
import dev.parallax.analysis.Result;
import dev.parallax.analysis.Table;
import dev.parallax.analysis.Unit;
import dev.parallax.analysis.UnitFormat;
import dev.parallax.model.catalog.Dtype;
import dev.parallax.model.catalog.ModelArchitecture;
import dev.parallax.model.roofline.Bound;
import dev.parallax.trace.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link ContextReport} as a typed result: metrics, the projection table, charts and findings. */
final class ProjectionResult {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private ProjectionResult() {
    }

    static Result write(Analysis analysis, ContextReport r) {
        Result.Builder b = Result.builder(analysis.id(), analysis.title());
        List<ContextReport.Row> rows = r.rows();
        ContextReport.Row last = rows.get(rows.size() - 1);
        b.metric("hardware", "Hardware", r.hardware().id(), Unit.NONE);
        b.metric("model", "Model", r.modelFromShapes() ? "read from shapes" : r.model().id(), Unit.NONE);
        b.metric("efficiency", "Efficiency kept", r.peak() ? "peak (roofline)" : "measured per operator", Unit.NONE);
        b.metric("rank", "Rank projected", r.rank(), Unit.COUNT);
        b.metric("measured_context", "Traced context length", r.measuredContext(), Unit.TOKENS);
        b.metric("layers", "Layers", r.model().layers(), Unit.COUNT);
        b.metric("kv_heads", "KV heads", r.model().kvHeads(), Unit.COUNT);
        b.metric("query_heads", "Query heads", r.model().heads(), Unit.COUNT);
        b.metric("head_dim", "Head dim", r.model().headDim(), Unit.COUNT);
        if (r.prefill().present()) {
            b.metric("prefill_batch", "Prefill batch", r.prefill().batch(), Unit.COUNT);
            b.metric("prefill_measured_ms", "Prefill, traced", r.prefill().measuredNs() / 1e6, Unit.MS);
            b.metric("prefill_ms_at_max", "Prefill at " + tokens(last.context()), last.prefillNs() / 1e6, Unit.MS);
        }
        if (r.decode().present()) {
            b.metric("decode_batch", "Decode batch", r.decode().batch(), Unit.COUNT);
            b.metric("decode_measured_ms", "Decode step, traced", r.decode().measuredNs() / 1e6, Unit.MS);
            b.metric("decode_ms_at_max", "Decode step at " + tokens(last.context()), last.decodeNs() / 1e6,
                    Unit.MS);
        }
        b.metric("kv_bytes_per_token", "KV cache per token", r.bounds().kvBytesPerToken(), Unit.BYTES);
        b.metric("weights_bytes", "Weights", r.bounds().weightsBytes(), Unit.BYTES);
        b.metric("kv_budget_bytes", "HBM left for the KV cache", r.bounds().kvBudgetBytes(), Unit.BYTES);
        Map<String, Long> points = new LinkedHashMap<>();
        long decodeDoubles = r.decodeDoublesAt();
        long prefillAttention = r.attentionOvertakesGemmAt(r.prefill());
        long decodeAttention = r.attentionOvertakesGemmAt(r.decode());
        long prefillBound = r.boundChangesAt(r.prefill());
        long decodeBound = r.boundChangesAt(r.decode());
        long one = r.concurrencyFallsToAt(1);
        long none = r.concurrencyFallsToAt(0);
        points.put("decode_doubles_at", decodeDoubles);
        points.put("prefill_attention_overtakes_gemm_at", prefillAttention);
        points.put("decode_attention_overtakes_gemm_at", decodeAttention);
        points.put("prefill_bound_changes_at", prefillBound);
        points.put("decode_bound_changes_at", decodeBound);
        points.put("concurrency_one_at", one);
        points.put("kv_exceeds_hbm_at", none);
        List<String> labels = List.of("Decode step time doubles at", "Prefill attention overtakes GEMMs at",
                "Decode attention overtakes GEMMs at", "Prefill changes bound at", "Decode changes bound at",
                "Concurrency falls to one at", "KV cache exceeds HBM at");
        int i = 0;
        for (Map.Entry<String, Long> e : points.entrySet()) {
            b.metric(e.getKey(), labels.get(i++), e.getValue() > 0 ? e.getValue() : null, Unit.TOKENS);
        }

        b.table(projectionTable(r, rows));
        b.table(operatorTable(r, last.context()));
        charts(b, r, rows, points);
        findings(b, r, last, decodeDoubles, prefillAttention, decodeAttention, prefillBound, decodeBound, one, none);
        return b.build();
    }

    private static Table projectionTable(ContextReport r, List<ContextReport.Row> rows) {
        Table.Builder t = new Table.Builder("projection", "Projected cost per context length");
        t.column("context", "Context", Unit.TOKENS);
        boolean pre = r.prefill().present();
        boolean dec = r.decode().present();
        if (pre) {
            t.column("prefill_ms", "Prefill", Unit.MS).column("prefill_gemm_ms", "Prefill GEMM", Unit.MS)
                    .column("prefill_attention_ms", "Prefill attention", Unit.MS)
                    .column("prefill_other_ms", "Prefill other", Unit.MS).column("prefill_bound", "Prefill bound");
        }
        if (dec) {
            t.column("decode_ms", "Decode step", Unit.MS).column("decode_gemm_ms", "Decode GEMM", Unit.MS)
                    .column("decode_attention_ms", "Decode attention", Unit.MS)
                    .column("decode_other_ms", "Decode other", Unit.MS).column("decode_bound", "Decode bound")
                    .column("decode_tokens_per_s", "Decode throughput", Unit.TOKENS_PER_S);
        }
        t.column("kv_bytes", "KV per sequence", Unit.BYTES).column("max_concurrency", "Max sequences in HBM",
                Unit.COUNT).column("context_switch_ms", "Context switch (PCIe)", Unit.MS);
        for (ContextReport.Row row : rows) {
            Table.RowBuilder rb = t.newRow(null).set("context", row.context());
            if (pre) {
                double[] c = row.prefillByClass();
                rb.set("prefill_ms", row.prefillNs() / 1e6).set("prefill_gemm_ms", c[OpClass.GEMM.ordinal()] / 1e6)
                        .set("prefill_attention_ms", c[OpClass.ATTENTION.ordinal()] / 1e6)
                        .set("prefill_other_ms", (c[OpClass.OTHER.ordinal()] + c[OpClass.UNCLASSIFIED.ordinal()]) / 1e6)
                        .set("prefill_bound", bound(row.prefillBound()));
            }
            if (dec) {
                double[] c = row.decodeByClass();
                rb.set("decode_ms", row.decodeNs() / 1e6).set("decode_gemm_ms", c[OpClass.GEMM.ordinal()] / 1e6)
                        .set("decode_attention_ms", c[OpClass.ATTENTION.ordinal()] / 1e6)
                        .set("decode_other_ms", (c[OpClass.OTHER.ordinal()] + c[OpClass.UNCLASSIFIED.ordinal()]) / 1e6)
                        .set("decode_bound", bound(row.decodeBound()))
                        .set("decode_tokens_per_s", r.decode().batch() / (row.decodeNs() * 1e-9));
            }
            rb.set("kv_bytes", row.kvBytes()).set("max_concurrency", row.maxConcurrency())
                    .set("context_switch_ms", row.contextSwitchSeconds() * 1e3).add();
        }
        return t.build();
    }

    /** Operators grouped by phase, name and role: how each depends on T and what it costs at {@code top}. */
    private static Table operatorTable(ContextReport r, long top) {
        Table.Builder t = new Table.Builder("operators", "How each operator depends on the context length");
        t.column("phase", "Phase").column("operator", "Operator").column("role", "Depends on T as")
                .column("class", "Class").column("batch", "Grows with batch")
                .column("calls", "Calls per step", Unit.COUNT)
                .column("measured_ms", "Traced per step", Unit.MS)
                .column("projected_ms", "At " + tokens(top) + " per step", Unit.MS);
        for (Projection phase : List.of(r.prefill(), r.decode())) {
            if (!phase.present()) {
                continue;
            }
            Map<String, double[]> groups = new LinkedHashMap<>();
            Map<String, ScaledOp> first = new LinkedHashMap<>();
            int n = phase.steps().size();
            for (InferenceStep s : phase.steps()) {
                for (ScaledOp o : s.ops()) {
                    String key = o.op().name() + "\u0000" + o.role().id();
                    double[] g = groups.computeIfAbsent(key, k -> new double[3]);
                    first.putIfAbsent(key, o);
                    g[0] += 1.0 / n;
                    g[1] += o.op().kernelNs() / (double) n;
                    g[2] += phase.opNsAt(o, top) / n;
                }
            }
            String phaseName = phase.steps().get(0).shape().phase();
            groups.entrySet().stream().sorted((a, c) -> Double.compare(c.getValue()[2], a.getValue()[2]))
                    .forEach(e -> {
                        ScaledOp o = first.get(e.getKey());
                        Boolean batched = o.scalesWithBatch(phase.steps().get(0).shape());
                        t.newRow(null).set("batch", batched == null ? "batch 1" : batched ? "yes" : "no").set("phase", phaseName).set("operator", o.op().name())
                                .set("role", o.role().id()).set("class", o.opClass().id())
                                .set("calls", Math.round(e.getValue()[0])).set("measured_ms", e.getValue()[1] / 1e6)
                                .set("projected_ms", e.getValue()[2] / 1e6).add();
                    });
        }
        return t.build();
    }

    private static void charts(Result.Builder b, ContextReport r, List<ContextReport.Row> rows, Map<String, Long> at) {
        double[] x = rows.stream().mapToDouble(ContextReport.Row::context).toArray();
        long hi = rows.get(rows.size() - 1).context();
        for (Projection phase : List.of(r.prefill(), r.decode())) {
            if (!phase.present()) {
                continue;
            }
            boolean pre = phase == r.prefill();
            String name = pre ? "prefill" : "decode";
            List<Chart.Series> series = new ArrayList<>();
            for (OpClass c : OpClass.values()) {
                double[] y = new double[rows.size()];
                boolean any = false;
                for (int i = 0; i < rows.size(); i++) {
                    double[] by = pre ? rows.get(i).prefillByClass() : rows.get(i).decodeByClass();
                    y[i] = by[c.ordinal()] / 1e6;
                    any |= y[i] > 0;
                }
                if (any) {
                    series.add(new Chart.Series(c.label(), x, y));
                }
            }
            List<Chart.Marker> markers = new ArrayList<>();
            long bound = at.get(name + "_bound_changes_at");
            if (bound > 0) {
                markers.add(Chart.Marker.x(bound, name + " → " + bound(phase.boundAt(bound)) + "-bound at "
                        + approxTokens(bound)));
            }
            long attention = at.get(name + "_attention_overtakes_gemm_at");
            if (attention > 0) {
                markers.add(Chart.Marker.x(attention, "attention > GEMMs at " + approxTokens(attention)));
            }
            if (!pre && at.get("decode_doubles_at") > 0) {
                long d = at.get("decode_doubles_at");
                markers.add(Chart.Marker.x(d, "step time ×2 at " + approxTokens(d)));
            }
            markers.removeIf(m -> m.value() > hi); // the x axis widens to show those below the lengths asked
            b.chart(new Chart(name + "_time", (pre ? "Prefill time" : "Decode step time")
                    + " by operator class against context length", Chart.Kind.STACKED_AREA,
                    "context length (tokens)", pre ? "prefill time" : "decode step time", List.of(), series, true,
                    false, Unit.TOKENS, Unit.MS, markers));
        }
        double[] kv = rows.stream().mapToDouble(ContextReport.Row::kvBytes).toArray();
        List<Chart.Marker> capacity = new ArrayList<>();
        long one = at.get("concurrency_one_at");
        if (one > 0 && one <= hi) {
            capacity.add(Chart.Marker.x(one, "concurrency 1 at " + approxTokens(one)));
        }
        long none = at.get("kv_exceeds_hbm_at");
        if (none > 0 && none <= hi) {
            capacity.add(Chart.Marker.x(none, "KV > HBM at " + approxTokens(none)));
        }
        List<Chart.Marker> kvMarkers = new ArrayList<>(capacity);
        double budget = r.bounds().kvBudgetBytes();
        if (budget > 0) {
            kvMarkers.add(Chart.Marker.y(budget, "HBM left for KV: " + UnitFormat.bytes(budget)));
        }
        b.chart(new Chart("kv_memory", "KV cache of one sequence against the HBM left for it", Chart.Kind.LINE,
                "context length (tokens)", "KV cache", List.of(), List.of(new Chart.Series("KV cache per sequence",
                x, kv)), true, true, Unit.TOKENS, Unit.BYTES, kvMarkers));
        // log scale: none fitting (0) is left out of the line, the table says it
        double[] conc = rows.stream().mapToDouble(row -> row.maxConcurrency() > 0 ? row.maxConcurrency()
                : Double.NaN).toArray();
        b.chart(new Chart("concurrency", "Sequences whose KV cache fits in HBM", Chart.Kind.LINE,
                "context length (tokens)", "sequences", List.of(), List.of(new Chart.Series("max concurrency", x,
                conc)), true, true, Unit.TOKENS, Unit.COUNT, capacity));
    }

    private static void findings(Result.Builder b, ContextReport r, ContextReport.Row last, long decodeDoubles,
                                 long prefillAttention, long decodeAttention, long prefillBound, long decodeBound,
                                 long one, long none) {
        boolean mha = r.model().kvHeads() == r.model().heads();
        boolean kv16 = r.bounds().kvBytesPerToken() / (r.model().layers() * r.model().kvElementsPerTokenPerLayer())
                >= Dtype.BF16.bytes();
        String gqa = mha ? " The model has as many KV heads as query heads: grouped-query (GQA) or multi-query "
                + "attention (MQA) would divide the KV cache by the group size." : "";
        if (decodeDoubles > 0) {
            double[] c = last.decodeByClass();
            double attention = c[OpClass.ATTENTION.ordinal()];
            long gain = kv16 ? Math.round(attention / 2) : 0;
            Finding f = Finding.of("decode-time-doubles", Severity.INFO,
                    "Decode step time doubles at " + tokens(decodeDoubles) + " tokens of context",
                    "Reading the KV cache grows linearly with the context while the weights read per step stay "
                            + "fixed; at " + tokens(decodeDoubles) + " the step takes twice its traced "
                            + ms(r.decode().measuredNs()) + " (" + r.decode().batch() + " sequences), and "
                            + ms(last.decodeNs()) + " at " + tokens(last.context()) + "." + gqa,
                    (kv16 ? "Quantise the KV cache to FP8 (halves the KV reads: about " + ms(attention / 2)
                            + " less per step at " + tokens(last.context()) + "). " : "")
                            + "Spread the KV cache over more GPUs with tensor parallelism.");
            b.finding(gain > 0 ? f.withGainNs(gain) : f);
        }
        if (prefillAttention > 0) {
            b.finding(Finding.of("attention-overtakes-gemm", Severity.INFO,
                    "Prefill attention takes longer than the GEMMs from " + tokens(prefillAttention) + " tokens",
                    "Attention FLOPs grow with T² while the GEMMs grow with T; beyond this length prefill time is "
                            + "dominated by attention (" + ms(last.prefillByClass()[OpClass.ATTENTION.ordinal()])
                            + " of " + ms(last.prefillNs()) + " at " + tokens(last.context()) + ").",
                    "Split long prompts into chunks that share steps with decodes (chunked prefill, as in "
                            + "Sarathi-Serve) so decode latency stays bounded, or run prefill on separate GPUs "
                            + "(prefill/decode disaggregation, as in Splitwise)."));
        }
        if (decodeAttention > 0) {
            b.finding(Finding.of("decode-attention-overtakes-gemm", Severity.INFO,
                    "Decode attention takes longer than the GEMMs from " + tokens(decodeAttention) + " tokens",
                    "Each decode step reads the whole KV cache of every sequence; beyond this length those reads "
                            + "cost more than reading the weights." + gqa,
                    "Quantise the KV cache (FP8), use GQA/MQA, or serve long contexts with more tensor "
                            + "parallelism."));
        }
        if (prefillBound > 0) {
            b.finding(boundFinding("prefill-bound-changes", "Prefill", prefillBound, r.prefill()));
        }
        if (decodeBound > 0) {
            b.finding(boundFinding("decode-bound-changes", "Decode", decodeBound, r.decode()));
        }
        if (none > 0 && none <= r.targets()[r.targets().length - 1]) {
            b.finding(Finding.of("kv-cache-does-not-fit", Severity.WARNING,
                    "One sequence's KV cache no longer fits in HBM from " + tokens(none) + " tokens",
                    "KV cache of " + gib(r.bounds().kvBytes(none)) + " against " + gib(r.bounds().kvBudgetBytes())
                            + " of HBM left after the weights and the reserve on " + r.hardware().id() + ".",
                    "Use more tensor parallelism (the KV cache splits over the KV heads), quantise the KV cache, "
                            + "or offload it to host memory (" + String.format(Locale.ROOT, "%.1f",
                            r.bounds().contextSwitchSeconds(none) * 1e3) + " ms per sequence over the host link)."));
        }
        if (one > 0 && one <= r.targets()[r.targets().length - 1]) {
            b.finding(Finding.of("concurrency-falls-to-one", Severity.WARNING,
                    "Only one sequence fits in HBM from " + tokens(one) + " tokens of context",
                    "Fu (2024): the KV cache of each sequence (" + gib(r.bounds().kvBytes(one)) + " at "
                            + tokens(one) + ") competes for the " + gib(r.bounds().kvBudgetBytes())
                            + " left after the weights; batching, and with it decode throughput, ends there." + gqa,
                    "Quantise the KV cache (FP8 doubles the sequences that fit), add GPUs with tensor "
                            + "parallelism, or page KV caches to host memory (context switch "
                            + String.format(Locale.ROOT, "%.1f", r.bounds().contextSwitchSeconds(one) * 1e3)
                            + " ms per sequence over the host link)."));
        }
        List<String> unclassified = new ArrayList<>();
        double unclassifiedNs = 0;
        double totalNs = 0;
        for (Projection phase : List.of(r.prefill(), r.decode())) {
            for (InferenceStep s : phase.steps()) {
                for (ScaledOp o : s.ops()) {
                    totalNs += o.op().kernelNs();
                    if (o.role() == SequenceRole.UNCLASSIFIED) {
                        unclassifiedNs += o.op().kernelNs();
                        if (!unclassified.contains(o.op().name())) {
                            unclassified.add(o.op().name());
                        }
                    }
                }
            }
        }
        if (!unclassified.isEmpty()) {
            b.finding(Finding.of("unclassified-operators", Severity.INFO,
                    unclassified.size() + " operators could not be classified and keep their measured time",
                    String.format(Locale.ROOT, "%.1f %% of the traced kernel time", 100 * unclassifiedNs / totalNs)
                            + " is in operators without shapes or whose attention layout was not recognised; "
                            + "it is carried unchanged to every context length.",
                    "Record the trace with record_shapes=True.").withDetails(unclassified));
        }
        if (r.stepsWithoutAttention() > 0) {
            b.finding(Finding.of("steps-without-attention", Severity.INFO,
                    r.stepsWithoutAttention() + " steps hold no attention operator and were left out",
                    "A step's phase and context length are read from its attention calls.", ""));
        }
        ModelArchitecture t = r.traced();
        ModelArchitecture m = r.model();
        if (!r.modelFromShapes() && (t.layers() != m.layers() || t.heads() != m.heads() || t.kvHeads() != m.kvHeads()
                || t.headDim() != m.headDim())) {
            b.finding(Finding.of("model-differs-from-trace", Severity.WARNING,
                    "The model given (" + m.id() + ") does not match the traced shapes",
                    "The trace has " + t.layers() + " layers, " + t.heads() + " query heads, " + t.kvHeads()
                            + " KV heads of " + t.headDim() + "; " + m.id() + " has " + m.layers() + ", "
                            + m.heads() + ", " + m.kvHeads() + " of " + m.headDim() + ". Times come from the trace, "
                            + "the KV cache and capacity from " + m.id() + ".",
                    "Give the traced model's config.json, or leave the model out to read it from the shapes."));
        }
        if (r.modelFromShapes()) {
            b.finding(Finding.of("model-from-shapes", Severity.INFO,
                    "Model read from the trace: " + r.model().layers() + " layers, " + r.model().heads()
                            + " query heads, " + r.model().kvHeads() + " KV heads, head dim " + r.model().headDim(),
                    "Weights (" + gib(r.bounds().weightsBytes()) + ") are the GEMM weights and embedding tables "
                            + "one step reads; the KV cache follows from the attention shapes.",
                    "Give --param model=ID or a config.json for the catalog's figures."));
        }
    }

    private static Finding boundFinding(String code, String phase, long at, Projection p) {
        Bound from = p.boundAt(p.measuredContext());
        Bound to = p.boundAt(at);
        return Finding.of(code, Severity.INFO,
                phase + " turns " + bound(to) + "-bound at " + tokens(at) + " tokens",
                phase + " is " + bound(from) + "-bound at the traced " + tokens(p.measuredContext())
                        + " tokens (most of its projected time is in operators limited by "
                        + (from == Bound.COMPUTE ? "FLOP/s" : "HBM bandwidth") + ") and " + bound(to)
                        + "-bound from " + tokens(at) + ".",
                to == Bound.COMPUTE ? "Compute-bound phases gain from faster matrix units and lower precision "
                        + "(FP8), not from bandwidth." : "Memory-bound phases gain from fewer bytes (KV "
                        + "quantisation, GQA/MQA) and larger batches, not from FLOP/s.");
    }

    private static String bound(Bound b) {
        return b == null ? "" : b.name().toLowerCase(Locale.ROOT);
    }

    /** 32768 → "32K", 1048576 → "1M", others as they are. */
    static String tokens(long t) {
        if (t >= 1 << 20 && t % (1 << 20) == 0) {
            return (t >> 20) + "M";
        }
        if (t >= 1024 && t % 1024 == 0) {
            return (t >> 10) + "K";
        }
        return Long.toString(t);
    }

    /** A length for a label: 23552 → "23K", 1.5·2^20 → "1.5M" (rounded; {@link #tokens} for exact ones). */
    static String approxTokens(long t) {
        if (t >= 1 << 20) {
            return UnitFormat.number(t / (double) (1 << 20), 3) + "M";
        }
        if (t >= 1024) {
            return UnitFormat.number(t / 1024.0, t >= 100 * 1024 ? 3 : 2) + "K";
        }
        return Long.toString(t);
    }

    private static String ms(double ns) {
        return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }

    private static String gib(double bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / GIB);
    }
}
