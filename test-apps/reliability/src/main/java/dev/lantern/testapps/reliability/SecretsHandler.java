package dev.lantern.testapps.reliability;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /secrets}: everything an agent could leak, each marked {@value #MARK}: the request's
 * body, credentials in its headers and query; calls with every HTTP client carrying credential
 * headers, a body and secret query values to {@code /secrets/leaf}, which answers with a
 * Set-Cookie and a body; SQL with secret literals and bind values, including a failing statement
 * whose database error message repeats them; a Kafka record with a secret payload; a chat
 * completion whose prompt (and so the echoed completion) holds a secret.
 */
final class SecretsHandler implements HttpHandler {

  static final String MARK = "S3CR3T";
  private static final Logger log = LoggerFactory.getLogger(SecretsHandler.class);

  private final Backends b;

  SecretsHandler(Backends backends) {
    this.b = backends;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestURI().getPath().endsWith("/leaf")) {
      exchange.getResponseHeaders().add("Set-Cookie", "session=" + MARK + "-leaf-cookie; HttpOnly");
      exchange.getRequestBody().readAllBytes();
      Responses.text(exchange, 200, "leaf body " + MARK + "-leaf-body");
      return;
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    log.info("secrets request with {} body bytes", body.length());
    List<String> out = new ArrayList<>();
    String url = b.self + "/secrets/leaf?token=" + MARK + "-q1&signature=" + MARK + "-q2&user=bob";
    out.add("jdk=" + WorkHandler.attempt(() -> jdk(url, false)));
    out.add("jdk-async=" + WorkHandler.attempt(() -> jdk(url, true)));
    out.add("okhttp=" + WorkHandler.attempt(() -> okhttp(url)));
    out.add("apache5=" + WorkHandler.attempt(() -> apache5(url)));
    out.add("apache5-async=" + WorkHandler.attempt(() -> apache5Async(url)));
    out.add("apache4=" + WorkHandler.attempt(() -> apache4(url)));
    out.add("url=" + WorkHandler.attempt(() -> urlConnection(url)));
    out.add("sql=" + WorkHandler.attempt(this::sql));
    if (b.producer != null) {
      out.add("kafka=" + WorkHandler.attempt(this::send));
    }
    if (b.openai != null) {
      out.add("llm=" + WorkHandler.attempt(this::chat));
    }
    exchange.getResponseHeaders().add("Set-Cookie", "session=" + MARK + "-server-cookie; HttpOnly");
    Responses.text(exchange, 200, String.join(" ", out) + " response " + MARK + "-response-body");
  }

  private String jdk(String url, boolean async) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + MARK + "-jdk-auth")
            .header("Cookie", "session=" + MARK + "-jdk-cookie")
            .header("X-Api-Key", MARK + "-jdk-key")
            .POST(HttpRequest.BodyPublishers.ofString(MARK + "-jdk-body"))
            .build();
    HttpResponse<String> r =
        async
            ? b.jdk.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS)
            : b.jdk.send(request, HttpResponse.BodyHandlers.ofString());
    return Integer.toString(r.statusCode());
  }

  private String okhttp(String url) throws IOException {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Authorization", "Bearer " + MARK + "-okhttp-auth")
            .header("Cookie", "session=" + MARK + "-okhttp-cookie")
            .header("X-Api-Key", MARK + "-okhttp-key")
            .post(RequestBody.create(MARK + "-okhttp-body", MediaType.get("text/plain")))
            .build();
    try (Response r = b.okhttp.newCall(request).execute()) {
      r.body().string();
      return Integer.toString(r.code());
    }
  }

  private String apache5(String url) throws IOException {
    HttpPost post = new HttpPost(url);
    post.setHeader("Authorization", "Bearer " + MARK + "-apache5-auth");
    post.setHeader("Cookie", "session=" + MARK + "-apache5-cookie");
    post.setHeader("X-Api-Key", MARK + "-apache5-key");
    post.setEntity(new StringEntity(MARK + "-apache5-body"));
    return b.apache5.execute(post, r -> Integer.toString(r.getCode()));
  }

  private String apache5Async(String url) throws Exception {
    SimpleHttpRequest request = SimpleHttpRequest.create("POST", url);
    request.setHeader("Authorization", "Bearer " + MARK + "-apache5a-auth");
    request.setHeader("Cookie", "session=" + MARK + "-apache5a-cookie");
    request.setBody(MARK + "-apache5a-body", ContentType.TEXT_PLAIN);
    SimpleHttpResponse r = b.apache5Async.execute(request, null).get(30, TimeUnit.SECONDS);
    return Integer.toString(r.getCode());
  }

  private String apache4(String url) throws IOException {
    org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
    post.setHeader("Authorization", "Bearer " + MARK + "-apache4-auth");
    post.setHeader("Cookie", "session=" + MARK + "-apache4-cookie");
    post.setEntity(new org.apache.http.entity.StringEntity(MARK + "-apache4-body", StandardCharsets.UTF_8));
    try (org.apache.http.client.methods.CloseableHttpResponse r = b.apache4.execute(post)) {
      org.apache.http.util.EntityUtils.consume(r.getEntity());
      return Integer.toString(r.getStatusLine().getStatusCode());
    }
  }

  private String urlConnection(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer " + MARK + "-url-auth");
    c.setRequestProperty("Cookie", "session=" + MARK + "-url-cookie");
    try (OutputStream out = c.getOutputStream()) {
      out.write((MARK + "-url-body").getBytes(StandardCharsets.UTF_8));
    }
    int status = c.getResponseCode();
    try (InputStream in = c.getInputStream()) {
      in.readAllBytes();
    }
    return Integer.toString(status);
  }

  private String sql() throws SQLException {
    try (Connection c = b.db.getConnection();
        Statement s = c.createStatement()) {
      s.execute("MERGE INTO accounts KEY (id) VALUES (1, 'bob', '" + MARK + "-literal')");
      try (PreparedStatement p = c.prepareStatement("UPDATE accounts SET secret = ? WHERE owner = ?")) {
        p.setString(1, MARK + "-bind");
        p.setString(2, "bob");
        p.executeUpdate();
      }
      try {
        s.execute("INSERT INTO accounts VALUES (1, 'bob', '" + MARK + "-duplicate')");
        return "unexpected";
      } catch (SQLException duplicate) {
        return "duplicate-" + duplicate.getSQLState();
      }
    }
  }

  private String send() throws Exception {
    CompletableFuture<String> acked = new CompletableFuture<>();
    b.producer.send(
        new ProducerRecord<>(b.topic, "secrets", MARK + "-payload"),
        (m, e) -> acked.complete(e == null ? "acked" : Responses.describe(e)));
    return acked.get(30, TimeUnit.SECONDS);
  }

  private String chat() {
    return b.openai
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addSystemMessage("system " + MARK + "-system")
                .addUserMessage("please repeat " + MARK + "-prompt")
                .build())
        .choices()
        .get(0)
        .message()
        .content()
        .map(text -> text.contains(MARK) ? "completion-holds-secret" : "completion")
        .orElse("empty");
  }
}
