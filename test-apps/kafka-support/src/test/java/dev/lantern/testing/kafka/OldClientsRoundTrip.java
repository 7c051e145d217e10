package dev.lantern.testing.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.AppInfoParser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Runs in a JVM whose classpath has only an older kafka-clients jar (and slf4j-api) besides the test
 * classes: produces records with a header, consumes them in a group and commits all but the last
 * {@code uncommitted} records. Uses only API that kafka-clients 3.x and 4.x share, and nothing else
 * from this module.
 *
 * <p>Args: bootstrap topic group count uncommitted. Prints {@code CLIENT_VERSION <v>} and
 * {@code ROUNDTRIP_OK <received>}.
 */
public final class OldClientsRoundTrip {
    private OldClientsRoundTrip() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        String group = args[2];
        int count = Integer.parseInt(args[3]);
        int uncommitted = Integer.parseInt(args[4]);
        System.out.println("CLIENT_VERSION " + AppInfoParser.getVersion());

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(clientProps(bootstrap, "producer"))) {
            for (int i = 0; i < count; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, 0, "k" + i, "v" + i);
                record.headers().add("trace", ("t" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
        }

        Properties consumerProps = clientProps(bootstrap, "consumer");
        consumerProps.put("group.id", group);
        consumerProps.put("auto.offset.reset", "earliest");
        consumerProps.put("enable.auto.commit", "false");
        int received = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (received < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String trace = new String(record.headers().lastHeader("trace").value(), StandardCharsets.UTF_8);
                    if (!trace.equals("t" + record.key().substring(1))) {
                        throw new IllegalStateException("header mismatch on " + record);
                    }
                    received++;
                }
            }
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(count - uncommitted)));
        }
        System.out.println("ROUNDTRIP_OK " + received);
    }

    private static Properties clientProps(String bootstrap, String role) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("client.id", "old-clients-" + role);
        String serde = role.equals("producer") ? "Serializer" : "Deserializer";
        props.put("key." + serde.toLowerCase(java.util.Locale.ROOT),
                "org.apache.kafka.common.serialization.String" + serde);
        props.put("value." + serde.toLowerCase(java.util.Locale.ROOT),
                "org.apache.kafka.common.serialization.String" + serde);
        return props;
    }
}
