package dev.parallax.samples;

import dev.parallax.samples.TestFiles.Event;
import dev.parallax.samples.serving.ServingGenerator;
import dev.parallax.samples.serving.ServingOptions;
import dev.parallax.samples.serving.ServingRun;
import dev.parallax.samples.serving.ServingSimulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.parallax.samples.MiniJson.dbl;
import static dev.parallax.samples.MiniJson.list;
import static dev.parallax.samples.MiniJson.num;
import static dev.parallax.samples.MiniJson.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ServingGeneratorTest {
    /** The stat-line format of formats.md (process prefix, optional ANSI colours, no year). */
    private static final Pattern STAT = Pattern.compile("^(?:\\u001b\\[[0-9;]*m)?(?:\\((\\w+) pid=(\\d+)\\)"
            + "(?:\\u001b\\[[0-9;]*m)? )?INFO (\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d) \\[loggers\\.py:\\d+\\] Engine 000: "
            + "Avg prompt throughput: ([0-9.]+) tokens/s, Avg generation throughput: ([0-9.]+) tokens/s, "
            + "Running: (\\d+) reqs, Waiting: (\\d+) reqs, GPU KV cache usage: ([0-9.]+)%, "
            + "Prefix cache hit rate: ([0-9.]+)%$");

    @TempDir
    static Path dir;
    static Map<String, Object> expected;

    @BeforeAll
    static void generate() throws Exception {
        new ServingGenerator(new ServingOptions()).generate(dir, "s");
        expected = MiniJson.read(dir.resolve("s.expected.json"));
    }

    @Test
    void theBurstSaturatesTheCacheWithoutEverExceedingIt() {
        ServingRun run = new ServingSimulator(new ServingOptions()).run();
        for (ServingRun.Step s : run.steps) {
            assertThat(s.usedBlocksAfter()).isBetween(0, run.options.gpuBlocks);
            assertThat(s.runningAfter()).isLessThanOrEqualTo(run.options.maxNumSeqs);
        }
        assertThat(dbl(expected.get("peak_kv_usage_percent"))).isLessThanOrEqualTo(100.0).isGreaterThan(95.0);
        assertThat(dbl(expected.get("seconds_above_95_percent"))).isGreaterThan(1.0);
        assertThat(num(expected.get("preemptions"))).isPositive();
        assertThat(num(expected.get("max_waiting"))).isPositive();
        for (ServingRun.Request r : run.requests) {
            assertThat(r.finishNs).isGreaterThanOrEqualTo(r.firstTokenNs);
            assertThat(r.firstTokenNs).isGreaterThan(r.arrivalNs);
        }
    }

    @Test
    void kvStatisticsMatchTheCounterInTheTrace() throws Exception {
        List<Event> events = TestFiles.events(dir.resolve(ServingGenerator.TRACE));
        List<Event> kv = events.stream().filter(e -> e.ph().equals("C") && e.name().equals("KV cache usage"))
                .collect(Collectors.toList());
        long end = num(expected.get("last_step_end_ns"));
        double integral = 0;
        double peak = 0;
        long above = 0;
        for (int i = 0; i < kv.size(); i++) {
            double v = Double.parseDouble(kv.get(i).args().get("percent"));
            assertThat(v).isBetween(0.0, 100.0);
            long t1 = i + 1 < kv.size() ? kv.get(i + 1).tsNs() : end;
            integral += v * (t1 - kv.get(i).tsNs());
            peak = Math.max(peak, v);
            if (v > 95.0) {
                above += t1 - kv.get(i).tsNs();
            }
        }
        assertThat(peak).isCloseTo(dbl(expected.get("peak_kv_usage_percent")), within(1e-3));
        assertThat(integral / end).isCloseTo(dbl(expected.get("mean_kv_usage_percent")), within(1e-3));
        assertThat(above / 1e9).isCloseTo(dbl(expected.get("seconds_above_95_percent")), within(1e-6));
        long spans = events.stream().filter(e -> e.ph().equals("b") && "request".equals(e.cat())).count();
        assertThat(spans).isEqualTo(num(expected.get("requests")));
        long prefillSteps = events.stream().filter(e -> "engine".equals(e.cat()) && e.name().equals("prefill")).count();
        assertThat(prefillSteps).isEqualTo(num(expected.get("prefill_steps")));
        assertThat(events.stream().filter(e -> "kernel".equals(e.cat()) && e.name().contains("flash")).count())
                .isGreaterThanOrEqualTo(num(expected.get("engine_steps")));
    }

    @Test
    void percentilesFollowFromTheRequestList() {
        List<Object> reqs = list(expected.get("request_list"));
        long[] ttft = reqs.stream().mapToLong(o -> num(obj(o).get("first_token_ns")) - num(obj(o).get("arrival_ns")))
                .sorted().toArray();
        Map<String, Object> p = obj(expected.get("ttft_ns"));
        assertThat(num(p.get("p50"))).isEqualTo(ttft[(int) Math.ceil(0.5 * ttft.length) - 1]);
        assertThat(num(p.get("p99"))).isEqualTo(ttft[(int) Math.ceil(0.99 * ttft.length) - 1]);
        assertThat(num(p.get("p90"))).isGreaterThanOrEqualTo(num(p.get("p50")));
        long[] e2e = reqs.stream().mapToLong(o -> num(obj(o).get("finish_ns")) - num(obj(o).get("arrival_ns")))
                .sorted().toArray();
        assertThat(num(obj(expected.get("e2e_ns")).get("max"))).isEqualTo(e2e[e2e.length - 1]);
        long preempted = reqs.stream().mapToLong(o -> num(obj(o).get("preemptions"))).sum();
        assertThat(preempted).isEqualTo(num(expected.get("preemptions")));
    }

    @Test
    void logHasCapacityLinesAndStatLinesEvery10Seconds() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve(ServingGenerator.LOG), StandardCharsets.UTF_8);
        assertThat(lines).anyMatch(l -> l.contains("# GPU blocks: 3000,"))
                .anyMatch(l -> l.endsWith("GPU KV cache size: 48,000 tokens"))
                .anyMatch(l -> l.endsWith("Maximum concurrency for 16,384 tokens per request: 2.93x"))
                .anyMatch(l -> l.startsWith("\u001b[1;36m(EngineCore_0 pid=1159)\u001b[0;0m INFO"));
        List<Matcher> stats = new ArrayList<>();
        for (String l : lines) {
            Matcher m = STAT.matcher(l);
            if (m.matches()) {
                stats.add(m);
            } else {
                assertThat(l).doesNotContain("loggers.py");
            }
        }
        List<Object> truth = list(expected.get("log_stat_lines"));
        assertThat(stats).hasSameSizeAs(truth);
        for (int i = 0; i < stats.size(); i++) {
            Matcher m = stats.get(i);
            Map<String, Object> t = obj(truth.get(i));
            assertThat(m.group(1)).isEqualTo("APIServer");
            assertThat(Integer.parseInt(m.group(6))).isEqualTo(num(t.get("running")));
            assertThat(Integer.parseInt(m.group(7))).isEqualTo(num(t.get("waiting")));
            assertThat(Double.parseDouble(m.group(8))).isEqualTo(dbl(t.get("kv_usage_percent")));
            assertThat(Double.parseDouble(m.group(8))).isBetween(0.0, 100.0);
            assertThat(m.group(3)).isEqualTo(String.format("11-26 09:%02d:%02d", (i + 1) * 10 / 60,
                    (i + 1) * 10 % 60));
        }
        assertThat(stats.stream().mapToInt(m -> Integer.parseInt(m.group(7))).max().orElseThrow()).isPositive();
    }

    @Test
    void prometheusScrapesAreConsistent() throws Exception {
        List<Object> scrapes = list(expected.get("prometheus_scrapes"));
        assertThat(scrapes).hasSizeGreaterThanOrEqualTo(2);
        long lastTtftCount = -1;
        for (Object so : scrapes) {
            List<String> lines = Files.readAllLines(dir.resolve((String) obj(so).get("file")));
            double kv = value(lines, "vllm:kv_cache_usage_perc{");
            assertThat(kv).isBetween(0.0, 1.0);
            assertThat(value(lines, "vllm:num_requests_running{")).isGreaterThanOrEqualTo(0);
            double[] buckets = lines.stream().filter(l -> l.startsWith("vllm:time_to_first_token_seconds_bucket"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
            double[] sorted = buckets.clone();
            Arrays.sort(sorted);
            assertThat(buckets).containsExactly(sorted);
            long count = (long) value(lines, "vllm:time_to_first_token_seconds_count{");
            assertThat(count).isEqualTo((long) buckets[buckets.length - 1]).isGreaterThanOrEqualTo(lastTtftCount);
            lastTtftCount = count;
        }
        List<String> last = Files.readAllLines(dir.resolve((String) obj(scrapes.get(scrapes.size() - 1)).get("file")));
        assertThat((long) value(last, "vllm:e2e_request_latency_seconds_count{")).isEqualTo(num(expected.get("requests")));
        assertThat((long) value(last, "vllm:num_preemptions_total{")).isEqualTo(num(expected.get("preemptions")));
    }

    private static double value(List<String> lines, String prefix) {
        String l = lines.stream().filter(x -> x.startsWith(prefix)).findFirst().orElseThrow();
        return Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
    }

    @Test
    void sameSeedSameBytes(@TempDir Path other) throws Exception {
        new ServingGenerator(new ServingOptions()).generate(other, "s");
        for (String f : TestFiles.listFiles(dir)) {
            assertThat(Files.readAllBytes(other.resolve(f))).as(f).isEqualTo(Files.readAllBytes(dir.resolve(f)));
        }
    }
}
