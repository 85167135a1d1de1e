package dev.parallax.app.fx;

import dev.parallax.app.view.ViewContext;
import dev.parallax.util.CancelledException;
import dev.parallax.util.Progress;
import javafx.concurrent.Task;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The workbench's one way to run work off the JavaFX thread: a {@link Task} whose {@link Progress} feeds the
 * task's progress and message and whose Cancel stops the work at its next {@link Progress#checkCancelled()};
 * every task started here is announced to a {@link Listener} (the status bar binds to it and shows Cancel)
 * and a failure is reported once, with its title, instead of being lost in a worker thread.
 */
public final class BackgroundTasks {
    /** Told about each task, on the JavaFX thread. */
    public interface Listener {
        /** A task starts: show its progress and a Cancel button. */
        void started(Task<?> task, String title);

        /** A task ended (succeeded, failed or cancelled): stop showing it. */
        void ended(Task<?> task);

        /** A task failed with {@code error} (never called for cancellation). */
        void failed(String title, Throwable error);
    }

    private final Executor executor;
    private final Listener listener;

    public BackgroundTasks(Executor executor, Listener listener) {
        this.executor = executor;
        this.listener = listener;
    }

    /** A task running {@code work}, bridging its {@link Progress} to the task's progress, message and cancel. */
    public static <T> Task<T> task(String title, ViewContext.Work<T> work) {
        return new Task<>() {
            @Override
            protected T call() throws Exception {
                updateMessage(title + "…");
                Task<T> self = this;
                return work.run(new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                        updateProgress(done, total < 0 ? -1 : total);
                        if (message != null && !message.isEmpty()) {
                            updateMessage(title + ": " + message);
                        }
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
            }
        };
    }

    /**
     * Runs {@code work} in the background; {@code done} receives its value on the JavaFX thread. Call on the
     * JavaFX thread.
     */
    public <T> Task<T> submit(String title, ViewContext.Work<T> work, Consumer<T> done) {
        Task<T> t = task(title, work);
        return submit(title, t, done);
    }

    /** Runs an existing task the same way (announced, failures reported, {@code done} on success). */
    public <T> Task<T> submit(String title, Task<T> t, Consumer<T> done) {
        t.setOnSucceeded(e -> {
            listener.ended(t);
            if (done != null) {
                done.accept(t.getValue());
            }
        });
        t.setOnCancelled(e -> listener.ended(t));
        t.setOnFailed(e -> {
            listener.ended(t);
            if (!(t.getException() instanceof CancelledException)) {
                listener.failed(title, t.getException());
            }
        });
        listener.started(t, title);
        executor.execute(t);
        return t;
    }

    /** The handle a {@link ViewContext} gives for a task. */
    public static ViewContext.Background handle(Task<?> t) {
        return new ViewContext.Background() {
            @Override
            public void cancel() {
                t.cancel();
            }

            @Override
            public boolean isDone() {
                return t.isDone();
            }
        };
    }

    /** The message of an error for a user: its own message, else its class name. */
    public static String message(Throwable e) {
        if (e == null) {
            return "unknown error";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
