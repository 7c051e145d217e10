package dev.lantern.testapps.reliability;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * {@code /spread/<kind>?from=&n=}: n distinct values of something that could become a metric
 * label, made inside the application (faster than n requests from the test):
 *
 * <ul>
 *   <li>{@code paths}: GET {@code /leaf/p<i>} on itself, rotating through the four HTTP clients
 *       (distinct server and client paths);
 *   <li>{@code sql}: a statement on table {@code t_<i>} that does not exist (a distinct table name
 *       and SQL text each, failing with 42S02) and one with distinct literals on {@code items};
 *   <li>{@code models}: a chat completion with model {@code m-<i>}.
 * </ul>
 */
final class SpreadHandler implements HttpHandler {

  private final Backends b;
  private final WorkHandler clients;

  SpreadHandler(Backends backends) {
    this.b = backends;
    this.clients = new WorkHandler(backends);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Map<String, String> q = Responses.query(exchange);
    int from = Integer.parseInt(q.getOrDefault("from", "0"));
    int n = Integer.parseInt(q.getOrDefault("n", "100"));
    String kind = Responses.lastSegment(exchange);
    int failures = 0;
    for (int i = from; i < from + n; i++) {
      String outcome;
      switch (kind) {
        case "paths":
          outcome = path(i);
          break;
        case "sql":
          outcome = sql(i);
          break;
        case "models":
          outcome = model(i);
          break;
        default:
          Responses.text(exchange, 404, "no spread " + kind);
          return;
      }
      if (outcome.startsWith("failed")) {
        failures++;
      }
    }
    Responses.text(exchange, 200, "DONE " + n + " failures=" + failures);
  }

  private String path(int i) {
    String path = "/leaf/p" + i + "?page=" + i;
    switch (i % 4) {
      case 0:
        return WorkHandler.attempt(() -> clients.jdk(path));
      case 1:
        return WorkHandler.attempt(() -> clients.okhttpAsync(path));
      case 2:
        return WorkHandler.attempt(() -> clients.apache5(path));
      default:
        return WorkHandler.attempt(() -> clients.urlConnection(path));
    }
  }

  private String sql(int i) {
    try (Connection c = b.db.getConnection();
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT name FROM items WHERE id = " + (i % Backends.ITEMS) + " AND name <> 'x" + i + "'").close();
      try {
        s.executeQuery("SELECT v FROM t_" + i + " WHERE k = " + i).close();
        return "unexpected";
      } catch (SQLException expected) {
        return "ok";
      }
    } catch (SQLException e) {
      return Responses.describe(e);
    }
  }

  private String model(int i) {
    return WorkHandler.attempt(
        () ->
            b.openai
                .chat()
                .completions()
                .create(
                    ChatCompletionCreateParams.builder()
                        .model("m-" + i)
                        .maxCompletionTokens(8)
                        .addUserMessage("spread " + i)
                        .build())
                .model());
  }
}
