package dev.parallax.samples.serving;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.parallax.samples.core.ChromeTraceWriter;
import dev.parallax.samples.core.EventCounts;
import dev.parallax.samples.core.SampleOutput;
import dev.parallax.samples.serving.ServingRun.Request;
import dev.parallax.samples.serving.ServingRun.Step;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ServingRun} as a Chrome trace (object form): one async span per request (category
 * {@code request}, {@code b}/{@code e} matched by id, with {@code n} instants {@code first_token} and
 * {@code preempted}), engine steps as {@code X} slices named {@code prefill} (any prefill tokens in the batch)
 * or {@code decode} with batch size and token counts in {@code args}, the GPU kernels of each step on a stream
 * track, and counter tracks {@code KV cache usage} (series {@code percent}), {@code Running requests} and
 * {@code Waiting requests} (series {@code requests}), each written at time 0 and after every step that changed it.
 */
public final class ServingTraceWriter {
    /** Process id of the API server (request spans). */
    public static final int API_PID = 158;
    /** Process id of the engine core (steps, counters). */
    public static final int ENGINE_PID = 1159;
    /** Thread id of the engine's model-execution thread. */
    public static final int ENGINE_TID = 1159;
    /** Process id used for the GPU. */
    public static final int GPU_PID = 0;
    /** The GPU stream. */
    public static final int STREAM = 7;

    private static final String GEMM = "sm90_xmma_gemm_bf16bf16_bf16f32_f32_tn_n_tilesize128x128x64_warpgroupsize1x1x1"
            + "_execute_segment_k_off_kernel__5x_cublas";
    private static final String FLASH_PREFILL = "void flash::flash_fwd_kernel<Flash_fwd_kernel_traits<128, 128, 64, 4,"
            + " false, false, cutlass::bfloat16_t, Flash_kernel_traits<128, 128, 64, 4, cutlass::bfloat16_t> >, "
            + "false, true, false, false, true, true, false, false>(flash::Flash_fwd_params)";
    private static final String FLASH_DECODE = "void flash::flash_fwd_splitkv_kernel<Flash_fwd_kernel_traits<128, 64,"
            + " 128, 4, false, false, cutlass::bfloat16_t, Flash_kernel_traits<128, 64, 128, 4, cutlass::bfloat16_t> >,"
            + " true, false, false, false, true, true, false, false>(flash::Flash_fwd_params)";
    private static final String SAMPLER = "void at::native::(anonymous namespace)::cunn_SoftMaxForward<4, float, float,"
            + " float, at::native::(anonymous namespace)::SoftMaxForwardEpilogue>(float*, float const*, int)";

    private ServingTraceWriter() {
    }

    /** Writes the trace to {@code file}; returns the event counts. */
    public static EventCounts write(ServingRun run, Path file, boolean gzip) throws IOException {
        try (ChromeTraceWriter w = new ChromeTraceWriter(SampleOutput.open(file, gzip))) {
            w.setBaseNs(0);
            JsonGenerator g = w.json();
            w.beginRoot();
            g.writeStringField("displayTimeUnit", "ms");
            g.writeObjectFieldStart("otherData");
            g.writeStringField("model", run.options.model);
            g.writeStringField("engine", "continuous batching, paged KV cache (vLLM-like simulation)");
            g.writeNumberField("block_size", run.options.blockSize);
            g.writeNumberField("num_gpu_blocks", run.options.gpuBlocks);
            g.writeStringField("start_time", VllmLogWriter.START.toString());
            g.writeEndObject();
            w.beginTraceEvents();
            w.meta("process_name", API_PID, 0, 0, "name", "APIServer");
            w.meta("process_name", ENGINE_PID, 0, 0, "name", "EngineCore_0");
            w.meta("thread_name", ENGINE_PID, ENGINE_TID, 0, "name", "model executor");
            w.meta("process_name", GPU_PID, 0, 0, "name", "GPU 0");
            w.meta("process_sort_index", GPU_PID, 0, 0, "sort_index", 16_777_216L);
            w.meta("thread_name", GPU_PID, STREAM, 0, "name", "stream " + STREAM + " ");
            writeRequests(w, run);
            writeSteps(w, run);
            w.endTraceEvents();
            w.endRoot();
            return w.counts();
        }
    }

    private static void writeRequests(ChromeTraceWriter w, ServingRun run) throws IOException {
        for (Request r : run.requests) {
            w.async("b", "request", "request", r.id, API_PID, API_PID, r.arrivalNs)
                    .arg("request_id", r.requestId()).arg("prompt_tokens", r.promptTokens)
                    .arg("output_tokens", r.outputTokens).arg("long_context", r.burst ? 1 : 0).end();
            w.async("n", "request", "first_token", r.id, API_PID, API_PID, r.firstTokenNs)
                    .arg("ttft_ms", r.ttftNs() / 1e6, 3).end();
            for (long t : r.preemptedAtNs) {
                w.async("n", "request", "preempted", r.id, API_PID, API_PID, t).end();
            }
            w.async("e", "request", "request", r.id, API_PID, API_PID, r.finishNs)
                    .arg("e2e_ms", r.e2eNs() / 1e6, 3).arg("preemptions", r.preemptions)
                    .arg("finish_reason", "length").end();
        }
    }

    private static void writeSteps(ChromeTraceWriter w, ServingRun run) throws IOException {
        List<Step> steps = run.steps;
        long lastKv = 0;
        int lastRunning = 0;
        int lastWaiting = 0;
        kv(w, run, 0, 0);
        w.counter("Running requests", ENGINE_PID, 0).arg("requests", 0).end();
        w.counter("Waiting requests", ENGINE_PID, 0).arg("requests", 0).end();
        long stepNo = 0;
        for (Step s : steps) {
            String name = s.prefillTokens() > 0 ? "prefill" : "decode";
            w.complete("engine", name, ENGINE_PID, ENGINE_TID, s.startNs(), s.endNs() - s.startNs())
                    .arg("step", stepNo++).arg("batch_size", s.batchSize())
                    .arg("num_prefill_tokens", s.prefillTokens()).arg("num_decode_tokens", s.decodeRequests())
                    .arg("num_prefill_reqs", s.prefillRequests()).arg("num_decode_reqs", s.decodeRequests())
                    .arg("context_tokens", s.contextTokens()).end();
            kernels(w, s);
            if (s.usedBlocksAfter() != lastKv) {
                kv(w, run, s.endNs(), s.usedBlocksAfter());
                lastKv = s.usedBlocksAfter();
            }
            if (s.runningAfter() != lastRunning) {
                w.counter("Running requests", ENGINE_PID, s.endNs()).arg("requests", s.runningAfter()).end();
                lastRunning = s.runningAfter();
            }
            if (s.waitingAfter() != lastWaiting) {
                w.counter("Waiting requests", ENGINE_PID, s.endNs()).arg("requests", s.waitingAfter()).end();
                lastWaiting = s.waitingAfter();
            }
        }
    }

    private static void kv(ChromeTraceWriter w, ServingRun run, long t, int blocks) throws IOException {
        w.counter("KV cache usage", ENGINE_PID, t).arg("percent", 100.0 * blocks / run.options.gpuBlocks, 3).end();
    }

    private static void kernels(ChromeTraceWriter w, Step s) throws IOException {
        long start = s.startNs() + 180_000;
        long span = s.endNs() - start - 120_000;
        List<String> names = new ArrayList<>();
        List<Double> shares = new ArrayList<>();
        names.add(GEMM);
        shares.add(0.62);
        if (s.prefillTokens() > 0) {
            names.add(FLASH_PREFILL);
            shares.add(s.decodeRequests() > 0 ? 0.2 : 0.33);
        }
        if (s.decodeRequests() > 0) {
            names.add(FLASH_DECODE);
            shares.add(s.prefillTokens() > 0 ? 0.13 : 0.33);
        }
        names.add(SAMPLER);
        shares.add(0.05);
        long t = start;
        for (int i = 0; i < names.size(); i++) {
            long dur = Math.max(1_000, Math.round(span * shares.get(i)) - 2_000);
            w.complete("kernel", names.get(i), GPU_PID, STREAM, t, dur).arg("device", 0).arg("stream", STREAM)
                    .arg("grid", 132, 1, 1).arg("block", 128, 1, 1).end();
            t += dur + 2_000;
        }
    }
}
