package dev.lantern.testapps.kafka;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * The processor as a Spring Kafka record listener: a {@code KafkaMessageListenerContainer} polls
 * and calls the listener for each record, which does what {@link ProcessorApp} does. No tracing
 * code, no Spring Boot. System properties as {@link ProcessorApp}; {@code /state} answers {@code
 * processed=..}.
 */
public final class SpringProcessorApp {

  private SpringProcessorApp() {}

  public static void main(String[] args) throws Exception {
    String topic = System.getProperty("app.topic");
    String downstream = System.getProperty("app.downstream");
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getProperty("app.bootstrap"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, System.getProperty("app.group"));
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    HttpClient http = HttpClient.newHttpClient();

    ContainerProperties properties = new ContainerProperties(topic);
    properties.setMessageListener(
        (MessageListener<String, String>) record -> ProcessorApp.process(http, downstream, record));
    KafkaMessageListenerContainer<String, String> container =
        new KafkaMessageListenerContainer<>(new DefaultKafkaConsumerFactory<>(config), properties);
    container.start();

    HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext(
        "/state", exchange -> Query.respond(exchange, 200, "processed=" + ProcessorApp.processed()));
    control.start();
    System.out.println("APP_READY port=" + control.getAddress().getPort());
    System.out.println("CLIENT_VERSION " + org.apache.kafka.common.utils.AppInfoParser.getVersion());
  }
}
