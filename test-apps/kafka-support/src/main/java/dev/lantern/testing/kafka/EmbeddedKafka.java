package dev.lantern.testing.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A single-node Kafka broker (KRaft, combined broker and controller) running in this JVM on
 * 127.0.0.1, for tests and the demo.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *     kafka.createTopic("orders", 3);
 *     ... clients use kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** Attempts with fresh random ports: a port picked as free can be taken before the broker binds it. */
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean ownsLogDir;
    private final BrokerAdmin admin;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, int port, Path logDir, boolean ownsLogDir) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.ownsLogDir = ownsLogDir;
        this.admin = new BrokerAdmin(bootstrapServers());
    }

    /** Starts a broker on random free ports with a fresh log dir and auto topic creation on. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return BrokerProperties.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    /** Creates the topic (replication factor 1) and returns once all its partitions accept requests. */
    public void createTopic(String name, int partitions) {
        admin.createTopic(name, partitions);
    }

    /**
     * Lag per partition for which {@code groupId} has a committed offset: log end offset minus
     * committed offset, as {@code kafka-consumer-groups --describe --group groupId} reports it.
     * Partitions without a committed offset are absent; an unknown group gives an empty map.
     */
    public Map<TopicPartition, Long> consumerGroupLag(String groupId) {
        return admin.consumerGroupLag(groupId);
    }

    /**
     * Shuts the broker down and deletes the log dir if this broker created it. Gives up waiting
     * for the broker after about 12 s so a stuck shutdown cannot hang a test run.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            admin.close();
        } finally {
            BrokerShutdown.shutdown(server);
            if (ownsLogDir) {
                Directories.deleteRecursively(logDir);
            }
        }
    }

    /** Options for {@link EmbeddedKafka}; {@link #start()} starts the broker. */
    public static final class Builder {
        private boolean autoCreateTopics = true;
        private int port;
        private Path logDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {}

        /** Whether producing to or fetching metadata for an unknown topic creates it; default true. */
        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        /** Port of the client listener on 127.0.0.1; default 0, a random free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Log dir to use (created if missing, reused if it holds a previous broker's data) instead
         * of a fresh temp dir. A dir given here belongs to the caller and is kept on close.
         */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Any other server.properties entry; applied last, so it overrides this class's choices. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        public EmbeddedKafka start() {
            BrokerLogging.useQuietDefaults();
            boolean ownsLogDir = logDir == null;
            Path dir = ownsLogDir ? Directories.createTemp() : createIfMissing(logDir);
            try {
                return startWithRetries(dir, ownsLogDir);
            } catch (RuntimeException | Error e) {
                if (ownsLogDir) {
                    Directories.deleteRecursively(dir);
                }
                throw e;
            }
        }

        private EmbeddedKafka startWithRetries(Path dir, boolean ownsLogDir) {
            LogDirFormatter.format(dir);
            for (int attempt = 1; ; attempt++) {
                int[] ports = FreePorts.pick(2);
                int brokerPort = port != 0 ? port : ports[0];
                KafkaRaftServer server = new KafkaRaftServer(
                        new KafkaConfig(BrokerProperties.of(brokerPort, ports[1], dir, autoCreateTopics,
                                brokerProperties), false),
                        Time.SYSTEM);
                try {
                    server.startup();
                } catch (RuntimeException e) {
                    BrokerShutdown.shutdown(server);
                    // Only a lost race for a random port is worth another try; a busy fixed port stays busy.
                    if (port == 0 && attempt < START_ATTEMPTS && isBindFailure(e)) {
                        continue;
                    }
                    throw new IllegalStateException("Kafka broker did not start on 127.0.0.1:" + brokerPort, e);
                }
                EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, dir, ownsLogDir);
                try {
                    kafka.admin.awaitBrokerReachable();
                } catch (RuntimeException e) {
                    kafka.closeKeepingDir();
                    throw e;
                }
                return kafka;
            }
        }

        private static boolean isBindFailure(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    return true;
                }
            }
            return false;
        }

        private static Path createIfMissing(Path dir) {
            try {
                return Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create Kafka log dir " + dir, e);
            }
        }
    }

    /** Stops the broker; the dir is left for {@link Builder#start()} to clean up. */
    private void closeKeepingDir() {
        closed.set(true);
        try {
            admin.close();
        } finally {
            BrokerShutdown.shutdown(server);
        }
    }
}
