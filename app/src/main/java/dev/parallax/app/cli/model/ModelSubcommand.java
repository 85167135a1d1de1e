package dev.parallax.app.cli.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.parallax.model.catalog.Catalog;
import dev.parallax.model.catalog.CatalogException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Shared behaviour of the {@code parallax model} subcommands: {@code --json}, {@code --catalog}, exit codes
 * (0 ok, 2 usage error, 3 input unreadable) and messages on stderr.
 */
abstract class ModelSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON (snake_case keys) instead of text.")
    boolean json;

    @Option(names = "--catalog", paramLabel = "FILE|DIR",
            description = "Extra catalog file, Hugging Face config.json, or folder of them (repeatable); "
                    + "added after the built-in entries and ~/.parallax/catalog/.")
    List<Path> catalogs = new ArrayList<>();

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CatalogException e) {
            err().println("parallax model " + spec.name() + ": " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err().println("parallax model " + spec.name() + ": " + e.getMessage());
            return 2;
        }
    }

    /** The command's work; returns the exit code. */
    abstract int run() throws CatalogException;

    Catalog catalog() {
        String home = System.getProperty("user.home");
        return Catalog.load(home == null ? null : Path.of(home), catalogs);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    void printJson(Map<String, Object> tree) {
        try {
            out().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree));
            out().flush();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static void requirePositive(String option, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }
}
