package dev.lantern.testapps.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lantern.testing.ReceivedSpan;
import java.util.List;
import java.util.function.Predicate;

/** Picks spans by service and name from what the receiver got. */
final class Spans {

  private Spans() {}

  static Predicate<ReceivedSpan> of(String service, String name) {
    return s -> service.equals(s.resource().get("service.name")) && name.equals(s.name());
  }

  static boolean has(List<ReceivedSpan> spans, String service, String name) {
    return spans.stream().anyMatch(of(service, name));
  }

  static ReceivedSpan only(List<ReceivedSpan> spans, String service, String name) {
    List<ReceivedSpan> matching = spans.stream().filter(of(service, name)).toList();
    assertEquals(1, matching.size(), service + " '" + name + "' in " + spans);
    return matching.get(0);
  }

  static List<ReceivedSpan> all(List<ReceivedSpan> spans, String service, String name) {
    return spans.stream().filter(of(service, name)).toList();
  }
}
