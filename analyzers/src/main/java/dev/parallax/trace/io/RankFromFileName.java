package dev.parallax.trace.io;

import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a rank from a trace file's name: {@code rank-N}, {@code rank_N}, {@code rankN} or {@code workerN}. */
public final class RankFromFileName {
    private static final Pattern RANK = Pattern.compile("(?i)(?:^|[^a-z])(?:rank|worker)[-_]?(\\d{1,7})(?!\\d)");

    private RankFromFileName() {
    }

    public static OptionalInt rank(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return OptionalInt.empty();
        }
        Matcher m = RANK.matcher(name.toString());
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
