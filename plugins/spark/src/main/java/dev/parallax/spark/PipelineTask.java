package dev.parallax.spark;

import dev.parallax.cluster.JobOptions;
import dev.parallax.cluster.PipelineFigures;
import dev.parallax.cluster.RankAnalyzer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.Function;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The bubble analysis of one pipeline as one task: its ranks' files loaded together. */
final class PipelineTask extends JobTask implements Function<PipelineTask.Pipeline, PipelineFigures> {
    private static final long serialVersionUID = 1L;

    /** One pipeline: its ranks in stage order and their files. */
    record Pipeline(List<Integer> ranks, List<String> uris) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }


    PipelineTask(JobOptions options, Configuration hadoop) {
        super(options, hadoop);
    }

    @Override
    public PipelineFigures call(Pipeline p) {
        List<LocalCopy> copies = new ArrayList<>();
        try {
            for (String uri : p.uris()) {
                copies.add(LocalCopy.of(uri, hadoop()));
            }
            return RankAnalyzer.withDefaults(options).analyzePipeline(copies.stream().map(LocalCopy::path).toList(),
                    p.ranks());
        } catch (IOException | RuntimeException e) {
            return new PipelineFigures(p.ranks(), Map.of(), e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            copies.forEach(LocalCopy::close);
        }
    }
}
