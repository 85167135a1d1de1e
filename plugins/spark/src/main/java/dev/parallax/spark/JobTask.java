package dev.parallax.spark;

import dev.parallax.cluster.JobOptions;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.util.SerializableConfiguration;

import java.io.Serializable;

/** What every task of the job carries to its executor: the job's options and the Hadoop configuration. */
abstract class JobTask implements Serializable {
    private static final long serialVersionUID = 1L;

    final JobOptions options;
    private final SerializableConfiguration hadoop;

    JobTask(JobOptions options, Configuration hadoop) {
        this.options = options;
        this.hadoop = new SerializableConfiguration(hadoop);
    }

    Configuration hadoop() {
        return hadoop.value();
    }
}
