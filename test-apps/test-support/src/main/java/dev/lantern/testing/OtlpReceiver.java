package dev.lantern.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver inside the test JVM, on 127.0.0.1 and an ephemeral port. Point the
 * application under test at {@link #endpoint()} (as OTEL_EXPORTER_OTLP_ENDPOINT) and assert on the
 * decoded {@link #spans()}.
 *
 * <p>Accepts {@code POST /v1/traces} as {@code application/x-protobuf}, optionally gzip-compressed.
 * OTLP/JSON is answered with 415: decoding it would need protobuf-java-util and its Guava/Gson
 * dependencies. {@code /v1/metrics} and {@code /v1/logs} are acknowledged and counted, not decoded.
 *
 * <p>Fault injection ({@link #setResponseStatus}, {@link #setResponseDelay}) applies to every OTLP
 * path; spans of a request answered with a non-2xx status are not stored, as a failing collector
 * would not have accepted them.
 */
public final class OtlpReceiver implements AutoCloseable {
  public static final String TRACES_PATH = "/v1/traces";
  public static final String METRICS_PATH = "/v1/metrics";
  public static final String LOGS_PATH = "/v1/logs";

  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

  private record Request(String path, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<Request> requests = new ArrayList<>();
  private final List<String> decodeErrors = new ArrayList<>();
  private volatile int responseStatus = 200;
  private volatile Duration responseDelay = Duration.ZERO;

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Binds 127.0.0.1 on a free port and starts serving. */
  public static OtlpReceiver start() {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the OTLP receiver on 127.0.0.1", e);
    }
    // Unbounded so that an injected delay on one export never blocks the others.
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "otlp-receiver-" + THREAD_COUNTER.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    OtlpReceiver receiver = new OtlpReceiver(server, executor);
    server.createContext("/", receiver::handle);
    server.setExecutor(executor);
    server.start();
    return receiver;
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}, as for OTEL_EXPORTER_OTLP_ENDPOINT. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code endpoint() + "/v1/traces"}, as for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT. */
  public String tracesUrl() {
    return endpoint() + TRACES_PATH;
  }

  public String metricsUrl() {
    return endpoint() + METRICS_PATH;
  }

  public String logsUrl() {
    return endpoint() + LOGS_PATH;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Answers every OTLP request with this status (e.g. 500, 503) until reset to 200. */
  public void setResponseStatus(int status) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    this.responseStatus = status;
  }

  /** Waits this long before answering each OTLP request, until reset to {@link Duration#ZERO}. */
  public void setResponseDelay(Duration delay) {
    this.responseDelay = Objects.requireNonNull(delay, "delay");
  }

  /** Back to status 200 without delay. */
  public void resetFaults() {
    responseStatus = 200;
    responseDelay = Duration.ZERO;
  }

  /** Snapshot of all spans received so far, in arrival order. */
  public List<ReceivedSpan> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  /** Forgets spans, requests and decode errors received so far (fault settings are kept). */
  public void clear() {
    synchronized (lock) {
      spans.clear();
      requests.clear();
      decodeErrors.clear();
    }
  }

  /** Number of HTTP requests received on any path, including rejected ones. */
  public int requestCount() {
    synchronized (lock) {
      return requests.size();
    }
  }

  /** Headers of each request in arrival order; names lower-case, repeated values joined by ", ". */
  public List<Map<String, String>> requestHeaders() {
    synchronized (lock) {
      return requests.stream().map(Request::headers).collect(Collectors.toUnmodifiableList());
    }
  }

  /** Path of each request in arrival order, e.g. "/v1/traces". */
  public List<String> requestPaths() {
    synchronized (lock) {
      return requests.stream().map(Request::path).collect(Collectors.toUnmodifiableList());
    }
  }

  /** Why a request body could not be decoded; a non-empty list means the exporter sent garbage. */
  public List<String> decodeErrors() {
    synchronized (lock) {
      return List.copyOf(decodeErrors);
    }
  }

  /** Spans of one trace, in arrival order. */
  public List<ReceivedSpan> trace(String traceId) {
    return spans().stream()
        .filter(s -> s.traceId().equals(traceId))
        .collect(Collectors.toUnmodifiableList());
  }

  /** Received spans whose parent is the given span. */
  public List<ReceivedSpan> children(ReceivedSpan parent) {
    return spans().stream()
        .filter(
            s -> s.traceId().equals(parent.traceId()) && s.parentSpanId().equals(parent.spanId()))
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Polls every 50 ms until {@code until} accepts the spans received so far and returns that
   * snapshot.
   *
   * @throws AssertionError on timeout, listing every span received
   */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> until, Duration timeout) {
    return awaitSpans("spans matching the condition", until, timeout);
  }

  /** As {@link #awaitSpans(Predicate, Duration)}, naming what was awaited in the failure message. */
  public List<ReceivedSpan> awaitSpans(
      String description, Predicate<List<ReceivedSpan>> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<ReceivedSpan> snapshot = spans();
      if (until.test(snapshot)) {
        return snapshot;
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + description + ".\n" + describe());
      }
      sleep(POLL_INTERVAL);
    }
  }

  /** Waits until at least {@code count} spans have arrived. */
  public List<ReceivedSpan> awaitSpanCount(int count, Duration timeout) {
    return awaitSpans("at least " + count + " span(s)", list -> list.size() >= count, timeout);
  }

  /** Waits for a span matching {@code matcher} and returns the first one. */
  public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> matcher, Duration timeout) {
    return awaitSpan("a span matching the condition", matcher, timeout);
  }

  /** As {@link #awaitSpan(Predicate, Duration)}, naming what was awaited in the failure message. */
  public ReceivedSpan awaitSpan(
      String description, Predicate<ReceivedSpan> matcher, Duration timeout) {
    return awaitSpans(description, list -> list.stream().anyMatch(matcher), timeout).stream()
        .filter(matcher)
        .findFirst()
        .orElseThrow();
  }

  /** Waits for a span with exactly this name. */
  public ReceivedSpan awaitSpanNamed(String name, Duration timeout) {
    return awaitSpan("a span named '" + name + "'", s -> s.name().equals(name), timeout);
  }

  /** Human-readable dump of everything received, for failure messages. */
  public String describe() {
    List<ReceivedSpan> spanSnapshot;
    List<Request> requestSnapshot;
    List<String> errorSnapshot;
    synchronized (lock) {
      spanSnapshot = List.copyOf(spans);
      requestSnapshot = List.copyOf(requests);
      errorSnapshot = List.copyOf(decodeErrors);
    }
    Map<String, Long> perPath =
        requestSnapshot.stream()
            .collect(Collectors.groupingBy(Request::path, TreeMap::new, Collectors.counting()));
    StringBuilder out = new StringBuilder();
    out.append("OTLP receiver ").append(endpoint()).append(" got ");
    out.append(requestSnapshot.size()).append(" request(s) ").append(perPath);
    if (responseStatus != 200 || !responseDelay.isZero()) {
      out.append(" [answering ").append(responseStatus).append(" after ").append(responseDelay);
      out.append(']');
    }
    out.append(" and ").append(spanSnapshot.size()).append(" span(s)");
    out.append(spanSnapshot.isEmpty() ? "." : ":");
    for (ReceivedSpan span : spanSnapshot) {
      out.append("\n  ").append(span);
    }
    for (String error : errorSnapshot) {
      out.append("\n  DECODE ERROR: ").append(error);
    }
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "OtlpReceiver[" + endpoint() + "]";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      Map<String, String> headers = lowerCaseNames(exchange.getRequestHeaders());
      synchronized (lock) {
        requests.add(new Request(path, headers));
      }
      if (!path.equals(TRACES_PATH) && !path.equals(METRICS_PATH) && !path.equals(LOGS_PATH)) {
        respondText(exchange, 404, "no OTLP signal at " + path);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        respondText(exchange, 405, "OTLP/HTTP takes POST");
        return;
      }
      if (!pause(responseDelay)) {
        return; // the receiver is closing
      }
      int status = responseStatus;
      if (status < 200 || status > 299) {
        respondText(exchange, status, "fault injected by the test: " + status);
      } else if (path.equals(TRACES_PATH)) {
        receiveTraces(exchange, headers, body, status);
      } else {
        respondProtobuf(exchange, status, new byte[0]); // empty Export*ServiceResponse
      }
    } finally {
      exchange.close();
    }
  }

  private void receiveTraces(
      HttpExchange exchange, Map<String, String> headers, byte[] body, int status)
      throws IOException {
    String contentType = headers.getOrDefault("content-type", "");
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/x-protobuf")) {
      respondText(
          exchange,
          415,
          "this test receiver decodes only application/x-protobuf, got '" + contentType + "'");
      return;
    }
    String encoding = headers.getOrDefault("content-encoding", "identity").trim();
    if (!encoding.equalsIgnoreCase("identity") && !encoding.equalsIgnoreCase("gzip")) {
      respondText(exchange, 415, "unsupported Content-Encoding '" + encoding + "'");
      return;
    }
    ExportTraceServiceRequest request;
    try (InputStream in = decompress(body, encoding)) {
      request = ExportTraceServiceRequest.parseFrom(in);
    } catch (IOException | RuntimeException e) {
      String error = TRACES_PATH + " (" + encoding + ", " + body.length + " bytes): " + e;
      synchronized (lock) {
        decodeErrors.add(error);
      }
      respondText(exchange, 400, "cannot decode ExportTraceServiceRequest: " + e);
      return;
    }
    List<ReceivedSpan> decoded = ReceivedSpan.fromRequest(request);
    synchronized (lock) {
      spans.addAll(decoded);
    }
    respondProtobuf(exchange, status, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private static InputStream decompress(byte[] body, String encoding) throws IOException {
    InputStream raw = new ByteArrayInputStream(body);
    return encoding.equalsIgnoreCase("gzip") ? new GZIPInputStream(raw) : raw;
  }

  private static Map<String, String> lowerCaseNames(Headers headers) {
    Map<String, String> map = new LinkedHashMap<>();
    headers.forEach(
        (name, values) -> map.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
    return Collections.unmodifiableMap(map);
  }

  private static void respondProtobuf(HttpExchange exchange, int status, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    send(exchange, status, body);
  }

  private static void respondText(HttpExchange exchange, int status, String message)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    send(exchange, status, message.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    // -1 means "no body"; 0 would mean chunked.
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void sleep(Duration duration) {
    if (!pause(duration)) {
      throw new AssertionError("interrupted while waiting for spans");
    }
  }

  /** Sleeps; false when interrupted (the interrupt flag is kept). */
  private static boolean pause(Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      return true;
    }
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
