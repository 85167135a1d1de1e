package dev.parallax.app.fx;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;

/**
 * Starts the JavaFX platform for headless commands (benchmarks, screenshots): on a machine without a
 * display, or when asked, it selects Monocle's headless glass platform and the software renderer first.
 */
public final class FxPlatform {
    private FxPlatform() {
    }

    /** Whether a graphical display is available (an X11 or Wayland display on Linux; always elsewhere). */
    public static boolean hasDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (!os.contains("linux")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }

    /** Starts the platform once; {@code headless} forces Monocle. Returns whether it runs headless. */
    public static synchronized boolean start(boolean headless) {
        boolean useMonocle = headless || !hasDisplay();
        if (useMonocle) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
            System.setProperty("headless.geometry", System.getProperty("headless.geometry", "1920x1200-32"));
            System.setProperty("prism.text", "t2k");
            System.setProperty("java.awt.headless", "true");
        }
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // started before: fine
        }
        Platform.setImplicitExit(false);
        return useMonocle;
    }

    /** Runs {@code c} on the JavaFX thread and waits for its result. */
    public static <T> T call(Callable<T> c) {
        if (Platform.isFxApplicationThread()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
