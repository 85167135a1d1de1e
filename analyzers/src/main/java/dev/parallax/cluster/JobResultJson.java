package dev.parallax.cluster;

import dev.parallax.util.AtomicFiles;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes a {@link JobResult} as JSON with snake_case keys, {@code "format": "parallax-job-result"}
 * first so that a reader can recognise the file by its first bytes ({@link #looksLike}). Unknown keys are
 * ignored when reading (files from newer versions open); files are written atomically.
 */
public final class JobResultJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private JobResultJson() {
    }

    public static void write(JobResult result, OutputStream out) throws IOException {
        MAPPER.writeValue(new NonClosing(out), result);
    }

    /** Writes {@code result} to {@code file} atomically and with the user's usual file mode ({@link AtomicFiles}). */
    public static void write(JobResult result, Path file) throws IOException {
        AtomicFiles.write(file, out -> write(result, out));
    }

    public static String toJson(JobResult result) throws IOException {
        return MAPPER.writeValueAsString(result);
    }

    /**
     * Reads a job result.
     *
     * @throws IOException naming the file when it is not a job result or cannot be parsed
     */
    public static JobResult read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static JobResult read(InputStream in, String source) throws IOException {
        JobResult r;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(in);
            if (tree == null || !tree.isObject() || !JobResult.FORMAT.equals(tree.path("format").asText())) {
                throw new IOException(source + ": not a job result (no \"format\": \"" + JobResult.FORMAT + "\")");
            }
            r = MAPPER.treeToValue(tree, JobResult.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(source + ": not a readable job result (" + e.getOriginalMessage() + ")", e);
        }
        if (r.version() > JobResult.VERSION) {
            throw new IOException(source + ": job result version " + r.version() + " is newer than this Parallax reads ("
                    + JobResult.VERSION + ")");
        }
        return r;
    }

    /** Whether a file's first bytes are those of a job result. */
    public static boolean looksLike(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.UTF_8);
        return text.stripLeading().startsWith("{")
                && text.replaceAll("\\s+", "").contains("\"format\":\"" + JobResult.FORMAT + "\"");
    }

    /** Whether {@code file} is a job result, judged from its first bytes. */
    public static boolean looksLike(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return looksLike(in.readNBytes(4096));
        } catch (IOException e) {
            return false;
        }
    }

    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
