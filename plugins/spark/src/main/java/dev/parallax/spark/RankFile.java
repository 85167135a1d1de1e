package dev.parallax.spark;

import java.io.Serializable;

/**
 * One trace file of the job, as a task receives it.
 *
 * @param index the file's position in the sorted list (its rank when nothing else names one)
 * @param uri the file's fully qualified Hadoop URI ({@code file:/...}, {@code hdfs://...}, {@code s3a://...})
 * @param fromFolder whether it was found by listing a folder (files there that hold no trace are skipped)
 */
public record RankFile(int index, String uri, boolean fromFolder) implements Serializable {
    private static final long serialVersionUID = 1L;
}
