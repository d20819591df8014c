package io.sluice.connectit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The plugin zip that {@code ./mvnw -pl connector -am package} builds, and the same unzipped into a
 * folder that a worker's {@code plugin.path} can name. The tests load Sluice only from there: its classes
 * are not on this module's classpath.
 */
final class PluginArchive {

    static final String VERSION = System.getProperty("sluice.version", "0.1.0-SNAPSHOT");
    static final String FOLDER = "sluice-connect-plugin-" + VERSION;

    private static Path pluginPath;

    private PluginArchive() {
    }

    static Path zip() {
        Path zip = Path.of(System.getProperty("sluice.plugin.zip",
                "../connector/target/" + FOLDER + ".zip")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(zip)) {
            throw new AssertionError("the Connect plugin archive " + zip + " is missing: build it with"
                    + " ./mvnw -pl connector -am package -DskipTests (./mvnw verify builds it before these tests)");
        }
        return zip;
    }

    /** A folder for {@code plugin.path} holding the unzipped plugin; unzipped once per JVM. */
    static synchronized Path pluginPath() {
        if (pluginPath == null) {
            try {
                Path folder = Files.createTempDirectory("sluice-plugin-path-");
                unzip(zip(), folder);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
                pluginPath = folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pluginPath;
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder
        }
    }
}
