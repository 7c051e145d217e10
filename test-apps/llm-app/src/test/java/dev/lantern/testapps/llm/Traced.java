package dev.lantern.testapps.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.ReceivedSpan;
import java.util.List;
import java.util.stream.Collectors;

/** One scenario run through the app: what the app answered and the spans of its trace. */
record Traced(String body, ReceivedSpan server, List<ReceivedSpan> trace) {

  /**
   * Runs the scenario and waits until its SERVER span and at least {@code genAiSpans} GenAI spans
   * of the same trace have arrived. The GenAI span of a blocking call ends before the server span,
   * so once the server span is in, a second GenAI span would be too.
   */
  static Traced run(AgentApp app, OtlpReceiver otlp, String scenario, String fault, int genAiSpans) {
    otlp.clear();
    String body = LlmApps.call(app, scenario, fault);
    List<ReceivedSpan> spans =
        otlp.awaitSpans(
            "the server span of /llm/" + scenario + " and " + genAiSpans + " GenAI span(s) in its trace",
            list -> {
              ReceivedSpan server = find(list, scenario);
              return server != null
                  && LlmApps.genAiSpans(inTrace(list, server)).size() >= genAiSpans;
            },
            LlmApps.WAIT);
    ReceivedSpan server = find(spans, scenario);
    return new Traced(body, server, inTrace(spans, server));
  }

  private static ReceivedSpan find(List<ReceivedSpan> spans, String scenario) {
    return spans.stream()
        .filter(s -> s.kind().equals("SERVER") && ("/llm/" + scenario).equals(s.attr("url.path")))
        .findFirst()
        .orElse(null);
  }

  private static List<ReceivedSpan> inTrace(List<ReceivedSpan> spans, ReceivedSpan server) {
    return spans.stream().filter(s -> s.traceId().equals(server.traceId())).collect(Collectors.toList());
  }

  List<ReceivedSpan> genAiSpans() {
    return LlmApps.genAiSpans(trace);
  }

  /** The one GenAI span of the trace (fails if there are several). */
  ReceivedSpan genAi() {
    List<ReceivedSpan> spans = genAiSpans();
    assertEquals(1, spans.size(), "GenAI spans in the trace: " + spans);
    return spans.get(0);
  }
}
