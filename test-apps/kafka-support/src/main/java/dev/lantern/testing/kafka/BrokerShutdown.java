package dev.lantern.testing.kafka;

import kafka.server.KafkaRaftServer;

import java.time.Duration;

/** Shuts a broker down within a time limit. */
final class BrokerShutdown {
    /** Longest wait for the broker; a clean single-node shutdown takes well under this. */
    static final Duration LIMIT = Duration.ofSeconds(12);

    private BrokerShutdown() {}

    /**
     * Runs the shutdown on its own daemon thread so that a broker that never finishes cannot
     * block the caller, nor keep the JVM alive, past {@link #LIMIT}.
     */
    static void shutdown(KafkaRaftServer server) {
        Thread thread = new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "lantern-kafka-shutdown");
        thread.setDaemon(true);
        thread.start();
        try {
            thread.join(LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            System.err.println("[lantern-kafka] broker shutdown still running after " + LIMIT
                    + "; continuing without it");
        }
    }
}
