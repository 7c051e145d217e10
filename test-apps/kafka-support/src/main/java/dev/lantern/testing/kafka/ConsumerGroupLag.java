package dev.lantern.testing.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.lantern.testing.kafka.KafkaFutures.await;

/** Consumer-group lag computed the way {@code kafka-consumer-groups --describe} computes it. */
final class ConsumerGroupLag {
    private static final Comparator<TopicPartition> BY_TOPIC_THEN_PARTITION =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private ConsumerGroupLag() {}

    /**
     * Log end offset (read uncommitted, i.e. the high watermark, as the tool reads it) minus the
     * committed offset, for each partition the group has committed; sorted by topic, then partition.
     */
    static Map<TopicPartition, Long> of(Admin admin, String groupId) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                await(admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata());
        Map<TopicPartition, OffsetSpec> latest = committed.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> OffsetSpec.latest()));
        if (latest.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, ListOffsetsResultInfo> endOffsets = await(admin.listOffsets(latest).all());
        Map<TopicPartition, Long> lag = new LinkedHashMap<>();
        latest.keySet().stream().sorted(BY_TOPIC_THEN_PARTITION).forEach(tp ->
                lag.put(tp, endOffsets.get(tp).offset() - committed.get(tp).offset()));
        return lag;
    }
}
