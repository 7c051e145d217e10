package dev.lantern.testapps.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** A string deserializer that refuses values containing "poison", so that poll fails on them. */
public final class PoisonRejectingDeserializer implements Deserializer<String> {

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public String deserialize(String topic, byte[] data) {
    String value = data == null ? null : new String(data, StandardCharsets.UTF_8);
    if (value != null && value.contains("poison")) {
      throw new SerializationException("refusing a poison record");
    }
    return value;
  }

  @Override
  public void close() {}
}
