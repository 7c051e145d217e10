package dev.lantern.bench.jmh;

import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One acknowledged send to the embedded broker that {@link MicroBenchmarks} starts outside the
 * measured JVM ({@code bench.kafka}): with the agent, a PRODUCER span, the injected trace headers
 * and the send metrics. Waiting for the ack keeps the work per operation fixed.
 *
 * <p>Each send builds its record, as applications do: Kafka makes a record's headers read-only
 * once it is sent, so sending one instance again makes an agent that writes trace headers copy it
 * (both agents catch the {@code IllegalStateException}), which is not the path being measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KafkaSendBenchmark {

  private KafkaProducer<String, String> producer;

  @Setup(Level.Trial)
  public void open() {
    String bootstrap = System.getProperty("bench.kafka");
    if (bootstrap == null) {
      throw new IllegalStateException("bench.kafka (the broker address) is not set; run through MicroBenchmarks");
    }
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer = new KafkaProducer<>(config);
  }

  @TearDown(Level.Trial)
  public void close() {
    producer.close();
  }

  @Benchmark
  public RecordMetadata send() throws ExecutionException, InterruptedException {
    return producer.send(new ProducerRecord<>("bench-orders", "order-7", "{\"id\":7,\"total\":42}")).get();
  }
}
