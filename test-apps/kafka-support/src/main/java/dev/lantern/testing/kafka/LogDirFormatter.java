package dev.lantern.testing.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Does what {@code kafka-storage.sh format} does: a KRaft broker refuses an unformatted log dir. */
final class LogDirFormatter {
    private LogDirFormatter() {}

    static void format(Path logDir) {
        String dir = logDir.toAbsolutePath().toString();
        try {
            new Formatter()
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(clusterIdFor(logDir))
                    .addDirectory(dir)
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    // A reused dir keeps its data, like a restarted broker.
                    .setIgnoreFormatted(true)
                    // The formatter reports to stdout, which KafkaBrokerMain keeps for its ready line.
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log dir " + dir, e);
        }
    }

    /** Keeps the cluster id of an already formatted dir: the broker rejects a dir of another cluster. */
    private static String clusterIdFor(Path logDir) throws IOException {
        Path meta = logDir.resolve("meta.properties");
        if (Files.isRegularFile(meta)) {
            Properties props = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                props.load(in);
            }
            String existing = props.getProperty("cluster.id");
            if (existing != null) {
                return existing;
            }
        }
        return Uuid.randomUuid().toString();
    }
}
