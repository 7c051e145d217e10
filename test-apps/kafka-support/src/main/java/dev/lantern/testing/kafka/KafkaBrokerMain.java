package dev.lantern.testing.kafka;

import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafka} broker in its own JVM until the process is killed, so that the
 * demo and multi-JVM tests keep the broker's classpath (kafka-clients 4.1) apart from the
 * application's. Prints {@code KAFKA_READY bootstrap=<host:port>} on stdout once clients can connect.
 *
 * <p>Usage: {@code java -cp ... dev.lantern.testing.kafka.KafkaBrokerMain [--port N]}
 */
public final class KafkaBrokerMain {
    public static final String READY_PREFIX = "KAFKA_READY bootstrap=";

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafka kafka;
        try {
            kafka = EmbeddedKafka.builder().port(parsePort(args)).start();
        } catch (RuntimeException e) {
            // Exit rather than leave a JVM kept alive by leftover broker threads and no ready line.
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "lantern-kafka-main-shutdown"));
        System.out.println(READY_PREFIX + kafka.bootstrapServers());
        System.out.flush();
        // Runs until killed; the shutdown hook then stops the broker and deletes its log dir.
        new CountDownLatch(1).await();
    }

    static int parsePort(String[] args) {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if ("--port".equals(args[i]) && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("usage: KafkaBrokerMain [--port N], got: " + String.join(" ", args));
            }
        }
        return port;
    }
}
