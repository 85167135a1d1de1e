package dev.parallax.trace.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes inputs that cannot be read twice usable: {@code -} (standard input), {@code /dev/stdin}, a named
 * pipe or process substitution ({@code <(zcat t.json.gz)}, which is {@code /dev/fd/63}) are copied as they
 * stream (compressed or not; nothing seeks) into a private temporary folder, so that the loader can sniff
 * the content and then read it. Messages about the copy name the original input; the copies are deleted
 * by {@link #close()} (and at exit, if the process ends first).
 */
final class PipeSpool implements AutoCloseable {
    private final Map<Path, String> copies = new LinkedHashMap<>();
    private final List<Path> folders = new ArrayList<>();

    /** Whether {@code p} names standard input or a stream that is not a regular file or folder. */
    static boolean isStream(Path p) {
        String s = p.toString();
        if (s.equals("-")) {
            return true;
        }
        return Files.exists(p) && !Files.isRegularFile(p) && !Files.isDirectory(p);
    }

    /** {@code p} itself, or the copy of the stream it names. */
    Path seekable(Path p, List<String> notes) throws IOException {
        if (!isStream(p)) {
            return p;
        }
        boolean stdin = p.toString().equals("-");
        String name = stdin ? "stdin" : p.toString();
        Path dir = Files.createTempDirectory("parallax-pipe-");
        dir.toFile().deleteOnExit();
        folders.add(dir);
        Path copy = dir.resolve(stdin || p.getFileName() == null ? "stdin" : safeName(p.getFileName().toString()));
        copy.toFile().deleteOnExit();
        long n;
        try (InputStream in = stdin ? System.in : Files.newInputStream(p)) {
            n = Files.copy(stdin ? new NonClosing(in) : in, copy);
        } catch (IOException e) {
            throw new IOException(name + ": cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        copies.put(copy, name);
        notes.add(name + ": read from a stream (" + n + " bytes)");
        return copy;
    }

    /** {@code text} with the copies' paths replaced by the inputs they stand for. */
    String rename(String text) {
        if (text == null) {
            return null;
        }
        String t = text;
        for (Map.Entry<Path, String> e : copies.entrySet()) {
            t = t.replace(e.getKey().toString(), e.getValue());
        }
        return t;
    }

    /** The outcome with the failures and notes naming the original inputs. */
    TraceSetLoader.Outcome named(TraceSetLoader.Outcome o) {
        if (copies.isEmpty()) {
            return o;
        }
        List<TraceSetLoader.Failure> failures = new ArrayList<>();
        for (TraceSetLoader.Failure f : o.failures()) {
            String orig = copies.get(f.file());
            failures.add(new TraceSetLoader.Failure(orig != null ? Path.of(orig) : f.file(), rename(f.message())));
        }
        List<String> notes = o.notes().stream().map(this::rename).toList();
        dev.parallax.trace.TraceSet set = o.traceSet();
        return new TraceSetLoader.Outcome(new dev.parallax.trace.TraceSet(rename(set.name()), set.members()),
                failures, notes);
    }

    @Override
    public void close() {
        for (Path dir : folders) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // deleted at exit
            }
        }
    }

    private static String safeName(String s) {
        String n = s.replaceAll("[^A-Za-z0-9._-]", "_");
        return n.isEmpty() || n.startsWith(".") ? "stream" + n : n;
    }

    /** Standard input is not ours to close. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
