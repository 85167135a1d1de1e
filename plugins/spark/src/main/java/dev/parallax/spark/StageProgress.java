package dev.parallax.spark;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints each stage's progress on a stream (stderr): when it starts, every tenth of its tasks (or each task
 * of a small stage), and when it ends, with its wall time.
 */
final class StageProgress extends SparkListener {
    private final PrintStream out;
    private final Map<Integer, AtomicInteger> done = new ConcurrentHashMap<>();
    private final Map<Integer, Integer> total = new ConcurrentHashMap<>();
    private final Map<Integer, String> names = new ConcurrentHashMap<>();

    StageProgress(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
        int id = e.stageInfo().stageId();
        total.put(id, e.stageInfo().numTasks());
        done.put(id, new AtomicInteger());
        String name = e.stageInfo().name();
        names.put(id, name);
        out.printf(Locale.ROOT, "stage %d (%s): %d tasks%n", id, name, e.stageInfo().numTasks());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        int id = e.stageId();
        AtomicInteger d = done.get(id);
        Integer n = total.get(id);
        if (d == null || n == null) {
            return;
        }
        int k = d.incrementAndGet();
        int step = Math.max(1, n / 10);
        if (k % step == 0 || k == n) {
            out.printf(Locale.ROOT, "stage %d: %d/%d tasks done%n", id, k, n);
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
        int id = e.stageInfo().stageId();
        long ms = e.stageInfo().completionTime().isDefined() && e.stageInfo().submissionTime().isDefined()
                ? (Long) e.stageInfo().completionTime().get() - (Long) e.stageInfo().submissionTime().get() : -1;
        String failure = e.stageInfo().failureReason().isDefined() ? " failed: " + e.stageInfo().failureReason().get()
                : "";
        out.printf(Locale.ROOT, "stage %d done in %.1f s%s%n", id, ms / 1000.0, failure);
    }
}
