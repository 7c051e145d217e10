package dev.lantern.testapps.reliability.oldkafka;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Runs on whatever kafka-clients is on its class path (the tests give it 0.10.2, outside the
 * instrumentation's range), with only API every version has. {@code GET /kafka}: one send whose
 * callback reports the outcome (no broker listens: it times out) and one poll (woken up after a
 * second: a 0.10 consumer waits for its coordinator forever); answers with what it saw.
 */
public final class OldKafkaApp {

  public static void main(String[] args) throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/kafka", exchange -> {
      byte[] body = (send() + " " + poll(timer)).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    String jar = KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    System.out.println("APP_READY port=" + server.getAddress().getPort() + " kafka=" + jar.substring(jar.lastIndexOf('/') + 1));
  }

  private static String send() {
    Properties p = new Properties();
    p.put("bootstrap.servers", "127.0.0.1:1");
    p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    p.put("max.block.ms", "500");
    CompletableFuture<String> outcome = new CompletableFuture<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      producer.send(
          new ProducerRecord<>("old", "k", "v"),
          (metadata, error) -> outcome.complete(error == null ? "acked" : error.getClass().getSimpleName()));
      return "send-callback=" + outcome.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "send-threw=" + e.getClass().getSimpleName();
    }
  }

  private static String poll(ScheduledExecutorService timer) {
    Properties c = new Properties();
    c.put("bootstrap.servers", "127.0.0.1:1");
    c.put("group.id", "old");
    c.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    c.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
      consumer.subscribe(Collections.singletonList("old"));
      timer.schedule(consumer::wakeup, 1, TimeUnit.SECONDS);
      // poll(long): the only poll 0.10 has, gone in 4.x, which this class is compiled against
      Iterable<?> polled = (Iterable<?>) KafkaConsumer.class.getMethod("poll", long.class).invoke(consumer, 300L);
      int records = 0;
      for (Object ignored : polled) {
        records++;
      }
      return "poll-records=" + records;
    } catch (java.lang.reflect.InvocationTargetException e) {
      return "poll-threw=" + e.getCause().getClass().getSimpleName();
    } catch (Exception e) {
      return "poll-threw=" + e.getClass().getSimpleName();
    }
  }
}
