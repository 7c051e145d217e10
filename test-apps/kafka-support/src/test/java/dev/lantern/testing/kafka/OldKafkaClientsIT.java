package dev.lantern.testing.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The broker's clients are 4.1, but applications under the agent may use 3.9: run such a client in
 * its own JVM against the embedded broker, and check the lag helper agrees with what it committed.
 */
class OldKafkaClientsIT {
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @Test
    void olderClientsProduceConsumeAndCommitAgainstTheBroker(@TempDir Path tmp) throws Exception {
        Path jars = Paths.get(System.getProperty("lantern.kafka.oldClientsDir"));
        String expectedVersion = System.getProperty("lantern.kafka.oldClientsVersion");
        Path testClasses = Paths.get(OldClientsRoundTrip.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        String classpath = String.join(File.pathSeparator, testClasses.toString(),
                jars.resolve("kafka-clients-old.jar").toString(), jars.resolve("slf4j-api.jar").toString());

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("old-clients", 1);
            try (ForkedJvm client = ForkedJvm.start(List.of("-cp", classpath,
                    OldClientsRoundTrip.class.getName(), kafka.bootstrapServers(), "old-clients", "old-group", "8", "3"),
                    tmp.resolve("client.stderr"))) {
                assertEquals("CLIENT_VERSION " + expectedVersion, client.awaitLine("CLIENT_VERSION", RUN_LIMIT));
                assertEquals("ROUNDTRIP_OK 8", client.awaitLine("ROUNDTRIP_OK", RUN_LIMIT));
                assertEquals(0, client.waitForExit(RUN_LIMIT));
            }
            assertEquals(Map.of(new TopicPartition("old-clients", 0), 3L), kafka.consumerGroupLag("old-group"));
        }
    }
}
