package dev.parallax.serving.io;

import dev.parallax.serving.ServingSeries;
import dev.parallax.trace.CounterTrack;
import dev.parallax.trace.Trace;
import dev.parallax.util.Progress;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files of good lines mixed with damaged ones (cut at a random place, random bytes, binary noise): loading never
 * throws, and every good line's value arrives.
 */
class ImporterRobustnessTest {
    @TempDir
    Path dir;

    private static String damage(Random rnd, String line) {
        switch (rnd.nextInt(3)) {
            case 0:
                return line.substring(0, rnd.nextInt(line.length()));
            case 1: {
                char[] c = line.toCharArray();
                for (int k = 0; k < 5; k++) {
                    c[rnd.nextInt(c.length)] = (char) rnd.nextInt(0x3000);
                }
                return new String(c);
            }
            default: {
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < rnd.nextInt(80); k++) {
                    sb.append((char) rnd.nextInt(256));
                }
                return sb.toString().replace('\n', ' ').replace('\r', ' ');
            }
        }
    }

    @RepeatedTest(8)
    void vllmLogWithDamagedLines(RepetitionInfo info) throws Exception {
        Random rnd = new Random(info.getCurrentRepetition());
        List<String> lines = new ArrayList<>();
        Set<Integer> goodRunning = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int running = 1000 + i;
            String good = String.format("(APIServer pid=1) INFO 03-04 10:%02d:%02d [loggers.py:123] Engine 000: Avg "
                    + "prompt throughput: 1,000.0 tokens/s, Avg generation throughput: 5.0 tokens/s, Running: %d reqs, "
                    + "Waiting: 0 reqs, GPU KV cache usage: 50.0%%, Prefix cache hit rate: 0.0%%", i / 60, i % 60, running);
            if (rnd.nextInt(3) == 0) {
                lines.add(damage(rnd, good));
            } else {
                lines.add(good);
                goodRunning.add(running);
            }
        }
        Path f = dir.resolve("damaged.log");
        Files.write(f, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2025-03-05T00:00:00Z")));
        Trace t = new VllmLogImporter().load(f, Progress.none());
        Set<Integer> seen = new HashSet<>();
        t.counterTracks().stream().filter(c -> c.name().equals(ServingSeries.RUNNING)).forEach(c -> {
            for (int i = 0; i < c.size(); i++) {
                seen.add((int) c.value(i));
            }
        });
        assertThat(seen).containsAll(goodRunning);
    }

    @RepeatedTest(8)
    void prometheusScrapeWithDamagedLines(RepetitionInfo info) throws Exception {
        Random rnd = new Random(100 + info.getCurrentRepetition());
        StringBuilder text = new StringBuilder();
        Set<Long> goodTimes = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            long ts = 1_732_600_000_000L + i * 1000L;
            String good = "vllm:num_requests_running{engine=\"0\",model_name=\"m\"} " + i + " " + ts;
            if (rnd.nextInt(3) == 0) {
                text.append(damage(rnd, good));
            } else {
                text.append(good);
                goodTimes.add(ts * 1_000_000L);
            }
            text.append('\n');
        }
        Path f = dir.resolve("damaged.prom");
        Files.writeString(f, text.toString());
        Trace t = new PrometheusScrapeImporter().load(f, Progress.none());
        CounterTrack running = t.counterTracks().stream().filter(c -> c.name().equals(ServingSeries.RUNNING))
                .findFirst().orElseThrow();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < running.size(); i++) {
            seen.add(running.time(i));
        }
        assertThat(seen).containsAll(goodTimes);
    }
}
