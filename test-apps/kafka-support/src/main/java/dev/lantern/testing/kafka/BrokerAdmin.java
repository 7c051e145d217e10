package dev.lantern.testing.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.lantern.testing.kafka.KafkaFutures.await;

/** The embedded broker's own Admin client: readiness, topic creation and group lag. */
final class BrokerAdmin implements AutoCloseable {
    private final Admin admin;

    BrokerAdmin(String bootstrapServers) {
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "lantern-embedded-kafka-admin",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(KafkaFutures.LIMIT.toMillis())));
    }

    /** Succeeds once the broker answers an admin request. */
    void awaitBrokerReachable() {
        await(admin.describeCluster().nodes());
    }

    void createTopic(String name, int partitions) {
        await(admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty()))).all());
        awaitPartitionsServing(name, partitions);
    }

    Map<TopicPartition, Long> consumerGroupLag(String groupId) {
        return ConsumerGroupLag.of(admin, groupId);
    }

    /**
     * Waits until every partition has a leader that answers for its log: creation returns once the
     * controller commits the topic, a moment before the broker knows it and has opened the logs.
     * Asking for leaders first keeps the admin client from logging unknown-topic errors.
     */
    private void awaitPartitionsServing(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        long deadline = System.nanoTime() + KafkaFutures.LIMIT.toNanos();
        while (true) {
            try {
                if (allPartitionsHaveLeaders(topic, partitions)) {
                    await(admin.listOffsets(latest).all());
                    return;
                }
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " not usable within " + KafkaFutures.LIMIT);
            }
            pause();
        }
    }

    private boolean allPartitionsHaveLeaders(String topic, int partitions) {
        TopicDescription description = await(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return description.partitions().size() == partitions
                && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a topic", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
