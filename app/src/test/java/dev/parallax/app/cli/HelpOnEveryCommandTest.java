package dev.parallax.app.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} works on every command and subcommand on its own, without the options a run needs. */
class HelpOnEveryCommandTest {

    @Test
    void everyCommandPrintsItsUsageAndExitsZero() {
        List<List<String>> paths = new ArrayList<>();
        collect(ParallaxCommand.commandLine(), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(10);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cmd = ParallaxCommand.commandLine();
            cmd.setOut(new PrintWriter(out));
            cmd.setErr(new PrintWriter(err));
            int code = cmd.execute(args.toArray(String[]::new));
            assertThat(code).as("parallax %s: %s", String.join(" ", args), err).isZero();
            assertThat(out.toString()).as(String.join(" ", args)).contains("Usage: parallax");
            assertThat(err.toString()).as(String.join(" ", args)).doesNotContain("Missing required");
        }
    }

    private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var e : c.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            collect(e.getValue(), p, out);
        }
    }
}
