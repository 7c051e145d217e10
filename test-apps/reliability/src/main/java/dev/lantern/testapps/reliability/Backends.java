package dev.lantern.testapps.reliability;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** The clients, pool and producer the handlers share, built once at start-up. */
final class Backends {

  static final int ITEMS = 100;

  final String self;
  final String topic;
  final HttpClient jdk =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  final OkHttpClient okhttp =
      new OkHttpClient.Builder()
          .connectTimeout(5, TimeUnit.SECONDS)
          .readTimeout(30, TimeUnit.SECONDS)
          .build();
  final CloseableHttpClient apache5 =
      HttpClients.custom()
          .setConnectionManager(
              PoolingHttpClientConnectionManagerBuilder.create()
                  .setMaxConnTotal(100)
                  .setMaxConnPerRoute(100)
                  .build())
          .build();
  final CloseableHttpAsyncClient apache5Async = HttpAsyncClients.createDefault();
  final org.apache.http.impl.client.CloseableHttpClient apache4 =
      org.apache.http.impl.client.HttpClients.createDefault();
  final HikariDataSource db;
  final KafkaProducer<String, String> producer;
  final KafkaLoop consumer;
  final OpenAIClient openai;

  private Backends(String self, String kafka, String topic, String llm) throws SQLException {
    this.self = self;
    this.topic = topic;
    this.db = database();
    this.producer = kafka == null ? null : producer(kafka);
    this.consumer = kafka == null ? null : KafkaLoop.start(kafka, topic);
    this.openai =
        llm == null
            ? null
            : OpenAIOkHttpClient.builder()
                .apiKey("sk-reliability")
                .baseUrl(llm + "/v1")
                .maxRetries(0)
                .build();
    apache5Async.start();
  }

  static Backends start(String self, String kafka, String topic, String llm) throws SQLException {
    return new Backends(self, kafka, topic, llm);
  }

  private static HikariDataSource database() throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:reliability;DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(16);
    config.setPoolName("reliability");
    HikariDataSource ds = new HikariDataSource(config);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(64))");
      s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(64), secret VARCHAR(64))");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
        for (int i = 0; i < ITEMS; i++) {
          insert.setInt(1, i);
          insert.setString(2, "item-" + i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    return ds;
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    return new KafkaProducer<>(p);
  }
}
