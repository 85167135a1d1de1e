package dev.parallax.spark;

import dev.parallax.cluster.CollectiveArrival;
import dev.parallax.cluster.InstanceArrivals;
import dev.parallax.cluster.JobOptions;
import dev.parallax.cluster.JobReducer;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.RankAnalyzer;
import dev.parallax.cluster.RankRecord;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Analyses a job's rank files on Spark: one task per file runs the desktop's analyses on that rank alone
 * ({@link RankAnalyzer}) and emits a small {@link RankRecord}; the records form a Dataset, kept while two
 * reductions read it: the records themselves (without their collective arrivals) are collected, and the
 * arrivals are reduced per collective instance on the executors ({@link InstanceArrivals#merge}) so that
 * only one small record per instance reaches the driver. The driver then reduces the job ({@link JobReducer}).
 * Events never leave their task.
 */
public final class SparkJob {
    private static final Encoder<RankRecord> RECORD = Encoders.javaSerialization(RankRecord.class);

    private SparkJob() {
    }

    /**
     * Runs the job.
     *
     * @param paths files, folders or globs on any Hadoop file system
     * @param progress where stage progress goes (stderr), or null for none
     * @throws IllegalArgumentException for an unknown analysis or a bad parameter (checked before any task runs)
     * @throws IOException when the paths cannot be listed
     */
    public static JobResult run(SparkSession spark, List<String> paths, JobOptions options, PrintStream progress)
            throws IOException {
        long t0 = System.nanoTime();
        RankAnalyzer.withDefaults(options);
        StageProgress listener = null;
        if (progress != null) {
            listener = new StageProgress(progress);
            spark.sparkContext().addSparkListener(listener);
        }
        try {
            RankFiles.Listing listing = RankFiles.list(paths, spark.sparkContext().hadoopConfiguration());
            List<String> notes = new ArrayList<>(listing.notes());
            List<RankFile> files = listing.files();
            if (progress != null) {
                progress.println("parallax-spark: " + files.size() + " files to analyse with " + options.analyses());
            }
            List<RankRecord> records = new ArrayList<>();
            List<InstanceArrivals> instances = new ArrayList<>();
            if (!files.isEmpty()) {
                JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
                jsc.setJobDescription("analyse " + files.size() + " rank files");
                jsc.setCallSite("read and analyse the ranks");
                JavaRDD<RankRecord> analysed = jsc.parallelize(files, files.size())
                        .mapPartitions(new RankTask(options, spark.sparkContext().hadoopConfiguration()));
                Dataset<RankRecord> ranks = spark.createDataset(analysed.rdd(), RECORD)
                        .persist(StorageLevel.MEMORY_AND_DISK());
                try {
                    records.addAll(ranks.map((org.apache.spark.api.java.function.MapFunction<RankRecord, RankRecord>)
                            RankRecord::withoutCollectives, RECORD).collectAsList());
                    jsc.setJobDescription("reduce collective arrivals across ranks");
                    jsc.setCallSite("reduce collective arrivals");
                    instances.addAll(ranks.javaRDD()
                            .flatMapToPair(r -> {
                                List<Tuple2<CollectiveArrival.InstanceKey, InstanceArrivals>> out = new ArrayList<>();
                                for (CollectiveArrival a : r.collectives()) {
                                    out.add(new Tuple2<>(a.key(), InstanceArrivals.of(r.rank(), a)));
                                }
                                return out.iterator();
                            })
                            .reduceByKey(InstanceArrivals::merge, Math.max(1, Math.min(files.size(), 64)))
                            .values().collect());
                } finally {
                    jsc.clearCallSite();
                    ranks.unpersist();
                }
            }
            String engine = "spark " + spark.sparkContext().master();
            JobReducer.JobInfo info = new JobReducer.JobInfo(String.join(" ", paths), engine, options.analyses(),
                    options.parameters(), System.nanoTime() - t0);
            JobResult result = JobReducer.reduce(info, records, instances, notes);
            return withWall(result, System.nanoTime() - t0);
        } finally {
            if (listener != null) {
                spark.sparkContext().removeSparkListener(listener);
            }
        }
    }

    private static JobResult withWall(JobResult r, long wall) {
        return new JobResult(r.format(), r.version(), r.name(), r.engine(), r.createdAt(), r.analyses(),
                r.parameters(), wall, r.ranks(), r.distributions(), r.stragglers(), r.heatmap(), r.collectiveSkew(),
                r.byNode(), r.byStage(), r.diagnostics());
    }
}
