package dev.lantern.demo.classifier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.lantern.demo.common.Exchanges;
import dev.lantern.demo.common.Webhook;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classifier: consumes webhooks from Kafka, asks the LLM for a label and stores the result.
 * An operator endpoint pauses and resumes consumption ({@code POST /consumer/pause}, {@code POST
 * /consumer/resume}, {@code GET /consumer}), as one would during a downstream incident.
 *
 * <p>System properties: {@code demo.http.port}, {@code demo.kafka.bootstrap}, {@code
 * demo.llm.url} (OpenAI-compatible base URL, with {@code /v1}), {@code demo.llm.model}, {@code
 * demo.db.url}; environment {@code OPENAI_API_KEY} (any value for the local server).
 */
public final class ClassifierService {

  private static final Logger log = LoggerFactory.getLogger(ClassifierService.class);

  private final KafkaConsumer<String, String> consumer;
  private final WebhookClassifier classifier;
  private final ClassificationStore store;
  private final AtomicLong processed = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean pauseRequested;
  private volatile boolean paused;

  private ClassifierService(
      KafkaConsumer<String, String> consumer, WebhookClassifier classifier, ClassificationStore store) {
    this.consumer = consumer;
    this.classifier = classifier;
    this.store = store;
  }

  public static void main(String[] args) throws IOException {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("classifier-db");
    pool.setJdbcUrl(Exchanges.required("demo.db.url"));
    pool.setUsername("demo");
    pool.setPassword("demo");
    pool.setMaximumPoolSize(4);
    HikariDataSource db = new HikariDataSource(pool);

    String apiKey = System.getenv().getOrDefault("OPENAI_API_KEY", "local-demo-key");
    WebhookClassifier classifier =
        new WebhookClassifier(
            Exchanges.required("demo.llm.url"), apiKey, System.getProperty("demo.llm.model", "gpt-4o-mini"));

    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Exchanges.required("demo.kafka.bootstrap"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "classifier");
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "classifier");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "50");
    KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
    consumer.subscribe(List.of(Webhook.TOPIC));

    ClassifierService service = new ClassifierService(consumer, classifier, new ClassificationStore(db));
    HttpServer admin =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("demo.http.port", 8082)), 20);
    admin.createContext("/consumer", service::control);
    admin.start();

    Thread loop = new Thread(service::consume, "classifier-consumer");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.stop();
                  admin.stop(0);
                  classifier.close();
                  db.close();
                },
                "classifier-shutdown"));
    loop.start();
    System.out.println("READY classifier http=" + admin.getAddress().getPort());
  }

  /** The poll loop; pausing happens here because a KafkaConsumer is used from one thread only. */
  private void consume() {
    try {
      while (running) {
        Set<TopicPartition> assignment = consumer.assignment();
        if (pauseRequested && !paused && !assignment.isEmpty()) {
          consumer.pause(assignment);
          paused = true;
          log.info("consumption paused on {} partitions", assignment.size());
        } else if (!pauseRequested && paused) {
          consumer.resume(consumer.paused());
          paused = false;
          log.info("consumption resumed");
        }
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, String> record : records) {
          process(record);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException stopping) {
      // stop() woke the consumer up
    } catch (RuntimeException e) {
      log.error("the consumer loop failed", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
      stopped.countDown();
    }
  }

  private void process(ConsumerRecord<String, String> record) {
    Webhook webhook;
    try {
      webhook = Exchanges.JSON.readValue(record.value(), Webhook.class);
    } catch (IOException | RuntimeException e) {
      log.warn("skipping a record that is not a webhook at {}-{}@{}", record.topic(), record.partition(), record.offset());
      return;
    }
    Classification result = classifier.classify(webhook);
    try {
      store.save(webhook, result);
      processed.incrementAndGet();
      if (result.error() == null) {
        log.info("webhook {} classified as {}", webhook.id(), result.label());
      } else {
        log.warn("webhook {} left unclassified: the LLM call failed with {}", webhook.id(), result.error());
      }
    } catch (java.sql.SQLException e) {
      log.warn("webhook {} could not be stored: {}", webhook.id(), e.toString());
    }
  }

  private void control(HttpExchange exchange) throws IOException {
    try {
      String action = exchange.getRequestURI().getPath().replaceFirst("^/consumer/?", "");
      boolean post = "POST".equals(exchange.getRequestMethod());
      if (post && action.equals("pause")) {
        pauseRequested = true;
      } else if (post && action.equals("resume")) {
        pauseRequested = false;
      } else if (!action.isEmpty() || post) {
        Exchanges.text(exchange, 404, "POST /consumer/pause, POST /consumer/resume or GET /consumer");
        return;
      }
      Exchanges.json(
          exchange,
          200,
          Map.of("pauseRequested", pauseRequested, "paused", paused, "processed", processed.get()));
    } finally {
      exchange.close();
    }
  }

  private void stop() {
    running = false;
    consumer.wakeup();
    try {
      stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
