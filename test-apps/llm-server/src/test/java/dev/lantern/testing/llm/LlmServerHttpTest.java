package dev.lantern.testing.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire format and the control endpoints, with the JDK's plain HTTP client. */
class LlmServerHttpTest {
  private static LlmServer server;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    server = LlmServer.start();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
  }

  private static HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> response) {
    return (Map<String, Object>) Json.parse(response.body());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}";

  @Test
  void urls() {
    assertEquals("http://127.0.0.1:" + server.port(), server.baseUrl());
    assertEquals(server.baseUrl() + "/v1", server.openAiBaseUrl());
    assertEquals(server.baseUrl(), server.anthropicBaseUrl());
  }

  @Test
  void contentArraysCountTextParts() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"one two\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}},"
        + "{\"type\":\"text\",\"text\":\"three\"}]}]}");
    assertEquals(200, r.statusCode());
    Map<String, Object> usage = map(json(r).get("usage"));
    assertEquals(3L, usage.get("prompt_tokens"));
    assertEquals(4L, usage.get("completion_tokens"));
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    assertTrue(r.headers().firstValue("x-request-id").isPresent());
  }

  @Test
  void openAiErrorShape() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions", CHAT, LlmServer.FAULT_HEADER, "429");
    assertEquals(429, r.statusCode());
    Map<String, Object> error = map(json(r).get("error"));
    assertEquals("rate_limit_exceeded", error.get("code"));
    assertEquals("requests", error.get("type"));
    assertNotNull(error.get("message"));
    assertEquals("20", r.headers().firstValue("retry-after-ms").orElseThrow());

    r = post("/v1/chat/completions", "{not json", new String[0]);
    assertEquals(400, r.statusCode());
    assertEquals("invalid_request_error", map(json(r).get("error")).get("type"));

    r = post("/v1/nothing-here", "{}");
    assertEquals(404, r.statusCode());
    assertTrue(map(json(r).get("error")).get("message").toString().contains("/v1/nothing-here"));

    r = get("/v1/chat/completions");
    assertEquals(405, r.statusCode());
  }

  @Test
  void anthropicErrorShape() throws Exception {
    for (int status : new int[] {429, 500, 529, 503, 401}) {
      HttpResponse<String> r = post("/v1/messages", "{}", LlmServer.FAULT_HEADER, String.valueOf(status));
      assertEquals(status, r.statusCode());
      Map<String, Object> body = json(r);
      assertEquals("error", body.get("type"));
      String expected = Map.of(429, "rate_limit_error", 500, "api_error", 529, "overloaded_error",
          503, "api_error", 401, "authentication_error").get(status);
      assertEquals(expected, map(body.get("error")).get("type"));
      assertTrue(r.headers().firstValue("request-id").isPresent());
    }
    HttpResponse<String> r = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"messages\":[]}");
    assertEquals(400, r.statusCode());
    assertEquals("invalid_request_error", map(json(r).get("error")).get("type"));
  }

  @Test
  void openAiStreamIsTerminatedWithDone() throws Exception {
    HttpResponse<String> r = post("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}");
    assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    List<String> data = r.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertEquals("[DONE]", data.get(data.size() - 1));
    Map<String, Object> usageChunk = map(Json.parse(data.get(data.size() - 2)));
    assertEquals(List.of(), usageChunk.get("choices"));
    assertEquals(4L, map(usageChunk.get("usage")).get("completion_tokens"));
  }

  @Test
  void brokenStreamHasNoDone() {
    IOException e = assertThrows(IOException.class, () -> post("/v1/chat/completions",
        "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a b c\"}]}",
        LlmServer.FAULT_HEADER, "break-stream"));
    assertNotNull(e);
  }

  @Test
  void anthropicStreamEventsAreNamed() throws Exception {
    HttpResponse<String> r = post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"stream\":true,"
        + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x y\"}]}]}");
    List<String> events = r.body().lines().filter(l -> l.startsWith("event: ")).map(l -> l.substring(7)).toList();
    assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"), events);
  }

  @Test
  void modelListsPerProtocol() throws Exception {
    Map<String, Object> openAi = json(get("/v1/models"));
    assertEquals("list", openAi.get("object"));
    Map<String, Object> anthropic = json(get("/v1/models", "anthropic-version", "2023-06-01"));
    assertEquals(Boolean.FALSE, anthropic.get("has_more"));
    assertTrue(anthropic.get("data").toString().contains("claude-sonnet-4-5"));
    assertEquals("gpt-4o", json(get("/v1/models/gpt-4o")).get("id"));
    assertEquals(404, get("/v1/models/nope").statusCode());
  }

  @Test
  void responsesIncompleteWhenMaxOutputTokensIsReached() throws Exception {
    Map<String, Object> r = json(post("/v1/responses",
        "{\"model\":\"gpt-4o\",\"max_output_tokens\":2,\"input\":[{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"input_text\",\"text\":\"four words right here\"}]}]}"));
    assertEquals("incomplete", r.get("status"));
    assertEquals(Map.of("reason", "max_output_tokens"), r.get("incomplete_details"));
    assertEquals(4L, map(r.get("usage")).get("input_tokens"));
    assertEquals(2L, map(r.get("usage")).get("output_tokens"));
  }

  @Test
  void controlEndpoints() throws Exception {
    assertEquals("ok", json(get("/_lantern/health")).get("status"));
    assertEquals(200, post("/_lantern/fault?spec=503&count=1", "").statusCode());
    assertEquals(503, post("/v1/chat/completions", CHAT).statusCode());
    assertEquals(200, post("/v1/chat/completions", CHAT).statusCode());

    assertEquals(200, post("/_lantern/fault?spec=no-usage", "").statusCode());
    assertFalse(json(post("/v1/chat/completions", CHAT)).containsKey("usage"));
    assertFalse(json(post("/v1/chat/completions", CHAT)).containsKey("usage"));
    assertEquals(200, post("/_lantern/reset", "").statusCode());
    assertTrue(json(post("/v1/chat/completions", CHAT)).containsKey("usage"));

    assertEquals(400, post("/_lantern/fault?spec=bogus", "").statusCode());

    assertEquals(200, post("/_lantern/alias?requested=local&served=local-2025", "").statusCode());
    assertEquals("local-2025", json(post("/v1/chat/completions", CHAT.replace("gpt-4o", "local"))).get("model"));

    HttpResponse<String> recorded = get("/_lantern/requests");
    List<?> list = (List<?>) Json.parse(recorded.body());
    assertEquals(2, list.size()); // control requests are not recorded; reset cleared the earlier ones
    assertEquals("/v1/chat/completions", map(list.get(0)).get("path"));
    assertEquals(2, server.requests().size());
  }

  @Test
  void faultSpecsCombine() throws Exception {
    server.faultAll("no-usage");
    HttpResponse<String> r = post("/v1/chat/completions", CHAT, LlmServer.FAULT_HEADER, "negative-usage, slow:1");
    assertEquals(200, r.statusCode());
    assertFalse(json(r).containsKey("usage"));
  }

  @Test
  void mainPrintsReadyLineAndServes() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        LlmServerMain.class.getName(), "--port", "0", "--alias", "m1=m1-served")
        .redirectErrorStream(true)
        .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertNotNull(line);
      assertTrue(line.startsWith("LLM_READY url=http://127.0.0.1:"), line);
      String url = line.substring("LLM_READY url=".length());
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/chat/completions"))
          .POST(HttpRequest.BodyPublishers.ofString(CHAT.replace("gpt-4o", "m1"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("m1-served", json(r).get("model"));
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
