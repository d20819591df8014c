package io.sluice.engine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary folder for one harness run (pipeline files, logs, an embedded server's data); closing removes it. */
public final class WorkFolder implements AutoCloseable {

    private final Path path;
    private boolean keep;

    private WorkFolder(Path path) {
        this.path = path;
    }

    public static WorkFolder create(String prefix) throws IOException {
        return new WorkFolder(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    /** Keeps the folder when closed, e.g. so that the engine's log can be read after a failure. */
    public void keep() {
        keep = true;
    }

    @Override
    public void close() throws IOException {
        if (keep || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }
}
