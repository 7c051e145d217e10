package dev.lantern.demo.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lantern.demo.common.Exchanges;
import dev.lantern.demo.common.Webhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress: {@code POST /webhooks} with {@code {"source": "...", "text": "..."}} is given an id,
 * published to Kafka, and answered {@code 202} once the broker has it ({@code 503} when it cannot
 * be published). System properties: {@code demo.http.port}, {@code demo.kafka.bootstrap}.
 */
public final class IngressService {

  private static final Logger log = LoggerFactory.getLogger(IngressService.class);
  private static final int MAX_BODY = 64 * 1024;
  private static final int MAX_TEXT = 4000;

  private final KafkaProducer<String, String> producer;

  private IngressService(KafkaProducer<String, String> producer) {
    this.producer = producer;
  }

  public static void main(String[] args) throws IOException {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Exchanges.required("demo.kafka.bootstrap"));
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingress");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
    KafkaProducer<String, String> producer = new KafkaProducer<>(config);
    IngressService ingress = new IngressService(producer);

    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("demo.http.port", 8080)), 100);
    server.createContext("/webhooks", ingress::handle);
    ExecutorService workers = Executors.newFixedThreadPool(8);
    server.setExecutor(workers);
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.stop(1);
                  workers.shutdown();
                  producer.close(java.time.Duration.ofSeconds(5));
                },
                "ingress-shutdown"));
    System.out.println("READY ingress http=" + server.getAddress().getPort());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        Exchanges.text(exchange, 405, "POST a webhook here");
        return;
      }
      byte[] body = Exchanges.body(exchange, MAX_BODY);
      if (body == null) {
        Exchanges.text(exchange, 413, "a webhook is at most " + MAX_BODY + " bytes");
        return;
      }
      Webhook webhook = parse(body);
      if (webhook == null) {
        Exchanges.text(exchange, 400, "expected {\"source\": \"...\", \"text\": \"...\"} with a non-empty text");
        return;
      }
      publish(exchange, webhook);
    } finally {
      exchange.close();
    }
  }

  private static Webhook parse(byte[] body) {
    try {
      JsonNode json = Exchanges.JSON.readTree(body);
      String text = json == null ? "" : json.path("text").asText("").strip();
      if (text.isEmpty()) {
        return null;
      }
      String source = json.path("source").asText("unknown");
      return new Webhook(
          UUID.randomUUID().toString(),
          source.length() > 64 ? source.substring(0, 64) : source,
          text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text,
          System.currentTimeMillis());
    } catch (IOException notJson) {
      return null;
    }
  }

  private void publish(HttpExchange exchange, Webhook webhook) throws IOException {
    try {
      String value = Exchanges.JSON.writeValueAsString(webhook);
      producer.send(new ProducerRecord<>(Webhook.TOPIC, webhook.id(), value)).get(10, TimeUnit.SECONDS);
      log.info("webhook {} from {} accepted", webhook.id(), webhook.source());
      Exchanges.json(
          exchange, 202, Map.of("id", webhook.id(), "status", "accepted", "result", "/results/" + webhook.id()));
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      log.warn("webhook {} could not be published: {}", webhook.id(), cause.toString());
      Exchanges.text(exchange, 503, "could not queue the webhook, try again");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Exchanges.text(exchange, 503, "shutting down");
    }
  }
}
