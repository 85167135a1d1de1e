package dev.parallax.app.bench;

import dev.parallax.app.fx.FxPlatform;
import dev.parallax.app.timeline.TimeFormat;
import dev.parallax.app.timeline.TimelineView;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code parallax bench timeline}: paints the real timeline canvas for a large in-memory trace at three
 * zoom levels and reports frame times; also measures how long the UI thread stalls while the trace is
 * built on a worker thread and handed to the view.
 *
 * <p>Each frame pans a little (so nothing is cached), paints ({@code paint}: the UI-thread work of
 * issuing drawing commands) and then takes a snapshot of the canvas ({@code frame}: painting plus
 * rasterising and reading the pixels back, an upper bound of what a screen refresh costs).
 */
@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = "Benchmark the timeline canvas on a generated trace (p50/p95/max frame times).")
public final class TimelineBenchCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--events", description = "Slices to generate (default: ${DEFAULT-VALUE}).")
    long events = 10_000_000L;

    @Option(names = "--ranks", description = "Ranks (default: ${DEFAULT-VALUE}).")
    int ranks = 8;

    @Option(names = "--width", description = "Canvas width in pixels (default: ${DEFAULT-VALUE}).")
    int width = 1600;

    @Option(names = "--height", description = "Canvas height in pixels (default: ${DEFAULT-VALUE}).")
    int height = 1000;

    @Option(names = "--frames", description = "Frames per zoom level (default: ${DEFAULT-VALUE}).")
    int frames = 60;

    @Option(names = "--headless", description = "Use the headless (Monocle) platform even with a display.")
    boolean headless;

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (events < 10 || ranks < 1 || frames < 1) {
            System.err.println("parallax bench timeline: --events must be >= 10, --ranks and --frames >= 1");
            return 2;
        }
        boolean mono = FxPlatform.start(headless);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("platform", mono ? "monocle-headless/sw" : "display/" + System.getProperty("prism.order", "default"));

        // The window exists first (as in the app); then the trace is built on a worker thread and handed to
        // the view while the UI thread answers a heartbeat every 5 ms.
        TimelineView view = FxPlatform.call(() -> {
            TimelineView v = new TimelineView();
            StackPane root = new StackPane(v);
            new Scene(root, width, height);
            root.resize(width, height);
            root.layout();
            v.paintNow();
            return v;
        });
        AtomicLong maxStall = new AtomicLong();
        Heartbeat hb = new Heartbeat(maxStall);
        hb.start();
        long g0 = System.nanoTime();
        TraceSet set = SyntheticTrace.generate(ranks, events, 42, Progress.none());
        long genNanos = System.nanoTime() - g0;
        long sliceCount = set.traces().stream().mapToLong(t -> t.sliceCount()).sum();
        long i0 = System.nanoTime();
        java.util.List<dev.parallax.trace.query.RunIndex> indexes = dev.parallax.trace.query.RunIndex.forSet(set);
        long indexNanos = System.nanoTime() - i0;
        long a0 = System.nanoTime();
        FxPlatform.call(() -> {
            view.addSet(set, indexes);
            view.layout();
            return null;
        });
        long addNanos = System.nanoTime() - a0;
        FxPlatform.call(() -> {
            view.paintNow();
            return null;
        });
        Thread.sleep(50);
        hb.stop();
        out.put("run_index_seconds", indexNanos / 1e9);
        out.put("slices", sliceCount);
        out.put("ranks", ranks);
        out.put("generate_seconds", genNanos / 1e9);
        out.put("add_to_view_ms", addNanos / 1e6);
        out.put("max_ui_stall_during_load_ms", maxStall.get() / 1e6);

        long span = set.maxTime() - set.minTime();
        List<Map<String, Object>> levels = new ArrayList<>();
        levels.add(measure(view, "full", () -> view.showAll()));
        long mid = span / 2;
        levels.add(measure(view, "mid", () -> view.showRange(mid - span / 400, mid + span / 400)));
        levels.add(measure(view, "1us_per_px", () -> view.model().viewport().set(mid, 1_000)));
        out.put("levels", levels);
        Platform.exit();
        print(out);
        return 0;
    }

    private Map<String, Object> measure(TimelineView view, String name, Runnable setup) {
        return FxPlatform.call(() -> {
            setup.run();
            view.paintNow();
            view.canvas().snapshot(null, null);
            WritableImage img = new WritableImage((int) view.canvas().getWidth(), (int) view.canvas().getHeight());
            for (int f = 0; f < Math.min(frames, 15); f++) {
                view.pan((f & 1) == 0 ? 7 : -5);
                view.paintNow();
                view.canvas().snapshot(null, img);
            }
            double[] paint = new double[frames];
            double[] frame = new double[frames];
            long rects = 0;
            for (int f = 0; f < frames; f++) {
                view.pan((f & 1) == 0 ? 7 : -5);
                long p0 = System.nanoTime();
                view.paintNow();
                long p1 = System.nanoTime();
                view.canvas().snapshot(null, img);
                long p2 = System.nanoTime();
                paint[f] = (p1 - p0) / 1e6;
                frame[f] = (p2 - p0) / 1e6;
                rects += view.painter().lastRectCount();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("level", name);
            m.put("ns_per_pixel", view.model().viewport().nsPerPixel());
            m.put("visible", TimeFormat.duration(view.model().viewport().end() - view.model().viewport().start()));
            m.put("shapes_per_frame", rects / frames);
            m.put("paint_p50_ms", pct(paint, 50));
            m.put("paint_p95_ms", pct(paint, 95));
            m.put("paint_max_ms", pct(paint, 100));
            m.put("frame_p50_ms", pct(frame, 50));
            m.put("frame_p95_ms", pct(frame, 95));
            m.put("frame_max_ms", pct(frame, 100));
            return m;
        });
    }

    private static double pct(double[] v, double p) {
        double[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(p / 100 * s.length) - 1;
        return Math.round(s[Math.max(0, Math.min(s.length - 1, i))] * 100) / 100.0;
    }

    @SuppressWarnings("unchecked")
    private void print(Map<String, Object> out) {
        if (json) {
            StringBuilder sb = new StringBuilder("{");
            appendJson(sb, out);
            System.out.println(sb.append('}'));
            return;
        }
        System.out.printf(Locale.ROOT, "platform: %s%n", out.get("platform"));
        System.out.printf(Locale.ROOT, "trace: %,d slices on %d ranks, generated in %.1f s%n",
                (Long) out.get("slices"), ranks, (Double) out.get("generate_seconds"));
        System.out.printf(Locale.ROOT, "UI thread: longest stall while loading %.1f ms; adding to the view %.1f ms%n",
                (Double) out.get("max_ui_stall_during_load_ms"), (Double) out.get("add_to_view_ms"));
        System.out.printf(Locale.ROOT, "run indexes built on the loading thread in %.2f s%n",
                (Double) out.get("run_index_seconds"));
        System.out.printf(Locale.ROOT, "canvas %dx%d, %d frames per level%n", width, height, frames);
        System.out.printf(Locale.ROOT, "%-11s %-12s %8s %10s %10s %10s %10s %10s%n", "level", "visible", "shapes",
                "paint p50", "paint p95", "frame p50", "frame p95", "frame max");
        for (Map<String, Object> l : (List<Map<String, Object>>) out.get("levels")) {
            System.out.printf(Locale.ROOT, "%-11s %-12s %8d %8.2fms %8.2fms %8.2fms %8.2fms %8.2fms%n", l.get("level"),
                    l.get("visible"), (Long) l.get("shapes_per_frame"), l.get("paint_p50_ms"), l.get("paint_p95_ms"),
                    l.get("frame_p50_ms"), l.get("frame_p95_ms"), l.get("frame_max_ms"));
        }
    }

    @SuppressWarnings("unchecked")
    private static void appendJson(StringBuilder sb, Map<String, Object> m) {
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(e.getKey()).append("\":");
            appendValue(sb, e.getValue());
        }
    }

    @SuppressWarnings("unchecked")
    private static void appendValue(StringBuilder sb, Object v) {
        if (v instanceof Map) {
            sb.append('{');
            appendJson(sb, (Map<String, Object>) v);
            sb.append('}');
        } else if (v instanceof List) {
            sb.append('[');
            boolean first = true;
            for (Object o : (List<Object>) v) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                appendValue(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Number) {
            sb.append(v);
        } else {
            sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }

    /** Posts a task to the UI thread every few milliseconds and records the longest wait for it to run. */
    private static final class Heartbeat {
        private final AtomicLong maxStall;
        private volatile boolean running = true;
        private final Thread thread;

        Heartbeat(AtomicLong maxStall) {
            this.maxStall = maxStall;
            this.thread = new Thread(this::loop, "ui-heartbeat");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        private void loop() {
            while (running) {
                long posted = System.nanoTime();
                java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                Platform.runLater(() -> {
                    maxStall.accumulateAndGet(System.nanoTime() - posted, Math::max);
                    done.countDown();
                });
                try {
                    done.await();
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
