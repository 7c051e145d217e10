package dev.lantern.testapps.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The application's consumer: one thread polling the work topic and counting what it processed. */
final class KafkaLoop {

  private static final Logger log = LoggerFactory.getLogger(KafkaLoop.class);

  private final AtomicLong processed = new AtomicLong();
  private final AtomicLong headerBytes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  static KafkaLoop start(String bootstrap, String topic) {
    KafkaLoop loop = new KafkaLoop();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "reliability-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
    consumer.subscribe(List.of(topic));
    Thread thread = new Thread(() -> loop.run(consumer), "work-consumer");
    thread.setDaemon(true);
    thread.start();
    return loop;
  }

  private void run(KafkaConsumer<String, String> consumer) {
    while (true) {
      try {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, String> record : records) {
          for (Header header : record.headers()) {
            headerBytes.addAndGet(header.value() == null ? 0 : header.value().length);
          }
          processed.incrementAndGet();
        }
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        log.warn("poll failed: {}", e.toString());
      }
    }
  }

  long processed() {
    return processed.get();
  }

  long failures() {
    return failures.get();
  }
}
