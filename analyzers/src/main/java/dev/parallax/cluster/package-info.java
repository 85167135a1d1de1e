/**
 * Results of a job analysed rank by rank (on a cluster or in one JVM): the per-rank records that tasks
 * emit, the cross-rank reductions (distributions, stragglers, ranks × steps heatmap, collective arrival
 * skew, node and stage groups), and the job-result file that the workbench and the report open. Nothing
 * here depends on a cluster framework.
 */
package dev.parallax.cluster;
