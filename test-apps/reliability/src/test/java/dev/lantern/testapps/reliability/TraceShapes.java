package dev.lantern.testapps.reliability;

import dev.lantern.testing.ReceivedSpan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The shape of a trace: its spans as sorted "scope kind name" entries. Every {@code /work}
 * request does the same things, so every trace of one must have the shape of the first: a span
 * missing is a lost span, one too many a duplicate. Kafka poll spans are left out: a poll takes
 * records of many requests at once.
 */
final class TraceShapes {

  private TraceShapes() {}

  static boolean isPoll(ReceivedSpan s) {
    return "lantern.kafka-clients".equals(s.scopeName()) && s.name().startsWith("poll");
  }

  static String entry(ReceivedSpan s) {
    return s.scopeName() + " " + s.kind() + " " + s.name();
  }

  static List<String> shape(List<ReceivedSpan> trace) {
    List<String> shape = new ArrayList<>();
    for (ReceivedSpan s : trace) {
      if (!isPoll(s)) {
        shape.add(entry(s));
      }
    }
    Collections.sort(shape);
    return shape;
  }

  static Map<String, List<ReceivedSpan>> byTrace(List<ReceivedSpan> spans) {
    Map<String, List<ReceivedSpan>> traces = new HashMap<>();
    for (ReceivedSpan s : spans) {
      traces.computeIfAbsent(s.traceId(), k -> new ArrayList<>()).add(s);
    }
    return traces;
  }

  /** The traces whose root is the server span of a request with this correlation ID prefix, by ID. */
  static Map<String, List<ReceivedSpan>> requestTraces(List<ReceivedSpan> spans, String correlationPrefix) {
    Map<String, List<ReceivedSpan>> traces = byTrace(spans);
    Map<String, List<ReceivedSpan>> byRequest = new HashMap<>();
    for (List<ReceivedSpan> trace : traces.values()) {
      for (ReceivedSpan s : trace) {
        String id = s.attr("lantern.correlation_id");
        if (s.isRoot() && "SERVER".equals(s.kind()) && id != null && id.startsWith(correlationPrefix)) {
          if (byRequest.put(id, trace) != null) {
            throw new AssertionError("two traces for request " + id);
          }
        }
      }
    }
    return byRequest;
  }

  static String describe(List<ReceivedSpan> trace) {
    return trace.stream().map(TraceShapes::entry).sorted().collect(Collectors.joining("\n  ", "\n  ", ""));
  }
}
