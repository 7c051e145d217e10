package dev.lantern.testing.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Creates and removes the broker's log directories. */
final class Directories {
    private Directories() {}

    static Path createTemp() {
        try {
            return Files.createTempDirectory("lantern-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary Kafka log dir", e);
        }
    }

    /** Deletes {@code dir} and everything below it; a missing dir is fine. */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            // Children sort after their parents, so reverse order deletes files before their dirs.
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Kafka log dir " + dir, e);
        }
    }
}
