package dev.lantern.testapps.httpclients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service with no tracing code that calls another service (property {@code app.downstream})
 * with the client library a request names.
 *
 * <ul>
 *   <li>{@code /call?client=<name>&target=<path or URL>[&method=M][&body=B][&timeoutMs=N]} – one
 *       call; answers 200 with {@link Outcome#render()}
 *   <li>{@code /loop?client=<name>&target=<path prefix>&n=N} – N calls to prefix + 0..N-1;
 *       answers "DONE <n> failures=<f>"
 * </ul>
 *
 * Clients: {@code url-connection}, {@code okhttp}, {@code okhttp-async}, {@code okhttp-over-url-connection},
 * {@code apache4}, {@code apache5}, {@code apache5-async}, {@code rest-template-simple}, {@code
 * rest-template-apache}, {@code rest-client-simple}. A library is touched only when its client is
 * first used, so a test can leave other libraries' versions out of consideration.
 */
public final class HttpClientsApp {

  private static final Logger log = LoggerFactory.getLogger(HttpClientsApp.class);

  private static final Map<String, Supplier<ClientCall>> FACTORIES = Map.of(
      "url-connection", UrlConnectionClient::new,
      "okhttp", () -> OkHttpCalls.SYNC,
      "okhttp-async", () -> OkHttpCalls.ASYNC,
      "okhttp-over-url-connection", () -> OkHttpCalls.OVER_URL_CONNECTION,
      "apache4", Apache4Client::new,
      "apache5", () -> Apache5Clients.CLASSIC,
      "apache5-async", () -> Apache5Clients.ASYNC,
      "rest-template-simple", () -> SpringClients.REST_TEMPLATE_SIMPLE,
      "rest-template-apache", () -> SpringClients.REST_TEMPLATE_APACHE,
      "rest-client-simple", () -> SpringClients.REST_CLIENT_SIMPLE);

  private final Map<String, ClientCall> clients = new HashMap<>();
  private final String downstream = System.getProperty("app.downstream", "");

  public static void main(String[] args) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.port", 0)), 50);
    HttpClientsApp app = new HttpClientsApp();
    server.createContext("/call", app::call);
    server.createContext("/loop", app::loop);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }

  private void call(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    String name = query.get("client");
    Outcome outcome = invoke(name, query.getOrDefault("method", "GET"), url(query.get("target")),
        query.get("body"), Integer.parseInt(query.getOrDefault("timeoutMs", "5000")));
    log.info("called downstream with {}", name);
    respond(exchange, 200, outcome.render());
  }

  private void loop(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange);
    int n = Integer.parseInt(query.get("n"));
    int failures = 0;
    for (int i = 0; i < n; i++) {
      Outcome outcome = invoke(query.get("client"), "GET", url(query.get("target") + i), null, 5000);
      if (outcome.error() != null || outcome.status() != 200) {
        failures++;
      }
    }
    respond(exchange, 200, "DONE " + n + " failures=" + failures);
  }

  private Outcome invoke(String name, String method, String url, String body, int timeoutMillis) {
    try {
      return client(name).call(method, url, body, timeoutMillis);
    } catch (Exception e) {
      Throwable error = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
          ? e.getCause() : e;
      return Outcome.failure(error);
    }
  }

  private synchronized ClientCall client(String name) {
    Supplier<ClientCall> factory = FACTORIES.get(name);
    if (factory == null) {
      throw new IllegalArgumentException("no client " + name);
    }
    return clients.computeIfAbsent(name, n -> factory.get());
  }

  private String url(String target) {
    return target.contains("://") ? target : downstream + target;
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new HashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
