package dev.lantern.testapps.kafka;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP ingress that publishes what it is asked to Kafka and answers once the broker has
 * acknowledged (or the send failed). No tracing code: the agent does that.
 *
 * <ul>
 *   <li>{@code /publish?topic=T&key=K[&partition=P][&callback=false]}: one send; answers {@code
 *       offset=.. partition=.. callbacks=..} or status 500 with {@code error=<class> callbacks=..}
 *   <li>{@code /publish-twice?topic=T&key=K}: sends the same record object twice (its headers are
 *       read-only the second time)
 *   <li>{@code /stats}: {@code sends=.. callbacks=..}
 * </ul>
 *
 * System properties: {@code app.bootstrap}, {@code app.maxBlockMs} (default 3000).
 */
public final class IngressApp {

  private static final Logger log = LoggerFactory.getLogger(IngressApp.class);
  private static final AtomicInteger SENDS = new AtomicInteger();
  private static final AtomicInteger CALLBACKS = new AtomicInteger();

  private IngressApp() {}

  public static void main(String[] args) throws Exception {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("app.bootstrap"));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, System.getProperty("app.maxBlockMs", "3000"));
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingress-producer");
    KafkaProducer<String, String> producer = new KafkaProducer<>(config);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/publish", exchange -> publish(producer, exchange));
    server.createContext("/publish-twice", exchange -> publishTwice(producer, exchange));
    server.createContext(
        "/stats",
        exchange ->
            Query.respond(exchange, 200, "sends=" + SENDS.get() + " callbacks=" + CALLBACKS.get()));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("APP_READY port=" + server.getAddress().getPort());
    System.out.println("CLIENT_VERSION " + org.apache.kafka.common.utils.AppInfoParser.getVersion());
  }

  private static void publish(KafkaProducer<String, String> producer, HttpExchange exchange)
      throws java.io.IOException {
    Map<String, String> q = Query.params(exchange);
    String topic = q.get("topic");
    String key = q.get("key");
    Integer partition = q.containsKey("partition") ? Integer.valueOf(q.get("partition")) : null;
    ProducerRecord<String, String> record =
        new ProducerRecord<>(topic, partition, key, "value of " + key);
    AtomicInteger calls = new AtomicInteger();
    log.info("publishing key={} topic={}", key, topic);
    SENDS.incrementAndGet();
    try {
      RecordMetadata metadata =
          "false".equals(q.get("callback"))
              ? producer.send(record).get(20, TimeUnit.SECONDS)
              : producer.send(record, counting(key, calls)).get(20, TimeUnit.SECONDS);
      Query.respond(
          exchange,
          200,
          "offset=" + metadata.offset() + " partition=" + metadata.partition() + " callbacks=" + calls.get());
    } catch (ExecutionException e) {
      Query.respond(
          exchange, 500, "error=" + e.getCause().getClass().getName() + " callbacks=" + calls.get());
    } catch (Exception e) {
      Query.respond(exchange, 500, "error=" + e.getClass().getName() + " callbacks=" + calls.get());
    }
  }

  private static void publishTwice(KafkaProducer<String, String> producer, HttpExchange exchange)
      throws java.io.IOException {
    Map<String, String> q = Query.params(exchange);
    ProducerRecord<String, String> record =
        new ProducerRecord<>(q.get("topic"), q.get("key"), "twice");
    AtomicInteger calls = new AtomicInteger();
    try {
      SENDS.incrementAndGet();
      long first = producer.send(record, counting(q.get("key"), calls)).get(20, TimeUnit.SECONDS).offset();
      SENDS.incrementAndGet();
      long second = producer.send(record, counting(q.get("key"), calls)).get(20, TimeUnit.SECONDS).offset();
      Query.respond(exchange, 200, "offsets=" + first + "," + second + " callbacks=" + calls.get());
    } catch (Exception e) {
      Query.respond(exchange, 500, "error=" + e + " callbacks=" + calls.get());
    }
  }

  private static Callback counting(String key, AtomicInteger calls) {
    return (metadata, exception) -> {
      calls.incrementAndGet();
      CALLBACKS.incrementAndGet();
      if (exception == null) {
        log.info("acked key={} partition={} offset={}", key, metadata.partition(), metadata.offset());
      } else {
        log.warn("send failed key={} error={}", key, exception.getClass().getName());
      }
    };
  }
}
