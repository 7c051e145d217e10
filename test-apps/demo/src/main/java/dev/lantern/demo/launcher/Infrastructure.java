package dev.lantern.demo.launcher;

import dev.lantern.testing.llm.LlmServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.h2.tools.Server;

/**
 * What the services need and nobody instruments: the database server and the LLM server in the
 * launcher's JVM, the Kafka broker in a JVM of its own (its class path brings its own
 * kafka-clients and Scala). None of them runs under the agent.
 */
final class Infrastructure implements AutoCloseable {

  static final int TOPIC_PARTITIONS = 3;
  private static final Pattern KAFKA_READY = Pattern.compile("KAFKA_READY bootstrap=(\\S+)");

  private final DemoSettings settings;
  private ChildJvm broker;
  private String bootstrap;
  private Server database;
  private LlmServer llm;

  Infrastructure(DemoSettings settings) {
    this.settings = settings;
  }

  /** Starts the broker JVM first (the slowest), the database and the LLM server meanwhile. */
  void start() {
    broker =
        ChildJvm.start(
            "kafka",
            List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC"),
            settings.brokerJar().toString(),
            "dev.lantern.testing.kafka.KafkaBrokerMain",
            List.of("--port", Integer.toString(settings.kafkaPort())),
            KAFKA_READY);
    startDatabase();
    llm = LlmServer.start(settings.llmPort());
    bootstrap = broker.awaitReady(Duration.ofSeconds(120)).group(1);
    createTopic();
  }

  String bootstrap() {
    return bootstrap;
  }

  /** JDBC URL of the demo database, an in-memory H2 database served over TCP on loopback. */
  String dbUrl() {
    return "jdbc:h2:tcp://127.0.0.1:" + settings.dbPort() + "/mem:demo;DB_CLOSE_DELAY=-1";
  }

  LlmServer llm() {
    return llm;
  }

  ProcessHandle brokerProcess() {
    return broker.handle();
  }

  private void startDatabase() {
    try {
      // -ifNotExists lets the first client create the in-memory database; without -tcpAllowOthers
      // only connections from this machine are accepted.
      database = Server.createTcpServer("-tcpPort", Integer.toString(settings.dbPort()), "-ifNotExists").start();
      try (Connection c = DriverManager.getConnection(dbUrl(), "demo", "demo");
          Statement ddl = c.createStatement();
          InputStream schema = Infrastructure.class.getResourceAsStream("/dev/lantern/demo/schema.sql")) {
        for (String statement : new String(schema.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
          if (!statement.isBlank()) {
            ddl.execute(statement);
          }
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot start the database on port " + settings.dbPort() + ": " + e, e);
    }
  }

  private void createTopic() {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(config)) {
      admin
          .createTopics(List.of(new NewTopic(dev.lantern.demo.common.Webhook.TOPIC, TOPIC_PARTITIONS, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create the topic: " + e.getCause(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("the broker did not create the topic in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.stop(Duration.ofSeconds(20));
    }
    if (llm != null) {
      llm.close();
    }
    if (database != null) {
      database.stop();
    }
  }

  /** For the guide: what each part is reachable at. */
  Map<String, String> describe() {
    return Map.of("kafka", bootstrap, "database", dbUrl(), "llm", llm.openAiBaseUrl());
  }
}
