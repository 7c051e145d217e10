package dev.lantern.testapps.reliability;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /bad/<kind>}: odd input handed to the instrumented libraries, answered with what the
 * application saw.
 *
 * <ul>
 *   <li>{@code headers}: the request headers as sorted "name: value" lines
 *   <li>{@code forward?client=jdk|okhttp|apache5|url}: calls {@code /bad/headers} with that
 *       client and answers with what it saw (what the agent forwarded)
 *   <li>{@code sql} (POST, the SQL as body; {@code ?prepared=true}): runs it, answers "ok" or the
 *       exception class and SQLState
 *   <li>{@code llm?fault=}: a chat completion with the LLM server's fault header, answers the
 *       usage the SDK saw
 *   <li>{@code echo} (POST): reads the whole body, answers its length
 *   <li>{@code big?bytes=}: answers that many bytes
 *   <li>{@code fetch?client=&bytes=}: gets {@code /bad/big} with that client, answers the length
 * </ul>
 */
final class BadInputHandler implements HttpHandler {

  private final Backends b;
  private final WorkHandler clients;

  BadInputHandler(Backends backends) {
    this.b = backends;
    this.clients = new WorkHandler(backends);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> q = Responses.query(exchange);
    switch (Responses.lastSegment(exchange)) {
      case "headers":
        Responses.text(exchange, 200, headers(exchange));
        return;
      case "forward":
        Responses.text(exchange, 200, call(q.getOrDefault("client", "jdk"), "/bad/headers"));
        return;
      case "sql":
        Responses.text(exchange, 200, sql(body(exchange), "true".equals(q.get("prepared"))));
        return;
      case "llm":
        Responses.text(exchange, 200, WorkHandler.attempt(() -> chat(q.get("fault"))));
        return;
      case "echo":
        Responses.text(exchange, 200, "bytes=" + body(exchange).length());
        return;
      case "big":
        big(exchange, Integer.parseInt(q.getOrDefault("bytes", "0")));
        return;
      case "fetch":
        String answer = call(q.getOrDefault("client", "jdk"), "/bad/big?bytes=" + q.get("bytes"));
        Responses.text(exchange, 200, answer.startsWith("failed") ? answer : "length=" + answer.length());
        return;
      default:
        Responses.text(exchange, 404, "unknown");
    }
  }

  private String call(String client, String path) {
    switch (client) {
      case "okhttp":
        return WorkHandler.attempt(() -> clients.okhttpAsync(path));
      case "apache5":
        return WorkHandler.attempt(() -> clients.apache5(path));
      case "url":
        return WorkHandler.attempt(() -> clients.urlConnection(path));
      default:
        return WorkHandler.attempt(() -> clients.jdk(path));
    }
  }

  private static String headers(HttpExchange exchange) {
    Map<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(exchange.getRequestHeaders());
    StringBuilder out = new StringBuilder();
    sorted.forEach(
        (name, values) ->
            out.append(name.toLowerCase()).append(": ").append(String.join(",", values)).append('\n'));
    return out.toString();
  }

  private String sql(String sql, boolean prepared) {
    try (Connection c = b.db.getConnection()) {
      if (prepared) {
        try (PreparedStatement s = c.prepareStatement(sql)) {
          s.execute();
        }
      } else {
        try (Statement s = c.createStatement()) {
          s.execute(sql);
        }
      }
      return "ok";
    } catch (SQLException e) {
      return "failed:" + e.getClass().getSimpleName() + " sqlstate=" + e.getSQLState();
    } catch (RuntimeException e) {
      return Responses.describe(e);
    }
  }

  private String chat(String fault) {
    ChatCompletionCreateParams.Builder params =
        ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("odd usage");
    if (fault != null) {
      params.putAdditionalHeader("x-test-fault", fault);
    }
    ChatCompletion c = b.openai.chat().completions().create(params.build());
    return "ok usage="
        + c.usage().map(u -> u.promptTokens() + "/" + u.completionTokens()).orElse("none");
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void big(HttpExchange exchange, int bytes) throws IOException {
    exchange.sendResponseHeaders(200, bytes == 0 ? -1 : bytes);
    byte[] chunk = new byte[8192];
    java.util.Arrays.fill(chunk, (byte) 'x');
    try (OutputStream out = exchange.getResponseBody()) {
      for (int left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, Math.min(left, chunk.length));
      }
    }
  }
}
