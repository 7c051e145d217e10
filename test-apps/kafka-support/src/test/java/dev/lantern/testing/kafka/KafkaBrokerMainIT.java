package dev.lantern.testing.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs KafkaBrokerMain in its own JVM, as the demo and multi-JVM tests do. */
class KafkaBrokerMainIT {
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);

    @Test
    void runsFromTheTestClasspath(@TempDir Path tmp) throws Exception {
        runBrokerAndProduce(tmp, List.of("-cp", System.getProperty("java.class.path"),
                KafkaBrokerMain.class.getName()));
    }

    @Test
    void runsFromTheSelfContainedBrokerJar(@TempDir Path tmp) throws Exception {
        runBrokerAndProduce(tmp, List.of("-jar", System.getProperty("lantern.kafka.brokerJar")));
    }

    private static void runBrokerAndProduce(Path tmp, List<String> launch) throws Exception {
        int port = FreePorts.pick(1)[0];
        // A private temp dir, to see that the shutdown hook removed the broker's log dir.
        Path brokerTmp = Files.createDirectory(tmp.resolve("broker-tmp"));
        List<String> javaArgs = new ArrayList<>();
        javaArgs.add("-Djava.io.tmpdir=" + brokerTmp);
        javaArgs.addAll(launch);
        javaArgs.addAll(List.of("--port", String.valueOf(port)));

        try (ForkedJvm broker = ForkedJvm.start(javaArgs, tmp.resolve("broker.stderr"))) {
            String ready = broker.awaitLine(KafkaBrokerMain.READY_PREFIX, START_LIMIT);
            String bootstrap = ready.substring(KafkaBrokerMain.READY_PREFIX.length());
            assertEquals("127.0.0.1:" + port, bootstrap);

            try (KafkaProducer<String, String> producer = TestClients.producer(bootstrap, Map.of())) {
                RecordMetadata sent = producer.send(new ProducerRecord<>("from-other-jvm", "k", "v"))
                        .get(30, TimeUnit.SECONDS);
                assertEquals(0, sent.offset());
            }

            assertTrue(broker.terminate(STOP_LIMIT), "broker JVM should exit on SIGTERM");
            try (Stream<Path> left = Files.list(brokerTmp)) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("lantern-kafka-"))
                        .toList(), "shutdown hook should delete the log dir");
            }
            List<String> stderr = Files.readAllLines(broker.stderrFile());
            assertFalse(stderr.stream().anyMatch(line -> line.contains(" INFO ") || line.contains(" DEBUG ")),
                    "broker should log WARN and above only, got: " + stderr);
        }
    }
}
