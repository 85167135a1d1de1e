package dev.parallax.trace;

import java.util.List;

/**
 * One process group of a distributed job, as Kineto records it in {@code distributedInfo.pg_config}.
 *
 * @param description e.g. {@code "default_pg"}, or a parallelism label such as {@code "pp"}/{@code "tp"}
 * @param ranks global ranks in the group, in group order
 */
public record ProcessGroup(String name, String description, String backendConfig, int size, List<Integer> ranks) {
    public ProcessGroup {
        ranks = List.copyOf(ranks);
    }
}
