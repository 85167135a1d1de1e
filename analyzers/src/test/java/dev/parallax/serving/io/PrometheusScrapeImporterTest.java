package dev.parallax.serving.io;

import dev.parallax.serving.ServingSeries;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusScrapeImporterTest {
    @TempDir
    Path dir;

    static String scrape(double kv, int running, int waiting, int preemptions, int ttftBelow01, int ttftCount) {
        return String.join("\n",
                "# HELP vllm:num_requests_running Number of requests in model execution batches.",
                "# TYPE vllm:num_requests_running gauge",
                "vllm:num_requests_running{engine=\"0\",model_name=\"meta-llama/Llama-2-7b-hf\"} " + running + ".0",
                "# TYPE vllm:num_requests_waiting gauge",
                "vllm:num_requests_waiting{engine=\"0\",model_name=\"meta-llama/Llama-2-7b-hf\"} " + waiting + ".0",
                "# TYPE vllm:kv_cache_usage_perc gauge",
                "vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"meta-llama/Llama-2-7b-hf\"} " + kv,
                "# TYPE vllm:num_preemptions_total counter",
                "vllm:num_preemptions_total{engine=\"0\",model_name=\"meta-llama/Llama-2-7b-hf\"} " + preemptions + ".0",
                "# TYPE vllm:time_to_first_token_seconds histogram",
                "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"0.1\",model_name=\"m\"} " + ttftBelow01 + ".0",
                "vllm:time_to_first_token_seconds_bucket{engine=\"0\",le=\"+Inf\",model_name=\"m\"} " + ttftCount + ".0",
                "vllm:time_to_first_token_seconds_count{engine=\"0\",model_name=\"m\"} " + ttftCount + ".0",
                "") ;
    }

    @Test
    void readsAFolderOfScrapesTimedByFileName() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("scrapes"));
        Files.writeString(folder.resolve("metrics-1732600000.prom"), scrape(0.25, 3, 0, 0, 1, 2));
        Files.writeString(folder.resolve("metrics-1732600005.prom"), scrape(0.97, 8, 5, 2, 3, 9));
        Trace t = new PrometheusScrapeImporter().load(folder, Progress.none());
        CounterTrack kv = VllmLogImporterTest.counter(t, "prometheus-engine-0", ServingSeries.KV_USAGE);
        assertThat(kv.size()).isEqualTo(2);
        assertThat(kv.time(0)).isEqualTo(1_732_600_000_000_000_000L);
        assertThat(kv.time(1)).isEqualTo(1_732_600_005_000_000_000L);
        assertThat(kv.value(1)).isEqualTo(0.97);
        assertThat(VllmLogImporterTest.counter(t, "prometheus-engine-0", ServingSeries.PREEMPTIONS).value(1)).isEqualTo(2.0);
        assertThat(VllmLogImporterTest.counter(t, "prometheus-engine-0",
                "vllm:time_to_first_token_seconds_bucket{le=\"+Inf\"}").value(1)).isEqualTo(9.0);
        assertThat(t.diagnostics().isEmpty()).isTrue();
    }

    @Test
    void readsSeveralScrapesInOneFileAndReportsBadLines() throws Exception {
        Path file = dir.resolve("metrics.txt");
        Files.writeString(file, "# scrape_time: 2024-11-26T06:00:00Z\n" + scrape(0.5, 1, 0, 0, 0, 0)
                + "# scrape_time: 1732600810.5\n" + scrape(0.6, 2, 0, 0, 0, 0)
                + "vllm:num_requests_running{engine=\"0\" 3\n"
                + "vllm:num_requests_waiting 1 notatime\n");
        PrometheusScrapeImporter imp = new PrometheusScrapeImporter();
        assertThat(imp.sniff(file, Files.readAllBytes(file))).isGreaterThanOrEqualTo(70);
        Trace t = imp.load(file, Progress.none());
        CounterTrack running = VllmLogImporterTest.counter(t, "prometheus-engine-0", ServingSeries.RUNNING);
        assertThat(running.size()).isEqualTo(2);
        assertThat(running.time(0)).isEqualTo(1_732_600_800_000_000_000L);
        assertThat(running.time(1)).isEqualTo(1_732_600_810_500_000_000L);
        assertThat(t.diagnostics().count("bad-sample")).isEqualTo(2);
        assertThat(t.diagnostics().lines().get(0)).contains("line 29");
        assertThat(t.metadata().other()).containsEntry("prometheus.scrapes", "2");
    }

    @Test
    void parsesEscapedLabelsTimestampsAndSpecialValues() throws Exception {
        PrometheusText.Sample s = PrometheusText.parseSample(
                "vllm:request_success_total{finished_reason=\"st\\\"op\",engine=\"1\"} +Inf 1732600000123");
        assertThat(s.labels()).containsEntry("finished_reason", "st\"op").containsEntry("engine", "1");
        assertThat(s.value()).isInfinite();
        assertThat(s.timestampMs()).isEqualTo(1_732_600_000_123L);
        assertThat(PrometheusText.seriesName(s)).isEqualTo("vllm:request_success_total{finished_reason=\"st\"op\"}");
    }
}
