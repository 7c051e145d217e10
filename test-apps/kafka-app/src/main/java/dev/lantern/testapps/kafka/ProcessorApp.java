package dev.lantern.testapps.kafka;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka processor: polls a topic, calls {@code <app.downstream>/work?key=K} for each record,
 * logs, and commits after each batch; a value containing "poison" fails the poll, and the
 * processor seeks past it (3.x and later). No tracing code.
 *
 * <p>System properties: {@code app.bootstrap}, {@code app.topic}, {@code app.group}, {@code
 * app.downstream}, {@code app.iteration} ({@code records}: for-each over the poll result,
 * default; {@code partitions}: per-partition lists; {@code topic}: {@code records(topic)}; {@code
 * iterator}: an explicit iterator loop), {@code app.groupProtocol} (optional, 4.x: {@code
 * consumer}). A control endpoint: {@code /pause}, {@code /resume},
 * {@code /state} ({@code paused=.. processed=.. assigned=..}).
 */
public final class ProcessorApp {

  private static final Logger log = LoggerFactory.getLogger(ProcessorApp.class);

  private static volatile boolean pauseRequested;
  private static volatile boolean paused;
  private static volatile int assigned;
  private static final AtomicInteger PROCESSED = new AtomicInteger();

  private ProcessorApp() {}

  public static void main(String[] args) throws Exception {
    String topic = System.getProperty("app.topic");
    String downstream = System.getProperty("app.downstream");
    String iteration = System.getProperty("app.iteration", "records");
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("app.bootstrap"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, System.getProperty("app.group"));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, PoisonRejectingDeserializer.class.getName());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    if (System.getProperty("app.groupProtocol") != null) {
      // "consumer": 4.x's KafkaConsumer then delegates to AsyncKafkaConsumer
      config.put("group.protocol", System.getProperty("app.groupProtocol"));
    }
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(topic));
    HttpClient http = HttpClient.newHttpClient();

    HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext(
        "/pause",
        exchange -> {
          pauseRequested = true;
          Query.respond(exchange, 200, "ok");
        });
    control.createContext(
        "/resume",
        exchange -> {
          pauseRequested = false;
          Query.respond(exchange, 200, "ok");
        });
    control.createContext(
        "/state",
        exchange ->
            Query.respond(
                exchange,
                200,
                "paused=" + paused + " processed=" + PROCESSED.get() + " assigned=" + assigned));
    control.start();
    System.out.println("APP_READY port=" + control.getAddress().getPort());
    System.out.println("CLIENT_VERSION " + org.apache.kafka.common.utils.AppInfoParser.getVersion());

    while (true) {
      Set<TopicPartition> assignment = consumer.assignment();
      assigned = assignment.size();
      if (pauseRequested && !paused && !assignment.isEmpty()) {
        consumer.pause(assignment);
        paused = true;
      } else if (!pauseRequested && paused) {
        consumer.resume(consumer.paused());
        paused = false;
      }
      ConsumerRecords<String, String> records;
      try {
        records = consumer.poll(Duration.ofMillis(100));
      } catch (org.apache.kafka.common.errors.SerializationException e) {
        if (PoisonSkipper.skip(consumer, e)) {
          continue;
        }
        throw e;
      }
      switch (iteration) {
        case "partitions":
          for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
              process(http, downstream, record);
            }
          }
          break;
        case "topic":
          for (ConsumerRecord<String, String> record : records.records(topic)) {
            process(http, downstream, record);
          }
          break;
        case "iterator":
          Iterator<ConsumerRecord<String, String>> it = records.iterator();
          while (it.hasNext()) {
            process(http, downstream, it.next());
          }
          break;
        default:
          for (ConsumerRecord<String, String> record : records) {
            process(http, downstream, record);
          }
      }
      if (!records.isEmpty()) {
        consumer.commitSync();
      }
    }
  }

  static int processed() {
    return PROCESSED.get();
  }

  static void process(HttpClient http, String downstream, ConsumerRecord<String, String> record) {
    log.info("processing key={} partition={} offset={}", record.key(), record.partition(), record.offset());
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(downstream + "/work?key=" + record.key()))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      log.info("processed key={} status={}", record.key(), response.statusCode());
    } catch (Exception e) {
      log.warn("downstream failed key={} error={}", record.key(), e.toString());
    }
    PROCESSED.incrementAndGet();
  }
}
