package dev.lantern.testapps.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lantern.testing.AgentApp;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.OtlpReceiver;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and broken input on every wire the agent reads: trace context, baggage and correlation
 * headers that are huge (100 KB), non-ASCII, full of control characters or repeated thousands of
 * times; Kafka headers of garbage bytes; SQL the sanitizer cannot parse; LLM answers with missing
 * or negative usage; huge bodies; huge URLs. The application answers as it does without the agent,
 * nothing reaches it as an exception, what the agent forwards is valid and bounded, and what it
 * keeps is bounded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

  private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:/+=@~-]{1,128}");
  private static final String VALID_TP = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final List<String> CLIENTS = List.of("jdk", "okhttp", "apache5", "url");

  private OtlpReceiver otlp;
  private AgentApp app;
  private AgentApp plain;

  @BeforeAll
  void start() {
    otlp = OtlpReceiver.start();
    app = ReliabilityApps.underAgent(otlp, "bad-input").start();
    plain = ReliabilityApps.withoutAgent("bad-input-plain").start();
  }

  @AfterAll
  void stop() {
    try {
      assertEquals(0.0, Probe.adviceErrors(app), "nothing escaped from any advice");
      assertEquals(List.of(), app.agentWarnings());
    } finally {
      app.close();
      plain.close();
      otlp.close();
    }
  }

  /** Header sets a hostile or broken client sends, by name. */
  private static Map<String, List<Map.Entry<String, String>>> hostileHeaders() {
    String big = "a".repeat(100_000);
    String nonAscii = new String("ordér-ü-€-日本".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    String control = "abc\u0001\u0007\u001b[31mdef\u007f";
    String members5000 = IntStream.range(0, 5000).mapToObj(i -> "k" + i + "=v" + i).collect(Collectors.joining(","));
    String members700 = IntStream.range(0, 700).mapToObj(i -> "k" + i + "=" + i).collect(Collectors.joining(","));
    Map<String, List<Map.Entry<String, String>>> cases = new LinkedHashMap<>();
    cases.put("traceparent 100 KB", List.of(Map.entry("traceparent", "00-" + big)));
    cases.put("traceparent non-ASCII", List.of(Map.entry("traceparent", "00-0af7651916cd43dd8448eb211c8031" + nonAscii + "-b7ad6b7169203331-01")));
    cases.put("traceparent control characters", List.of(Map.entry("traceparent", "00-0af76519" + control + "-01")));
    cases.put("traceparent 150 times", IntStream.range(0, 150).mapToObj(i -> Map.entry("traceparent", i % 2 == 0 ? VALID_TP : "garbage" + i)).collect(Collectors.toList()));
    cases.put("tracestate valid (control case)", List.of(Map.entry("traceparent", VALID_TP), Map.entry("tracestate", "a=1,b=2,c=3")));
    cases.put("tracestate 100 KB", List.of(Map.entry("traceparent", VALID_TP), Map.entry("tracestate", "k=" + big)));
    cases.put("tracestate 5,000 members", List.of(Map.entry("traceparent", VALID_TP), Map.entry("tracestate", members5000)));
    cases.put("tracestate 700 members under 8 KB", List.of(Map.entry("traceparent", VALID_TP), Map.entry("tracestate", members700)));
    cases.put("tracestate non-ASCII and control", List.of(Map.entry("traceparent", VALID_TP), Map.entry("tracestate", "a=" + nonAscii + ",b=" + control)));
    cases.put("baggage 100 KB", List.of(Map.entry("baggage", "k=" + big)));
    cases.put("baggage 5,000 members", List.of(Map.entry("baggage", members5000)));
    cases.put("baggage 700 members under 8 KB", List.of(Map.entry("baggage", members700)));
    cases.put("baggage non-ASCII and control", List.of(Map.entry("baggage", "a=" + nonAscii + ",b=" + control + ",correlation_id=" + control)));
    cases.put("correlation ID 100 KB", List.of(Map.entry("X-Correlation-ID", big)));
    cases.put("correlation ID non-ASCII", List.of(Map.entry("X-Correlation-ID", nonAscii)));
    cases.put("correlation ID control characters", List.of(Map.entry("X-Correlation-ID", control)));
    cases.put("correlation ID 150 times", IntStream.range(0, 150).mapToObj(i -> Map.entry("X-Correlation-ID", "id-" + i)).collect(Collectors.toList()));
    cases.put("correlation ID invalid, request ID valid", List.of(Map.entry("X-Correlation-ID", control), Map.entry("X-Request-ID", "req-42")));
    cases.put("everything 100 KB at once", List.of(Map.entry("traceparent", big), Map.entry("tracestate", big), Map.entry("baggage", big),
        Map.entry("X-Correlation-ID", big), Map.entry("X-Request-ID", big), Map.entry("User-Agent", big)));
    return cases;
  }

  @Test
  void hostileHeadersAreNeverForwardedAndNeverBreakTheRequest() {
    int n = 0;
    int answered = 0;
    int longestBaggage = 0;
    int longestTracestate = 0;
    StringBuilder forwarded = new StringBuilder();
    for (Map.Entry<String, List<Map.Entry<String, String>>> c : hostileHeaders().entrySet()) {
      String client = CLIENTS.get(n++ % CLIENTS.size());
      String target = "/bad/forward?client=" + client + "&case=" + n;
      RawHttp.Answer expected = RawHttp.get(plain.port(), target, c.getValue());
      RawHttp.Answer actual = RawHttp.get(app.port(), target, c.getValue());
      assertEquals(expected.status(), actual.status(), c.getKey() + ": " + actual.head());
      if (actual.status() != 200) {
        forwarded.append(String.format("%s → %s as without the agent; ", c.getKey(), actual.status() < 0 ? "connection reset" : "HTTP " + actual.status()));
        continue;
      }
      answered++;
      Map<String, String> seen = headersSeenDownstream(actual.body());
      String tp = seen.get("traceparent");
      assertNotNull(tp, c.getKey() + ": " + seen);
      assertTrue(TRACEPARENT.matcher(tp).matches(), c.getKey() + ": traceparent " + tp);
      String tracestate = seen.getOrDefault("tracestate", "");
      assertTrue(tracestate.length() <= 512 && tracestate.split(",").length <= 32, c.getKey() + ": tracestate of " + tracestate.length());
      String baggage = seen.getOrDefault("baggage", "");
      assertTrue(baggage.length() <= 8192, c.getKey() + ": baggage of " + baggage.length());
      String id = seen.get("x-correlation-id");
      assertTrue(id != null && CORRELATION_ID.matcher(id).matches(), c.getKey() + ": correlation ID " + id);
      assertTrue(seen.values().stream().allMatch(v -> v.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)), c.getKey() + ": " + seen);
      if (c.getKey().startsWith("correlation ID invalid, request ID valid")) {
        assertEquals("req-42", id);
      }
      if (c.getKey().equals("tracestate valid (control case)")) {
        assertEquals("a=1,b=2,c=3", tracestate);
      }
      if (c.getKey().startsWith("tracestate")) {
        assertTrue(tp.startsWith(VALID_TP.substring(0, 36)), c.getKey() + ": the valid traceparent is continued: " + tp);
      }
      longestBaggage = Math.max(longestBaggage, baggage.length());
      longestTracestate = Math.max(longestTracestate, tracestate.length());
    }
    int expected = answered;
    List<ReceivedSpan> spans = otlp.awaitSpans("the forward requests' server spans",
        all -> all.stream().filter(s -> "/bad".equals(s.attr("http.route")) && String.valueOf(s.attr("url.query")).contains("case=")).count() >= expected, Probe.WAIT);
    for (ReceivedSpan s : spans) {
      assertBounded(s);
    }
    Figures.record("Bad input", hostileHeaders().size() + " hostile header sets on the HTTP server (traceparent, tracestate, baggage, correlation IDs: 100 KB, non-ASCII, control characters, 150 repeats, 5,000 and 700 members), forwarded by the 4 HTTP clients",
        answered + " answered as without the agent, " + forwarded + "forwarded: a valid traceparent each time (the inbound one continued when valid), tracestate at most "
            + longestTracestate + " characters, baggage at most " + longestBaggage + " characters, a valid correlation ID of at most 128 characters (generated, or the valid X-Request-ID); every span attribute ≤ 8,192 characters; 0 advice errors");
  }

  @Test
  void kafkaHeadersOfGarbageBytes() {
    long before = Probe.consumed(app);
    byte[] garbage = new byte[4096];
    new java.util.Random(7).nextBytes(garbage);
    List<ProducerRecord<String, String>> records = new ArrayList<>();
    String topic = ReliabilityApps.topic(app);
    for (String header : List.of("traceparent", "tracestate", "baggage", "X-Correlation-ID")) {
      ProducerRecord<String, String> r = new ProducerRecord<>(topic, "garbage-" + header, "v");
      r.headers().add(header, garbage);
      records.add(r);
      ProducerRecord<String, String> huge = new ProducerRecord<>(topic, "huge-" + header, "v");
      huge.headers().add(header, "x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
      records.add(huge);
      ProducerRecord<String, String> nulled = new ProducerRecord<>(topic, null, null);
      nulled.headers().add(header, null);
      records.add(nulled);
    }
    ProducerRecord<String, String> many = new ProducerRecord<>(topic, "many", "v");
    for (int i = 0; i < 2000; i++) {
      many.headers().add(i % 2 == 0 ? "traceparent" : "X-Correlation-ID", ("junk" + i).getBytes(StandardCharsets.UTF_8));
    }
    records.add(many);
    ProducerRecord<String, String> control = new ProducerRecord<>(topic, "control", "v");
    control.headers().add("X-Correlation-ID", "id\r\nforged: yes\u0000".getBytes(StandardCharsets.UTF_8));
    records.add(control);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedBackends.kafka().bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2000000");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
      for (ProducerRecord<String, String> r : records) {
        producer.send(r);
      }
      producer.flush();
    }
    Probe.await("the application to process every garbage record", () -> Probe.consumed(app), c -> c == before + records.size());
    List<ReceivedSpan> process = otlp.awaitSpans("a process span per garbage record",
        all -> all.stream().filter(s -> s.name().equals("process " + topic)).count() >= records.size(), Probe.WAIT)
        .stream().filter(s -> s.name().equals("process " + topic)).collect(Collectors.toList());
    for (ReceivedSpan s : process) {
      assertTrue(CORRELATION_ID.matcher(s.attr("lantern.correlation_id")).matches(), s.toString());
      assertTrue(s.isRoot(), "no garbage parent: " + s);
      assertBounded(s);
    }
    assertTrue(ReliabilityApps.appLog(app).stream().noneMatch(l -> l.contains("forged")), "no forged log line");
    Figures.record("Bad input", records.size() + " Kafka records with garbage-byte, 100 KB, null and 2,000 repeated trace/baggage/correlation headers",
        "all processed by the application; " + process.size() + " process spans, each a root with a valid generated correlation ID; 0 advice errors");
  }

  @Test
  void sqlTheSanitizerCannotParse() {
    String secretish = "LEAKED";
    List<String> statements = List.of(
        "SELECT 'unterminated " + secretish,
        "SELECT /* unterminated comment " + secretish,
        "SELECT /* nested /* comment */ '" + secretish + "' */ 1",
        "SELECT $$dollar " + secretish,
        "SELECT 'it\\'s " + secretish + "' FROM items",
        "SELECT * FROM \"tåble\" WHERE x = '" + secretish + "'",
        "SELECT 1; DROP TABLE nothing; -- '" + secretish,
        "SELECT name FROM items WHERE name IN (" + IntStream.range(0, 20_000).mapToObj(i -> "'" + secretish + i + "'").collect(Collectors.joining(",")) + ")",
        "SELECT '" + secretish + "x".repeat(1_000_000) + "'",
        "\u0000\u0001 SELECT \u001b '" + secretish + "'",
        "",
        "   ",
        "UPDATE items SET name = X'" + "AB".repeat(100) + "' WHERE name = N'" + secretish + "'");
    int n = 0;
    for (String sql : statements) {
      for (String prepared : List.of("false", "true")) {
        String path = "/bad/sql?prepared=" + prepared + "&n=" + n++;
        assertEquals(PatientHttp.post(plain.url(path), sql, Map.of()).body(), PatientHttp.post(app.url(path), sql, Map.of()).body(),
            sql.substring(0, Math.min(60, sql.length())));
      }
    }
    int expected = n;
    List<ReceivedSpan> db = otlp.awaitSpans("the statements' spans",
        all -> all.stream().filter(s -> String.valueOf(s.attr("url.query")).startsWith("prepared=")).count() >= expected, Probe.WAIT);
    List<ReceivedSpan> jdbc = db.stream().filter(s -> "lantern.jdbc".equals(s.scopeName())).collect(Collectors.toList());
    int longest = 0;
    for (ReceivedSpan s : jdbc) {
      String text = s.attr("db.query.text");
      assertTrue(text == null || (text.length() <= 4096 && !text.contains(secretish)), s.toString());
      longest = Math.max(longest, text == null ? 0 : text.length());
      assertTrue(s.events().stream().allMatch(e -> !String.valueOf(e.attributes()).contains(secretish)), s.toString());
    }
    Figures.record("Bad input", statements.size() + " kinds of SQL the sanitizer cannot read (unterminated strings and comments, nested comments, 20,000-item IN list, 1 MB literal, control characters, empty), plain and prepared",
        "answers and exceptions identical to a run without the agent; " + jdbc.size() + " statement spans, no literal in any db.query.text (longest " + longest + " characters)");
  }

  @Test
  void llmAnswersWithMissingOrNegativeUsageOrErrors() {
    List<String> faults = List.of("no-usage", "negative-usage", "429", "500", "break-stream");
    for (String fault : faults) {
      String path = "/bad/llm?fault=" + fault;
      assertEquals(Http.get(plain.url(path), Map.of(), Duration.ofSeconds(60)).body(),
          Http.get(app.url(path), Map.of(), Duration.ofSeconds(60)).body(), fault);
    }
    List<ReceivedSpan> chats = otlp.awaitSpans("the chat spans",
        all -> all.stream().filter(s -> s.scopeName().equals("lantern.openai-java")).count() >= faults.size(), Probe.WAIT);
    for (ReceivedSpan s : chats) {
      if (s.scopeName().equals("lantern.openai-java")) {
        for (String usage : List.of("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens")) {
          Long tokens = s.longAttr(usage);
          assertTrue(tokens == null || tokens >= 0, s.toString());
        }
      }
    }
    PrometheusScrape scrape = app.scrape();
    assertTrue(scrape.samples("gen_ai_client_token_usage_sum").stream().allMatch(x -> x.value() >= 0), scrape.samples("gen_ai_client_token_usage_sum").toString());
    Figures.record("Bad input", "LLM answers with no usage, negative usage, 429, 500, a broken-off body",
        "SDK results and exceptions identical to a run without the agent; no negative token count on any span or histogram");
  }

  @Test
  void hugeBodiesPassUntouched() {
    byte[] body = new byte[20_000_000];
    java.util.Arrays.fill(body, (byte) 'b');
    assertEquals(PatientHttp.post(plain.url("/bad/echo"), body, Map.of()).body(), PatientHttp.post(app.url("/bad/echo"), body, Map.of()).body());
    for (String client : CLIENTS) {
      String path = "/bad/fetch?client=" + client + "&bytes=20000000";
      HttpResult expected = Http.get(plain.url(path), Map.of(), Duration.ofSeconds(120));
      assertEquals(expected.body(), Http.get(app.url(path), Map.of(), Duration.ofSeconds(120)).body(), client);
    }
    Figures.record("Bad input", "a 20 MB request body to the server, a 20 MB response body through each of the 4 HTTP clients",
        "answers identical to a run without the agent; no body recorded");
  }

  @Test
  void hugeUrlsAreCutSoWhatTheAgentKeepsStaysBounded() {
    // a collector that never answers in time: the export queue holds every span, as long as it can
    try (OtlpReceiver stuck = OtlpReceiver.start();
        AgentApp huge =
            ReliabilityApps.underAgent(stuck, "huge-urls")
                .sysProp("lantern.exporter.otlp.timeout-ms", "600000")
                // ~8 KB spans: the default 4 MB of queue memory would drop most of them, which
                // bounds the heap too, but this test is about what one span may hold
                .sysProp("lantern.traces.export.queue-bytes", String.valueOf(32 << 20))
                .start()) {
      stuck.setResponseDelay(Duration.ofMinutes(5));
      PatientHttp.get(huge.url("/leaf/first")).requireStatus(200); // its export is the one that hangs
      long before = Probe.heapAfterGc(huge);
      String query = "q=" + "u".repeat(100_000);
      int requests = 1_500;
      LoadDriver.Result load = LoadDriver.run(8, Duration.ofMinutes(5), requests, 0,
          seq -> {
            HttpResult r = Http.get(huge.url("/leaf/huge" + seq + "?" + query), Map.of(), Duration.ofSeconds(60));
            return r.status() == 200 ? null : "status " + r.status();
          });
      assertEquals(0, load.failed(), load.describe());
      Probe.Spans spans = Probe.spans(huge);
      long after = Probe.heapAfterGc(huge);
      long growth = after - before;
      assertTrue(spans.queued() >= requests - 1, "the spans wait in the queue: " + spans);
      assertTrue(growth < 64L * 1024 * 1024, "heap grew by " + Figures.mib(growth) + " holding " + spans.queued() + " spans of 100 KB URLs");
      Figures.record("Bad input", requests + " requests with a 100 KB URL while the collector hangs (all spans queued, trace view on)",
          "url.query cut to 8,192 characters; " + (long) spans.queued() + " spans queued; heap after GC " + Figures.mib(before) + " → " + Figures.mib(after) + " (+" + Figures.mib(growth) + ")");
    }
  }

  /** Every string attribute of a span is at most 8,192 characters. */
  private static void assertBounded(ReceivedSpan s) {
    for (Map.Entry<String, Object> a : s.attributes().entrySet()) {
      assertTrue(String.valueOf(a.getValue()).length() <= 8192, a.getKey() + " of " + String.valueOf(a.getValue()).length() + " characters in " + s.name());
    }
  }

  private static Map<String, String> headersSeenDownstream(String body) {
    Map<String, String> seen = new LinkedHashMap<>();
    String text = body.substring(body.indexOf(':') + 1); // "200:" prefix of the forwarding client's answer
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        seen.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    return seen;
  }
}
