package dev.lantern.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lantern.demo.ops.OpsFiles;
import dev.lantern.demo.ops.ExportedNames;
import dev.lantern.testing.Http;
import dev.lantern.testing.HttpResult;
import dev.lantern.testing.PrometheusScrape;
import dev.lantern.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, started once as run-demo.sh starts it, and what the operations issue promises of it:
 * the pipeline works and is one trace across three JVMs; every metric the dashboards and alert
 * rules name is one the agent exports; the trace view shows a webhook's Kafka, LLM and database
 * spans in headless Chromium; a real Prometheus fires the matching alerts when the LLM fails and
 * when the consumer is paused; and Ctrl-C (SIGTERM) stops every process. In this order: the faults
 * come late, the stop last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(250);

  private RunningDemo demo;
  @TempDir Path work;

  @BeforeAll
  void startDemo() {
    demo = RunningDemo.start();
  }

  @AfterAll
  void stopDemo() {
    if (demo != null) {
      demo.close();
    }
  }

  /**
   * What run-demo.sh prints is right: the metrics and trace-view URLs of the three services answer,
   * the printed curl (sent as printed) gets its webhook classified, and the printed trace-view link
   * then lists its trace; and the launcher's own traffic flows through the whole pipeline.
   */
  @Test
  @Order(1)
  void theLauncherPrintsWhereToLookAndSendsALittleTraffic() {
    String guide = String.join("\n", demo.launcher.output());
    for (int port : demo.metricsPorts.values()) {
      for (String path : List.of("/metrics", "/traces")) {
        String url = "http://127.0.0.1:" + port + path;
        assertTrue(guide.contains(url), "the guide does not print " + url + ":\n" + guide);
        assertEquals(200, Http.get(url).status(), url);
      }
    }

    Matcher curl =
        Pattern.compile("curl -i -H '([^']+)' -H 'X-Correlation-ID: ([^']+)' \\\\\\s+-d '([^']+)' (http://\\S+/webhooks)")
            .matcher(guide);
    assertTrue(curl.find(), "no webhook curl in the guide:\n" + guide);
    String[] contentType = curl.group(1).split(":\\s*", 2);
    assertEquals(demo.ingress("/webhooks"), curl.group(4));
    HttpResult accepted =
        Http.post(curl.group(4), curl.group(3), Map.of(contentType[0], contentType[1], "X-Correlation-ID", curl.group(2)))
            .requireStatus(202);
    Matcher id = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(accepted.body());
    assertTrue(id.find(), accepted.describe());
    assertEquals("billing", awaitResult(id.group(1)).path("label").asText(), "the printed example is a billing webhook");

    Matcher traceLink = Pattern.compile("(http://\\S+/traces\\?correlation=" + Pattern.quote(curl.group(2)) + ")").matcher(guide);
    assertTrue(traceLink.find(), "no trace-view link for the printed webhook:\n" + guide);
    assertTrue(traceLink.group(1).startsWith(demo.metrics("classifier", "/traces")), traceLink.group(1));
    Await.until("the printed trace-view link to list the printed webhook's trace", WAIT, POLL, () ->
        Pattern.compile("/traces/[0-9a-f]{32}").matcher(Http.get(traceLink.group(1)).body()).find() ? true : null);

    // The launcher's own webhooks (correlation IDs demo-<n>) go all the way to the database.
    ReceivedSpan generated =
        demo.otlp.awaitSpan(s -> s.name().equals("process webhooks")
            && String.valueOf(s.attr("lantern.correlation_id")).startsWith("demo-"), WAIT);
    assertEquals("classifier", generated.resource().get("service.name"));
    demo.otlp.awaitSpans(all -> has(demo.otlp.trace(generated.traceId()), "POST /webhooks", "INSERT classifications"), WAIT);
  }

  @Test
  @Order(2)
  void aWebhookIsClassifiedAndServedInOneTraceAcrossThreeServices() {
    String correlation = "pipeline-" + UUID.randomUUID();
    String id = demo.sendWebhook(correlation, "I was charged twice, please refund the invoice");

    JsonNode result = awaitResult(id);
    assertEquals("billing", result.path("label").asText(), result.toString());
    assertEquals("classified", result.path("status").asText());

    ReceivedSpan server =
        demo.otlp.awaitSpan(s -> s.name().equals("POST /webhooks") && correlation.equals(s.attr("lantern.correlation_id")), WAIT);
    List<ReceivedSpan> trace =
        demo.otlp.awaitSpans(all -> has(demo.otlp.trace(server.traceId()), "INSERT classifications", "process webhooks",
            "chat gpt-4o-mini", "send webhooks"), WAIT);
    trace = demo.otlp.trace(server.traceId());
    ReceivedSpan send = span(trace, "send webhooks");
    ReceivedSpan process = span(trace, "process webhooks");
    ReceivedSpan chat = span(trace, "chat gpt-4o-mini");
    ReceivedSpan insert = span(trace, "INSERT classifications");
    assertEquals("ingress", server.resource().get("service.name"));
    assertEquals(server.spanId(), send.parentSpanId(), "the send is part of the request");
    assertEquals("classifier", process.resource().get("service.name"));
    assertEquals(send.spanId(), process.parentSpanId(), "processing continues the producer's trace");
    assertEquals(process.spanId(), chat.parentSpanId());
    assertEquals(process.spanId(), insert.parentSpanId());
    assertEquals(correlation, process.attr("lantern.correlation_id"));
    assertTrue(trace.stream().anyMatch(s -> s.kind().equals("CLIENT") && chat.spanId().equals(s.parentSpanId())),
        "the SDK's HTTP call (OkHttp) under the LLM span: " + trace);

    ReceivedSpan read =
        demo.otlp.awaitSpan(s -> s.name().equals("GET /results") && "gateway".equals(s.resource().get("service.name"))
            && ("/results/" + id).equals(s.attr("url.path")), WAIT);
    assertTrue(demo.otlp.awaitSpans(all -> has(demo.otlp.trace(read.traceId()), "SELECT classifications"), WAIT).size() > 0);

    assertTrue(
        demo.launcher.output().stream().anyMatch(l -> l.startsWith("[classifier]") && l.contains("correlation_id=" + correlation)
            && l.contains("classified as billing")),
        "the classifier's log line carries the webhook's correlation ID");
  }

  @Test
  @Order(3)
  void everyMetricAndLabelTheRulesAndDashboardsNameIsExported() {
    List<PrometheusScrape> scrapes = new ArrayList<>();
    for (String service : demo.metricsPorts.keySet()) {
      scrapes.add(PrometheusScrape.scrape(demo.metrics(service, "/metrics")));
    }
    ExportedNames exported = ExportedNames.of(scrapes);
    Map<String, String> expressions = new java.util.LinkedHashMap<>();
    OpsFiles.alertExpressions().forEach((alert, expr) -> expressions.put("alert " + alert, expr));
    expressions.putAll(OpsFiles.dashboardExpressions());
    assertTrue(expressions.size() > 40, "found only " + expressions.size() + " expressions");
    assertEquals(List.of(), exported.problems(expressions, OpsFiles.variableQueries()),
        "not exported by the agent (names exported: " + exported.metrics() + ")");
  }

  @Test
  @Order(4)
  void theTraceViewShowsAWebhooksKafkaLlmAndDatabaseSpansInChromium() {
    String classifierView = demo.metrics("classifier", "/traces");
    // The poll span joins the webhook's trace only when its batch holds records of that trace
    // alone; the launcher's own webhooks (one a second) can share a poll with the test's, and then
    // the poll span starts a trace of its own and links to both. So a few tries, for a trace whose
    // poll was its own.
    String correlation = null;
    String traceId = null;
    for (int attempt = 1; attempt <= 5 && traceId == null; attempt++) {
      String tried = "view-" + attempt + "-" + UUID.randomUUID();
      awaitResult(demo.sendWebhook(tried, "Outage: the API returns errors for all users"));
      String listed =
          Await.until("the classifier's trace view to list " + tried, WAIT, POLL, () -> {
            Matcher m = Pattern.compile("/traces/([0-9a-f]{32})").matcher(Http.get(classifierView + "?correlation=" + tried).body());
            return m.find() ? m.group(1) : null;
          });
      String page = Await.until("the trace's spans to have ended", WAIT, POLL, () -> {
        String p = Http.get(classifierView + "/" + listed).body();
        return p.contains(">INSERT classifications<") && p.contains(">process webhooks<") ? p : null;
      });
      if (page.contains(">poll webhooks<")) {
        correlation = tried;
        traceId = listed;
      }
    }
    assertNotNull(traceId, "in 5 tries, every poll of the test's webhook shared its batch with another trace");

    String list = HeadlessChromium.dumpDom(classifierView + "?correlation=" + correlation, work);
    assertTrue(list.contains("/traces/" + traceId), list);
    assertTrue(list.contains(correlation), "the list shows the correlation ID");

    String waterfall = HeadlessChromium.dumpDom(classifierView + "/" + traceId, work);
    for (String span : List.of("poll webhooks", "process webhooks", "chat gpt-4o-mini", "INSERT classifications")) {
      assertTrue(waterfall.contains(">" + span + "</summary>"), span + " is missing from the waterfall:\n" + waterfall);
    }
    assertTrue(waterfall.contains("gen_ai.usage.input_tokens") && waterfall.contains("db.query.text")
        && waterfall.contains("messaging.destination.name"), "span attributes are shown");
    assertTrue(waterfall.indexOf("process webhooks") < waterfall.indexOf("chat gpt-4o-mini")
        && waterfall.indexOf("chat gpt-4o-mini") < waterfall.indexOf("INSERT classifications"), "in start order");

    String ingressView = HeadlessChromium.dumpDom(demo.metrics("ingress", "/traces/" + traceId), work);
    assertTrue(ingressView.contains(">POST /webhooks</summary>") && ingressView.contains(">send webhooks</summary>"),
        "the same trace in the ingress's view:\n" + ingressView);
  }

  @Test
  @Order(5)
  void prometheusFiresTheMatchingAlertsWhenTheLlmFailsAndWhenTheConsumerIsPaused() throws Exception {
    Path rules = FastRules.write(OpsFiles.rulesFile(), work.resolve("lantern-alerts-fast.yml"));
    try (PrometheusServer prometheus = PrometheusServer.start(work, demo.metricsPorts, rules)) {
      // Healthy first: with data flowing through the rule expressions, neither alert is active.
      Await.until("15 s of LLM calls in Prometheus", WAIT, POLL, () ->
          prometheus.query("sum(count_over_time(gen_ai_client_calls_total{job=\"classifier\"}[15s])) >= 10").size() > 0 ? true : null);
      for (JsonNode rule : prometheus.alertingRules()) {
        assertEquals("ok", rule.path("health").asText(), rule.toString());
      }
      assertEquals("inactive", prometheus.rule("LanternLlmProviderErrorRate").path("state").asText());
      assertEquals("inactive", prometheus.rule("LanternKafkaConsumerLag").path("state").asText());
      assertEquals("inactive", prometheus.rule("LanternDependencyDown").path("state").asText());

      // Fault 1: the LLM answers 500 to everything (after the SDK's retries, every call fails).
      Http.post(demo.llm("/_lantern/fault?spec=500"), "", Map.of()).requireStatus(200);
      try {
        sendWebhooks(60, "llm-down");
        List<JsonNode> llm = Await.until("LanternLlmProviderErrorRate to fire", WAIT, Duration.ofSeconds(1), () -> {
          List<JsonNode> firing = prometheus.firing("LanternLlmProviderErrorRate", Map.of("job", "classifier", "gen_ai_provider_name", "127.0.0.1"));
          return firing.isEmpty() ? null : firing;
        });
        assertEquals("critical", llm.get(0).path("labels").path("severity").asText());
        Await.until("LanternDependencyDown for the LLM", WAIT, Duration.ofSeconds(1), () ->
            prometheus.firing("LanternDependencyDown", Map.of("job", "classifier", "dependency_kind", "llm")).isEmpty() ? null : true);
        assertEquals("inactive", prometheus.rule("LanternKafkaConsumerLag").path("state").asText(), "only the matching alerts");
        everyDashboardQueryRunsAndTheDemoFeedsIt(prometheus);
      } finally {
        Http.post(demo.llm("/_lantern/reset"), "", Map.of()).requireStatus(200);
      }

      // Fault 2: the classifier stops consuming while webhooks keep arriving.
      Http.post(demo.classifier("/consumer/pause"), "", Map.of()).requireStatus(200);
      try {
        Await.until("the consumer to be paused", WAIT, POLL, () ->
            Http.get(demo.classifier("/consumer")).body().contains("\"paused\":true") ? true : null);
        sendWebhooks(1100, "backlog");
        Await.until("LanternKafkaConsumerLag to fire", Duration.ofSeconds(90), Duration.ofSeconds(1), () ->
            prometheus.firing("LanternKafkaConsumerLag", Map.of("job", "classifier",
                "messaging_consumer_group_name", "classifier", "messaging_destination_name", "webhooks")).isEmpty() ? null : true);
      } finally {
        Http.post(demo.classifier("/consumer/resume"), "", Map.of()).requireStatus(200);
      }
      Await.until("the LLM alert to resolve after the fault is undone", Duration.ofSeconds(90), Duration.ofSeconds(1), () ->
          "inactive".equals(prometheus.rule("LanternLlmProviderErrorRate").path("state").asText()) ? true : null);

      // Exemplars: a latency bucket links to a trace the services really exported.
      long now = System.currentTimeMillis() / 1000;
      JsonNode exemplars = prometheus.api("/api/v1/query_exemplars?query="
          + java.net.URLEncoder.encode("http_server_request_duration_seconds_bucket{job=\"ingress\"}", "UTF-8")
          + "&start=" + (now - 600) + "&end=" + (now + 5));
      String traceId = exemplars.path(0).path("exemplars").path(0).path("labels").path("trace_id").asText();
      assertTrue(traceId.matches("[0-9a-f]{32}"), "an exemplar with a trace id: " + exemplars);
      assertFalse(demo.otlp.trace(traceId).isEmpty(), "the exemplar's trace " + traceId + " was exported");
    }
  }

  /** Every dashboard query is valid PromQL for Prometheus; those that do not select failures return data. */
  private void everyDashboardQueryRunsAndTheDemoFeedsIt(PrometheusServer prometheus) {
    List<String> empty = new ArrayList<>();
    OpsFiles.dashboardExpressions().forEach((where, expr) -> {
      String runnable = expr.replace("$job", ".+").replace("$__rate_interval", "15s").replace("$__range", "5m");
      JsonNode result = prometheus.query(runnable);
      boolean selectsFailures = Pattern.compile("error_type!=\"\"|status=\"error\"|5\\.\\.|result=\"failed\"|== 0").matcher(expr).find();
      if (result.isEmpty() && !selectsFailures) {
        empty.add(where);
      }
    });
    assertEquals(List.of(), empty, "dashboard queries without data although the demo feeds them");
  }

  @Test
  @Order(6)
  void sigtermStopsTheLauncherAndEveryProcessItStarted() {
    List<ProcessHandle> children = ProcessHandle.of(demo.launcher.pid()).orElseThrow().descendants().toList();
    assertTrue(children.size() >= 4, "broker and three services: " + children);
    ProcessHandle.of(demo.launcher.pid()).orElseThrow().destroy();
    demo.launcher.waitForExit(Duration.ofSeconds(90));
    assertTrue(demo.launcher.output().contains("demo stopped"), "the shutdown hook ran to its end");
    for (ProcessHandle child : children) {
      Await.until(child.pid() + " to exit", Duration.ofSeconds(10), POLL, () -> child.isAlive() ? null : true);
    }
  }

  private JsonNode awaitResult(String id) {
    return Await.until("the gateway to serve " + id, WAIT, POLL, () -> {
      HttpResult r = Http.get(demo.gateway("/results/" + id));
      if (r.status() != 200) {
        return null;
      }
      try {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
      } catch (java.io.IOException e) {
        throw new AssertionError(r.describe(), e);
      }
    });
  }

  /** Sends webhooks from 8 threads and waits for all of them to be accepted. */
  private void sendWebhooks(int count, String prefix) throws Exception {
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        sent.add(senders.submit(() -> demo.sendWebhook(prefix + "-" + n, "Payment failed on invoice " + n)));
      }
      for (Future<String> f : sent) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      senders.shutdownNow();
    }
  }

  private static boolean has(List<ReceivedSpan> spans, String... names) {
    return Set.of(names).stream().allMatch(n -> spans.stream().anyMatch(s -> s.name().equals(n))) ? true : false;
  }

  private static ReceivedSpan span(List<ReceivedSpan> trace, String name) {
    return trace.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + trace));
  }
}
