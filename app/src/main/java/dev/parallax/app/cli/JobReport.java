package dev.parallax.app.cli;

import dev.parallax.analysis.Result;
import dev.parallax.app.report.ReportContent;
import dev.parallax.app.report.ReportRenderer;
import dev.parallax.cluster.JobResult;
import dev.parallax.cluster.JobResultJson;
import dev.parallax.cluster.JobSections;
import dev.parallax.trace.TraceSet;
import dev.parallax.util.Progress;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code parallax report JOB.parallax.json -o report.pdf}: the report of a job result (written by the cluster
 * job), a section per reduction ({@link JobSections}); there is no timeline, the traces stay on the cluster.
 */
final class JobReport {
    private JobReport() {
    }

    static int write(List<Path> paths, Path output, String title, Set<ReportContent.Section> sections,
                     PrintStream out, PrintStream err) {
        if (paths.size() != 1) {
            err.println("parallax report: give one job result at a time (got " + paths.size() + ")");
            return 2;
        }
        JobResult job;
        try {
            job = JobResultJson.read(paths.get(0));
        } catch (IOException e) {
            err.println("parallax report: " + e.getMessage());
            return 3;
        }
        List<Result> results = JobSections.of(job);
        EnumSet<ReportContent.Section> include = EnumSet.noneOf(ReportContent.Section.class);
        include.addAll(sections);
        include.remove(ReportContent.Section.TIMELINE);
        include.remove(ReportContent.Section.DIAGNOSTICS);
        ReportContent content = new ReportContent(title, new TraceSet(job.name() + " (" + job.ranks().size()
                + " ranks, " + job.engine() + ")", List.of()), results, include, ZonedDateTime.now(), -1, -1);
        try {
            new ReportRenderer().render(content, output, Progress.none());
        } catch (IOException e) {
            err.println("parallax report: cannot write " + output + ": " + e.getMessage());
            return 4;
        }
        out.println("wrote " + output + " (job result, " + job.ranks().size() + " ranks, " + results.size()
                + " sections)");
        return 0;
    }
}
