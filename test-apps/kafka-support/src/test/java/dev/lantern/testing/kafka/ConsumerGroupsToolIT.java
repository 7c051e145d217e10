package dev.lantern.testing.kafka;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lag helper reports what {@code kafka-consumer-groups --describe} reports for the same group. */
class ConsumerGroupsToolIT {
    private static final Duration TOOL_LIMIT = Duration.ofSeconds(120);

    @Test
    void lagMatchesKafkaConsumerGroupsTool(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopic("invoices", 3);
            int[] produced = {7, 3, 5};
            long[] committed = {2, 3, 0};
            try (KafkaProducer<String, String> producer = TestClients.producer(kafka)) {
                for (int p = 0; p < produced.length; p++) {
                    for (int i = 0; i < produced[p]; i++) {
                        producer.send(new ProducerRecord<>("invoices", p, "k", "v")).get(30, TimeUnit.SECONDS);
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> commits = new LinkedHashMap<>();
            for (int p = 0; p < committed.length; p++) {
                commits.put(new TopicPartition("invoices", p), new OffsetAndMetadata(committed[p]));
            }
            try (KafkaConsumer<String, String> consumer = TestClients.consumer(kafka, "invoice-workers")) {
                consumer.commitSync(commits);
            }

            Map<TopicPartition, Long> fromTool = runTool(kafka.bootstrapServers(), "invoice-workers", tmp);
            assertEquals(Map.of(new TopicPartition("invoices", 0), 5L, new TopicPartition("invoices", 1), 0L,
                    new TopicPartition("invoices", 2), 5L), fromTool);
            assertEquals(fromTool, kafka.consumerGroupLag("invoice-workers"));
        }
    }

    /** Runs kafka-consumer-groups in its own JVM (it calls System.exit) and reads its LAG column. */
    private static Map<TopicPartition, Long> runTool(String bootstrap, String group, Path tmp) throws Exception {
        List<String> args = List.of("-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", bootstrap, "--describe", "--group", group);
        List<String> rows = new ArrayList<>();
        try (ForkedJvm tool = ForkedJvm.start(args, tmp.resolve("tool.stderr"))) {
            String header = tool.awaitLine("GROUP", TOOL_LIMIT);
            assertEquals(List.of("GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG"),
                    List.of(header.trim().split("\\s+")).subList(0, 6), "tool output format changed");
            for (int i = 0; i < 3; i++) {
                rows.add(tool.awaitLine(group + " ", TOOL_LIMIT));
            }
            assertEquals(0, tool.waitForExit(TOOL_LIMIT));
        }
        Map<TopicPartition, Long> lag = new LinkedHashMap<>();
        for (String row : rows) {
            String[] columns = row.trim().split("\\s+");
            lag.put(new TopicPartition(columns[1], Integer.parseInt(columns[2])), Long.parseLong(columns[5]));
        }
        return lag;
    }
}
