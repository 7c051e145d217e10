package dev.lantern.testing.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void producesAndConsumesRecordsWithHeaders() throws Exception {
        kafka.createTopic("orders", 3);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
            for (int i = 0; i < 10; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>("orders", "key-" + i, "order-" + i);
                record.headers().add("correlation-id", ("corr-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaConsumer<String, String> consumer = TestClients.consumer(kafka, "orders-reader")) {
            consumer.subscribe(List.of("orders"));
            List<ConsumerRecord<String, String>> records = TestClients.pollUntil(consumer, 10);
            records.sort(Comparator.comparing(ConsumerRecord::key));

            assertEquals(10, records.size());
            for (int i = 0; i < 10; i++) {
                ConsumerRecord<String, String> record = records.get(i);
                assertEquals("key-" + i, record.key());
                assertEquals("order-" + i, record.value());
                Header header = record.headers().lastHeader("correlation-id");
                assertEquals("corr-" + i, new String(header.value(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void lagIsEndOffsetMinusCommittedOffsetPerPartition() throws Exception {
        kafka.createTopic("payments", 3);
        TopicPartition p0 = new TopicPartition("payments", 0);
        TopicPartition p1 = new TopicPartition("payments", 1);
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>("payments", 0, "k", "p0-" + i)).get(30, TimeUnit.SECONDS);
            }
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("payments", 1, "k", "p1-" + i)).get(30, TimeUnit.SECONDS);
            }
        }

        try (KafkaConsumer<String, String> consumer = TestClients.consumer(kafka, "payments-group")) {
            // Read everything on partition 0 but commit only the first two records; commit all of partition 1.
            consumer.assign(List.of(p0, p1));
            TestClients.pollUntil(consumer, 10);
            consumer.commitSync(Map.of(p0, new OffsetAndMetadata(2), p1, new OffsetAndMetadata(4)));
        }

        Map<TopicPartition, Long> expected = new LinkedHashMap<>();
        expected.put(p0, 4L);
        expected.put(p1, 0L);
        // Partition 2 has no committed offset, so, as in kafka-consumer-groups, it has no lag entry.
        assertEquals(expected, kafka.consumerGroupLag("payments-group"));
    }

    @Test
    void lagOfUnknownGroupIsEmpty() {
        assertEquals(Map.of(), kafka.consumerGroupLag("no-such-group"));
    }

    @Test
    void autoCreatesTopicsByDefault() {
        try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
            assertEquals(1, producer.partitionsFor("created-on-demand").size());
        }
    }

    @Test
    void autoCreationCanBeTurnedOff() {
        try (EmbeddedKafka strict = EmbeddedKafka.builder().autoCreateTopics(false).start();
             KafkaProducer<String, String> producer = TestClients.producer(strict.bootstrapServers(),
                     Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000"))) {
            // The metadata request that would create the topic finds nothing until the wait limit.
            assertThrows(org.apache.kafka.common.errors.TimeoutException.class,
                    () -> producer.partitionsFor("never-created"));

            strict.createTopic("created-explicitly", 2);
            assertEquals(2, producer.partitionsFor("created-explicitly").size());
        }
    }

    @Test
    void closeReleasesPortAndDeletesTempLogDir() {
        EmbeddedKafka first = EmbeddedKafka.start();
        int port = first.port();
        Path dir = first.logDir();
        assertTrue(Files.isDirectory(dir));
        first.close();
        assertFalse(Files.exists(dir), "temp log dir should be gone after close");

        try (EmbeddedKafka second = EmbeddedKafka.builder().port(port).start()) {
            assertEquals("127.0.0.1:" + port, second.bootstrapServers());
            second.createTopic("on-reused-port", 1);
        }
    }

    @Test
    void givenLogDirIsKeptAndReusedAcrossRestarts(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("kafka-logs");
        try (EmbeddedKafka first = EmbeddedKafka.builder().logDir(logDir).start();
             KafkaProducer<String, String> producer = TestClients.producer(first)) {
            first.createTopic("durable", 1);
            producer.send(new ProducerRecord<>("durable", "k", "kept")).get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(logDir.resolve("meta.properties")), "caller's log dir must survive close");

        try (EmbeddedKafka second = EmbeddedKafka.builder().logDir(logDir).start();
             KafkaConsumer<String, String> consumer = TestClients.consumer(second, "durable-reader")) {
            consumer.subscribe(List.of("durable"));
            assertEquals("kept", TestClients.pollUntil(consumer, 1).get(0).value());
        }
    }
}
