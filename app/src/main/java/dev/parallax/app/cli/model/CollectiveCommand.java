package dev.parallax.app.cli.model;

import dev.parallax.model.collective.CollectiveCost;
import dev.parallax.model.collective.CollectiveOp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code parallax model collective}: time of a collective with nccl-tests' bus-bandwidth factors. */
@Command(name = "collective", mixinStandardHelpOptions = true, description = {
        "Time and bus bandwidth of a collective.",
        "A ring collective of S bytes over N ranks at a bus bandwidth, with the bus-bandwidth factors of "
                + "nccl-tests (doc/PERFORMANCE.md): all-reduce 2(n-1)/n; reduce-scatter, all-gather, all-to-all "
                + "(n-1)/n; broadcast 1."})
final class CollectiveCommand extends ModelSubcommand {
    @Option(names = "--op", required = true, paramLabel = "allreduce|reducescatter|allgather|alltoall|broadcast", description = "Collective.")
    String op;

    @Option(names = "--ranks", required = true, paramLabel = "N", description = "Participating ranks.")
    int ranks;

    @Option(names = "--bytes", required = true, paramLabel = "S", description = "Buffer size: bytes, or with a unit (256MiB, 1GB).")
    String bytes;

    @Option(names = "--bandwidth", required = true, paramLabel = "GBps", description = "Bus bandwidth of the links in GB/s (1e9 bytes/s).")
    double bandwidth;

    @Option(names = "--latency-us", defaultValue = "0", paramLabel = "US", description = "Latency per ring step in µs (default: ${DEFAULT-VALUE}).")
    double latencyUs;

    @Override
    int run() {
        CollectiveOp kind = CollectiveOp.parse(op);
        requirePositive("--bandwidth", bandwidth);
        if (ranks < 1) {
            throw new IllegalArgumentException("--ranks must be at least 1");
        }
        double s = Units.parseBytes(bytes);
        CollectiveCost c = CollectiveCost.estimate(kind, ranks, s, bandwidth * 1e9, latencyUs * 1e-6);
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("op", kind.id());
            root.put("ranks", ranks);
            root.put("bytes", s);
            root.put("seconds", c.seconds());
            root.put("bus_bandwidth_factor", c.factor());
            root.put("algorithm_bandwidth", c.algorithmBandwidth());
            root.put("bus_bandwidth", c.busBandwidth());
            root.put("bus_bandwidth_gb_per_s", c.busBandwidth() / 1e9);
            printJson(root);
        } else {
            out().printf(Locale.ROOT, "%s of %s over %d ranks at %.1f GB/s: %s (algbw %.2f GB/s, busbw %.2f GB/s, factor %.4f)%n",
                    kind.id(), Units.bytes(s), ranks, bandwidth, Units.seconds(c.seconds()), c.algorithmBandwidth() / 1e9,
                    c.busBandwidth() / 1e9, c.factor());
            out().flush();
        }
        return 0;
    }
}
