package dev.parallax.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The analyses available to a front end: those registered with {@link ServiceLoader}, plus any given. */
public final class Analyses {
    private final List<Analysis> all;

    public Analyses(List<Analysis> analyses) {
        List<Analysis> sorted = new ArrayList<>(analyses);
        sorted.sort(Comparator.comparing(Analysis::id));
        this.all = List.copyOf(sorted);
    }

    /** Every analysis registered on the class path of {@code loader}. */
    public static Analyses discover(ClassLoader loader) {
        List<Analysis> found = new ArrayList<>();
        for (Analysis a : ServiceLoader.load(Analysis.class, loader)) {
            found.add(a);
        }
        return new Analyses(found);
    }

    public static Analyses discover() {
        return discover(Analyses.class.getClassLoader());
    }

    public List<Analysis> all() {
        return all;
    }

    public Optional<Analysis> byId(String id) {
        return all.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public List<String> ids() {
        return all.stream().map(Analysis::id).toList();
    }
}
