package dev.parallax.spark;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The jar's main class. Under {@code spark-submit} Spark is on the class path and the command runs at once;
 * started with {@code java -jar parallax-spark.jar}, it runs the command in a class loader holding this jar
 * and the {@code lib/} folder beside it (Spark and its dependencies, copied there by the build). The jar's
 * manifest opens the JDK packages Spark needs on Java 17 ({@code Add-Opens}) to every unnamed module.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        System.setProperty("io.netty.tryReflectionSetAccessible", "true");
        if (sparkPresent(Launcher.class.getClassLoader())) {
            ParallaxSpark.main(args);
            return;
        }
        Path jar;
        try {
            jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path lib = jar.resolveSibling("lib");
        if (!Files.isDirectory(lib)) {
            System.err.println("parallax-spark: Spark is not on the class path and " + lib + " does not exist: run "
                    + "with spark-submit, or build the module (mvn package) so that its lib/ folder sits beside the jar");
            System.exit(2);
        }
        List<URL> urls = new ArrayList<>();
        urls.add(jar.toUri().toURL());
        try (Stream<Path> s = Files.list(lib)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(p.toUri().toURL());
            }
        } catch (IOException e) {
            System.err.println("parallax-spark: cannot list " + lib + ": " + e.getMessage());
            System.exit(2);
        }
        URLClassLoader loader = new URLClassLoader("parallax-spark", urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            loader.loadClass(ParallaxSpark.class.getName()).getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean sparkPresent(ClassLoader loader) {
        try {
            Class.forName("org.apache.spark.SparkConf", false, loader);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
