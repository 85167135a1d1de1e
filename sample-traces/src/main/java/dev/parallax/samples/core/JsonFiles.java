package dev.parallax.samples.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes small JSON documents (ground-truth sidecars) indented with {@code \n} line ends on every platform. */
public final class JsonFiles {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonFiles() {
    }

    /** A pretty-printing generator on {@code file} (plain, not compressed). */
    public static JsonGenerator open(Path file) throws IOException {
        OutputStream out = SampleOutput.open(file, false);
        JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter));
        return g;
    }

    /** Writes {@code "key": value} with fixed decimals. */
    public static void fixed(JsonGenerator g, String key, double value, int decimals) throws IOException {
        g.writeFieldName(key);
        g.writeNumber(Decimals.fixed(value, decimals));
    }
}
