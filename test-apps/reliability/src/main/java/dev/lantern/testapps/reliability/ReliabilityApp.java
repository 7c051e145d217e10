package dev.lantern.testapps.reliability;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A service with no tracing code that uses every library Lantern instruments at once. Its
 * endpoints:
 *
 * <ul>
 *   <li>{@code /work/<id>}: calls {@code /leaf} with the JDK HttpClient, OkHttp (enqueue and
 *       callback), Apache HttpClient 5 and HttpURLConnection, reads a row from H2 through HikariCP,
 *       sends a Kafka record (callback awaited) that its own consumer processes, asks the LLM
 *       server for a chat completion, and answers with a deterministic description of all of it
 *   <li>{@code /leaf/<anything>}: 200 "leaf"
 *   <li>{@code /spread/<kind>?from=&n=}: n distinct paths, SQL tables or model names ({@link
 *       SpreadHandler})
 *   <li>{@code /bad/<kind>}: odd input handed to the libraries ({@link BadInputHandler})
 *   <li>{@code /secrets}: secrets in every place the agent could record them ({@link
 *       SecretsHandler})
 *   <li>{@code /debug/heap}, {@code /debug/deadlocks}, {@code /debug/consumed}: the application's
 *       own figures ({@link DebugHandler})
 * </ul>
 *
 * <p>System properties: {@code app.kafka} (bootstrap servers), {@code app.topic}, {@code app.llm}
 * (base URL of the LLM server).
 */
public final class ReliabilityApp {

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    String self = "http://127.0.0.1:" + server.getAddress().getPort();
    Backends backends =
        Backends.start(
            self,
            System.getProperty("app.kafka"),
            System.getProperty("app.topic", "work"),
            System.getProperty("app.llm"));
    server.createContext("/work", new WorkHandler(backends));
    server.createContext("/leaf", exchange -> Responses.text(exchange, 200, "leaf"));
    server.createContext("/spread", new SpreadHandler(backends));
    server.createContext("/bad", new BadInputHandler(backends));
    server.createContext("/secrets", new SecretsHandler(backends));
    server.createContext("/debug", new DebugHandler(backends));
    ExecutorService workers = Executors.newFixedThreadPool(64);
    server.setExecutor(workers);
    server.start();
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }
}
