package dev.parallax.app.cli.model;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code parallax model}: theoretical peak models from the hardware and model catalogs. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Theoretical peak models: long-context serving cost, roofline, training FLOPs and MFU, "
                + "pipeline schedules, collectives.",
        subcommands = {ModelListCommand.class, LongContextCommand.class, RooflineCommand.class, MfuCommand.class,
                PipelineCommand.class, CollectiveCommand.class})
public final class ModelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
