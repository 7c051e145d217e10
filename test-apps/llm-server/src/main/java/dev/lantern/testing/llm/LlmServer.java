package dev.lantern.testing.llm;

import static dev.lantern.testing.llm.Json.arr;
import static dev.lantern.testing.llm.Json.obj;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local, deterministic LLM server that speaks enough of the OpenAI and Anthropic HTTP APIs for their real SDKs to
 * work against it, with fault injection and request recording.
 *
 * <h2>Endpoints (all on 127.0.0.1)</h2>
 *
 * <ul>
 *   <li>OpenAI ({@link #openAiBaseUrl()}): {@code POST /v1/chat/completions} (JSON or SSE with {@code stream:true};
 *       a usage chunk when {@code stream_options.include_usage}), {@code POST /v1/responses} (JSON or SSE events),
 *       {@code POST /v1/embeddings} (float or base64), {@code GET /v1/models[/id]}.
 *   <li>Anthropic ({@link #anthropicBaseUrl()}): {@code POST /v1/messages} (JSON or SSE with {@code stream:true}),
 *       {@code POST /v1/messages/count_tokens}, {@code GET /v1/models} when the request has an
 *       {@code anthropic-version} header.
 *   <li>Control, for a server in another process (not recorded): {@code GET /_lantern/health},
 *       {@code POST /_lantern/fault?spec=500&count=2} (no count: every request), {@code POST /_lantern/reset},
 *       {@code GET /_lantern/requests}, {@code POST /_lantern/alias?requested=a&served=b}.
 * </ul>
 *
 * <h2>Deterministic content</h2>
 *
 * <ul>
 *   <li>input tokens = whitespace-separated words in all message texts (system prompt / instructions included); for
 *       embeddings, the words of every input string (or the number of token ids given);
 *   <li>reply = {@code "Echo: " + last user message} with whitespace collapsed, so output tokens = 1 + its words;
 *   <li>classifier: when a system/developer/user message mentions classifying, the reply is exactly one of
 *       {@link #LABELS}, picked by keywords (see {@link #classify(String)}); output tokens = 1;
 *   <li>{@code max_tokens}/{@code max_completion_tokens} (Anthropic/OpenAI) cut the reply to that many words with
 *       {@code finish_reason=length} / {@code stop_reason=max_tokens}; {@code max_output_tokens} (Responses) gives
 *       {@code status=incomplete};
 *   <li>the response's model is the request's model, mapped through the alias map (defaults in
 *       {@link #DEFAULT_ALIASES}, e.g. {@code gpt-4o -> gpt-4o-2024-08-06}).
 * </ul>
 *
 * <h2>Faults</h2>
 *
 * Per request with the header {@code x-test-fault} (comma-separated: a status such as {@code 429}, {@code 500},
 * {@code 529}; {@code break-stream}; {@code stream-error}; {@code slow:<ms>}; {@code slow-chunks:<ms>};
 * {@code no-usage}; {@code negative-usage}), or programmatically with {@link #failNext}, {@link #failAll},
 * {@link #faultNext}, {@link #faultAll}. Programmatic faults apply to every {@code /v1/} request (queued ones first,
 * one per request); a header adds to them. Error statuses come in the protocol's error shape; retryable ones
 * (408, 409, 429, 5xx) carry {@code retry-after-ms} (see {@link #retryAfterMillis(long)}) so SDK retries are quick.
 */
public final class LlmServer implements AutoCloseable {

  /** The request header that asks for a fault. */
  public static final String FAULT_HEADER = "x-test-fault";

  /** The classifier's labels. */
  public static final List<String> LABELS = List.of("billing", "outage", "feature_request", "other");

  /** Dimensions of an embedding when the request gives no {@code dimensions}. */
  public static final int DEFAULT_EMBEDDING_DIMENSIONS = 16;

  /** The alias map a new server starts with: requested model to the model named in the response. */
  public static final Map<String, String> DEFAULT_ALIASES;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("gpt-4o", "gpt-4o-2024-08-06");
    m.put("gpt-4o-mini", "gpt-4o-mini-2024-07-18");
    m.put("gpt-4.1", "gpt-4.1-2025-04-14");
    m.put("gpt-4.1-mini", "gpt-4.1-mini-2025-04-14");
    m.put("claude-sonnet-4-5", "claude-sonnet-4-5-20250929");
    m.put("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022");
    m.put("claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219");
    DEFAULT_ALIASES = Collections.unmodifiableMap(m);
  }

  private static final List<String> KNOWN_MODELS = List.of(
      "gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "text-embedding-3-small", "text-embedding-3-large",
      "claude-sonnet-4-5", "claude-3-5-haiku-latest");

  private enum Protocol {
    OPENAI,
    ANTHROPIC
  }

  private final HttpServer http;
  private final ExecutorService pool;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Deque<Fault> queuedFaults = new ArrayDeque<>(); // guarded by itself
  private volatile Fault standingFault = Fault.NONE;
  private final Map<String, String> aliases = new ConcurrentHashMap<>(DEFAULT_ALIASES);
  private final AtomicLong ids = new AtomicLong();
  private volatile long retryAfterMillis = 20;

  private LlmServer(HttpServer http, ExecutorService pool) {
    this.http = http;
    this.pool = pool;
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static LlmServer start() {
    return start(0);
  }

  /** Starts a server on the given port of 127.0.0.1 (0: a free one). */
  public static LlmServer start(int port) {
    // The JDK server answers in two writes (headers, body); with Nagle's algorithm on, a keep-alive client then waits
    // for a delayed ACK (~40 ms a request). The property is read once, when the JDK's server first starts in a JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "lantern-llm-server-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    } catch (IOException e) {
      pool.shutdownNow();
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
    }
    LlmServer server = new LlmServer(http, pool);
    http.createContext("/", server::handle);
    http.setExecutor(pool);
    http.start();
    return server;
  }

  /** The port listened on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The OpenAI SDKs' base URL: {@code baseUrl() + "/v1"}. */
  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  /** The Anthropic SDK's base URL: {@link #baseUrl()} (the SDK adds {@code /v1/messages}). */
  public String anthropicBaseUrl() {
    return baseUrl();
  }

  // ---------------------------------------------------------------- faults

  /** The next {@code count} API requests fail with {@code status} (400..599). */
  public LlmServer failNext(int status, int count) {
    return faultNext(String.valueOf(status), count);
  }

  /** Every API request fails with {@code status} until {@link #reset()}. */
  public LlmServer failAll(int status) {
    return faultAll(String.valueOf(status));
  }

  /** The next {@code count} API requests get the fault {@code spec} (same syntax as the {@code x-test-fault} header). */
  public LlmServer faultNext(String spec, int count) {
    Fault fault = Fault.parse(spec);
    synchronized (queuedFaults) {
      for (int i = 0; i < count; i++) {
        queuedFaults.addLast(fault);
      }
    }
    return this;
  }

  /** Every API request gets the fault {@code spec} until {@link #reset()}. */
  public LlmServer faultAll(String spec) {
    standingFault = Fault.parse(spec);
    return this;
  }

  /** Clears programmatic faults and recorded requests (aliases stay). */
  public LlmServer reset() {
    synchronized (queuedFaults) {
      queuedFaults.clear();
    }
    standingFault = Fault.NONE;
    requests.clear();
    return this;
  }

  /** The {@code retry-after-ms} sent with retryable errors (default 20); negative: send no retry-after header. */
  public LlmServer retryAfterMillis(long millis) {
    this.retryAfterMillis = millis;
    return this;
  }

  private Fault programmaticFault() {
    Fault queued;
    synchronized (queuedFaults) {
      queued = queuedFaults.pollFirst();
    }
    return queued != null ? queued : standingFault;
  }

  // ---------------------------------------------------------------- requests and aliases

  /** Every API request received so far (control requests excluded), in arrival order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The recorded requests to one path, e.g. {@code /v1/chat/completions}. */
  public List<RecordedRequest> requests(String path) {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.path().equals(path)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Forgets the recorded requests. */
  public LlmServer clearRequests() {
    requests.clear();
    return this;
  }

  /** Answers requests for model {@code requested} as model {@code served}. */
  public LlmServer alias(String requested, String served) {
    aliases.put(requested, served);
    return this;
  }

  /** Drops every alias, so every response echoes the requested model. */
  public LlmServer clearAliases() {
    aliases.clear();
    return this;
  }

  /** The model a response names for a requested model. */
  public String servedModel(String requested) {
    return aliases.getOrDefault(requested, requested);
  }

  // ---------------------------------------------------------------- deterministic rules, for tests

  /** Whitespace-separated words in a text: the token count rule. */
  public static int words(String text) {
    return Dialogue.words(text);
  }

  /** The reply to a last user message outside classifier mode: {@code "Echo: " + text}. */
  public static String echo(String lastUserMessage) {
    return Dialogue.echo(lastUserMessage);
  }

  /**
   * The classifier's label for a text: keyword hits (words of letters and digits, case-insensitive) decide; most hits
   * win; ties go to outage, then billing, then feature_request; no hit gives {@code other}. Outage words: outage, down,
   * downtime, unavailable, unreachable, incident, 500/502/503/504, timeout, degraded, crash, offline, errors, ...;
   * billing: billing, invoice, payment, charge, refund, subscription, price, card, paid, receipt, ...;
   * feature_request: feature, enhancement, suggestion, request, add, support, would, could, ... A list naming all four
   * labels (as in an instruction) is not counted. When the instruction and the payload share the user message, the
   * payload is the text after the first line break (or after the ':' that follows "classify").
   */
  public static String classify(String text) {
    return Dialogue.classify(text);
  }

  // ---------------------------------------------------------------- HTTP

  /** Thrown to make the HTTP server drop the connection without ending the response. */
  private static final class BrokenConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrokenConnection() {
      super("x-test-fault: break-stream", null, false, false);
    }
  }

  /** An error answer in the protocol's shape. */
  private static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getRawQuery();
      String body = new String(ex.getRequestBody().readAllBytes(), UTF_8);
      if (path.startsWith("/_lantern/")) {
        control(ex, method, path, query);
        return;
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) ->
          headers.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
      headers.replaceAll((k, v) -> List.copyOf(v));
      RecordedRequest rec = new RecordedRequest(method, path, query, Collections.unmodifiableMap(headers), body);
      requests.add(rec);

      Protocol protocol = path.startsWith("/v1/messages")
          || (path.startsWith("/v1/models") && headers.containsKey("anthropic-version"))
          ? Protocol.ANTHROPIC
          : Protocol.OPENAI;
      String requestId = (protocol == Protocol.ANTHROPIC ? "req_lantern_" : "req_lantern") + ids.incrementAndGet();
      ex.getResponseHeaders().add(protocol == Protocol.ANTHROPIC ? "request-id" : "x-request-id", requestId);

      Fault fault = Fault.NONE;
      try {
        if (path.startsWith("/v1/")) {
          fault = programmaticFault();
        }
        fault = fault.plus(Fault.parse(rec.header(FAULT_HEADER)));
      } catch (IllegalArgumentException e) {
        sendError(ex, protocol, 400, "Bad " + FAULT_HEADER + " header: " + e.getMessage());
        return;
      }
      if (fault.slowMillis > 0) {
        sleep(fault.slowMillis);
      }
      if (fault.status != 0) {
        sendError(ex, protocol, fault.status, null);
        return;
      }
      try {
        route(ex, protocol, method, path, rec, fault);
      } catch (ApiError e) {
        sendError(ex, protocol, e.status, e.getMessage());
      }
    } catch (BrokenConnection e) {
      // Do not close the exchange: that would end the chunked body cleanly. The HTTP server closes the socket.
      throw e;
    } catch (RuntimeException | IOException e) {
      try {
        sendError(ex, Protocol.OPENAI, 500, "lantern llm-server bug: " + e);
      } catch (IOException | RuntimeException ignored) {
        // headers may have gone already
      }
      throw e;
    }
  }

  private void route(HttpExchange ex, Protocol protocol, String method, String path, RecordedRequest rec,
      Fault fault) throws IOException, ApiError {
    switch (path) {
      case "/v1/chat/completions":
        requirePost(method, path);
        chatCompletions(ex, jsonBody(rec), fault);
        return;
      case "/v1/responses":
        requirePost(method, path);
        responses(ex, jsonBody(rec), fault);
        return;
      case "/v1/embeddings":
        requirePost(method, path);
        embeddings(ex, jsonBody(rec), fault);
        return;
      case "/v1/messages":
        requirePost(method, path);
        messages(ex, jsonBody(rec), fault);
        return;
      case "/v1/messages/count_tokens":
        requirePost(method, path);
        countTokens(ex, jsonBody(rec), fault);
        return;
      default:
        break;
    }
    if (path.equals("/v1/models") || path.startsWith("/v1/models/")) {
      if (!method.equals("GET")) {
        throw new ApiError(405, "Method " + method + " not allowed for " + path);
      }
      models(ex, protocol, path.length() > "/v1/models/".length() ? path.substring("/v1/models/".length()) : null,
          fault);
      return;
    }
    throw new ApiError(404, "Invalid URL (" + method + " " + path + ")");
  }

  private static void requirePost(String method, String path) throws ApiError {
    if (!method.equals("POST")) {
      throw new ApiError(405, "Method " + method + " not allowed for " + path);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonBody(RecordedRequest rec) throws ApiError {
    Object parsed;
    try {
      parsed = rec.json();
    } catch (Json.JsonException e) {
      throw new ApiError(400, "We could not parse the JSON body of your request: " + e.getMessage());
    }
    if (!(parsed instanceof Map)) {
      throw new ApiError(400, "The request body must be a JSON object.");
    }
    return (Map<String, Object>) parsed;
  }

  private static String requireModel(Map<String, Object> body) throws ApiError {
    Object model = body.get("model");
    if (!(model instanceof String) || ((String) model).isBlank()) {
      throw new ApiError(400, "model: Field required");
    }
    return (String) model;
  }

  private static boolean isTrue(Object o) {
    return Boolean.TRUE.equals(o);
  }

  private static Integer intOrNull(Object o) throws ApiError {
    if (o == null) {
      return null;
    }
    if (o instanceof Long && (Long) o >= 0 && (Long) o <= Integer.MAX_VALUE) {
      return ((Long) o).intValue();
    }
    throw new ApiError(400, "Invalid integer: " + o);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private String nextId(String prefix) {
    return prefix + Long.toString(1_000_000 + ids.incrementAndGet(), 36);
  }

  private static long tokens(long n, Fault fault) {
    return fault.negativeUsage ? -Math.max(1, n) : n;
  }

  // ---------------------------------------------------------------- OpenAI chat completions

  private void chatCompletions(HttpExchange ex, Map<String, Object> body, Fault fault)
      throws IOException, ApiError {
    String model = requireModel(body);
    Object messages = body.get("messages");
    if (!(messages instanceof List) || ((List<?>) messages).isEmpty()) {
      throw new ApiError(400, "messages: must be a non-empty array");
    }
    List<Dialogue.Turn> turns = new ArrayList<>();
    for (Object m : (List<?>) messages) {
      if (!(m instanceof Map)) {
        throw new ApiError(400, "messages: each message must be an object");
      }
      Map<?, ?> msg = (Map<?, ?>) m;
      turns.add(new Dialogue.Turn(String.valueOf(msg.get("role")), text(msg.get("content"))));
    }
    Dialogue dialogue = new Dialogue(turns);
    String reply = dialogue.reply();
    String finish = "stop";
    Integer max = intOrNull(body.get("max_completion_tokens") != null
        ? body.get("max_completion_tokens") : body.get("max_tokens"));
    if (max != null && Dialogue.words(reply) > max) {
      reply = Dialogue.firstWords(reply, max);
      finish = "length";
    }
    long promptTokens = dialogue.inputWords();
    long completionTokens = Dialogue.words(reply);
    String id = nextId("chatcmpl-lantern");
    long created = now();
    String served = servedModel(model);
    Map<String, Object> usage = obj(
        "prompt_tokens", tokens(promptTokens, fault),
        "completion_tokens", tokens(completionTokens, fault),
        "total_tokens", tokens(promptTokens + completionTokens, fault),
        "prompt_tokens_details", obj("cached_tokens", 0, "audio_tokens", 0),
        "completion_tokens_details", obj("reasoning_tokens", 0, "audio_tokens", 0,
            "accepted_prediction_tokens", 0, "rejected_prediction_tokens", 0));

    if (!isTrue(body.get("stream"))) {
      Map<String, Object> answer = obj(
          "id", id,
          "object", "chat.completion",
          "created", created,
          "model", served,
          "choices", arr(obj(
              "index", 0,
              "message", obj("role", "assistant", "content", reply, "refusal", null, "annotations", arr()),
              "logprobs", null,
              "finish_reason", finish)),
          "service_tier", "default",
          "system_fingerprint", "fp_lantern");
      if (!fault.noUsage) {
        answer.put("usage", usage);
      }
      sendJson(ex, 200, answer, fault);
      return;
    }

    Object streamOptions = body.get("stream_options");
    boolean includeUsage = streamOptions instanceof Map && isTrue(((Map<?, ?>) streamOptions).get("include_usage"));
    List<SseEvent> events = new ArrayList<>();
    events.add(SseEvent.data(chunk(id, created, served, obj("role", "assistant", "content", "", "refusal", null),
        null, includeUsage)));
    int firstContent = -1;
    List<String> pieces = pieces(reply);
    for (String piece : pieces) {
      if (firstContent < 0) {
        firstContent = events.size();
      }
      events.add(SseEvent.data(chunk(id, created, served, obj("content", piece), null, includeUsage)));
    }
    events.add(SseEvent.data(chunk(id, created, served, obj(), finish, includeUsage)));
    if (includeUsage && !fault.noUsage) {
      Map<String, Object> last = obj("id", id, "object", "chat.completion.chunk", "created", created,
          "model", served, "service_tier", "default", "system_fingerprint", "fp_lantern",
          "choices", arr(), "usage", usage);
      events.add(SseEvent.data(Json.write(last)));
    }
    int end = events.size();
    events.add(SseEvent.data("[DONE]"));
    SseEvent error = SseEvent.data(Json.write(obj("error", obj("message",
        "The server had an error while processing your request. (x-test-fault: stream-error)",
        "type", "server_error", "param", null, "code", null))));
    stream(ex, events, breakPoint(firstContent, end), error, fault);
  }

  private static String chunk(String id, long created, String model, Map<String, Object> delta, String finish,
      boolean includeUsage) {
    Map<String, Object> c = obj(
        "id", id,
        "object", "chat.completion.chunk",
        "created", created,
        "model", model,
        "service_tier", "default",
        "system_fingerprint", "fp_lantern",
        "choices", arr(obj("index", 0, "delta", delta, "logprobs", null, "finish_reason", finish)));
    if (includeUsage) {
      c.put("usage", null);
    }
    return Json.write(c);
  }

  /** Where a broken or erroring stream stops: just after the first content event (or half-way). */
  private static int breakPoint(int firstContent, int end) {
    int at = firstContent >= 0 ? firstContent + 1 : end / 2;
    return Math.max(1, Math.min(at, end - 1));
  }

  /** The reply as streamed pieces: words, each after the first with its leading space. */
  private static List<String> pieces(String reply) {
    List<String> out = new ArrayList<>();
    for (String w : Dialogue.splitWords(reply)) {
      out.add(out.isEmpty() ? w : " " + w);
    }
    return out;
  }

  /** The text of an OpenAI or Anthropic content value: a string, or the text parts of an array of parts. */
  private static String text(Object content) {
    if (content == null) {
      return "";
    }
    if (content instanceof String) {
      return (String) content;
    }
    if (content instanceof List) {
      StringBuilder sb = new StringBuilder();
      for (Object part : (List<?>) content) {
        String t = null;
        if (part instanceof String) {
          t = (String) part;
        } else if (part instanceof Map) {
          Map<?, ?> p = (Map<?, ?>) part;
          Object type = p.get("type");
          if (p.get("text") instanceof String
              && (type == null || "text".equals(type) || "input_text".equals(type) || "output_text".equals(type))) {
            t = (String) p.get("text");
          } else if ("tool_result".equals(type)) {
            t = text(p.get("content"));
          }
        }
        if (t != null && !t.isEmpty()) {
          if (sb.length() > 0) {
            sb.append(' ');
          }
          sb.append(t);
        }
      }
      return sb.toString();
    }
    return "";
  }

  // ---------------------------------------------------------------- OpenAI responses

  private void responses(HttpExchange ex, Map<String, Object> body, Fault fault) throws IOException, ApiError {
    String model = requireModel(body);
    List<Dialogue.Turn> turns = new ArrayList<>();
    Object instructions = body.get("instructions");
    if (instructions instanceof String) {
      turns.add(new Dialogue.Turn("system", (String) instructions));
    }
    Object input = body.get("input");
    if (input instanceof String) {
      turns.add(new Dialogue.Turn("user", (String) input));
    } else if (input instanceof List) {
      for (Object item : (List<?>) input) {
        if (item instanceof Map) {
          Map<?, ?> m = (Map<?, ?>) item;
          Object type = m.get("type");
          if (m.get("role") != null && (type == null || "message".equals(type))) {
            turns.add(new Dialogue.Turn(String.valueOf(m.get("role")), text(m.get("content"))));
          } else if ("function_call_output".equals(type)) {
            turns.add(new Dialogue.Turn("tool", text(m.get("output"))));
          }
        }
      }
    } else {
      throw new ApiError(400, "input: must be a string or an array of input items");
    }
    Dialogue dialogue = new Dialogue(turns);
    String reply = dialogue.reply();
    String status = "completed";
    Map<String, Object> incomplete = null;
    Integer max = intOrNull(body.get("max_output_tokens"));
    if (max != null && Dialogue.words(reply) > max) {
      reply = Dialogue.firstWords(reply, max);
      status = "incomplete";
      incomplete = obj("reason", "max_output_tokens");
    }
    long in = dialogue.inputWords();
    long out = Dialogue.words(reply);
    String id = nextId("resp_lantern");
    String msgId = nextId("msg_lantern");
    long created = now();
    String served = servedModel(model);
    Map<String, Object> usage = fault.noUsage ? null : obj(
        "input_tokens", tokens(in, fault),
        "input_tokens_details", obj("cached_tokens", 0, "cache_write_tokens", 0),
        "output_tokens", tokens(out, fault),
        "output_tokens_details", obj("reasoning_tokens", 0),
        "total_tokens", tokens(in + out, fault));
    Map<String, Object> finalMessage = outputMessage(msgId, "completed", reply);

    if (!isTrue(body.get("stream"))) {
      sendJson(ex, 200, response(id, created, served, body, status, incomplete, arr(finalMessage), usage), fault);
      return;
    }
    AtomicInteger seq = new AtomicInteger();
    List<SseEvent> events = new ArrayList<>();
    events.add(responseEvent("response.created", seq, obj("response",
        response(id, created, served, body, "in_progress", null, arr(), null))));
    events.add(responseEvent("response.in_progress", seq, obj("response",
        response(id, created, served, body, "in_progress", null, arr(), null))));
    events.add(responseEvent("response.output_item.added", seq, obj("output_index", 0,
        "item", outputMessage(msgId, "in_progress", null))));
    events.add(responseEvent("response.content_part.added", seq, obj("item_id", msgId, "output_index", 0,
        "content_index", 0, "part", outputText(""))));
    int firstContent = -1;
    for (String piece : pieces(reply)) {
      if (firstContent < 0) {
        firstContent = events.size();
      }
      events.add(responseEvent("response.output_text.delta", seq, obj("item_id", msgId, "output_index", 0,
          "content_index", 0, "delta", piece, "logprobs", arr())));
    }
    events.add(responseEvent("response.output_text.done", seq, obj("item_id", msgId, "output_index", 0,
        "content_index", 0, "text", reply, "logprobs", arr())));
    events.add(responseEvent("response.content_part.done", seq, obj("item_id", msgId, "output_index", 0,
        "content_index", 0, "part", outputText(reply))));
    events.add(responseEvent("response.output_item.done", seq, obj("output_index", 0, "item", finalMessage)));
    String doneType = "completed".equals(status) ? "response.completed" : "response.incomplete";
    events.add(responseEvent(doneType, seq, obj("response",
        response(id, created, served, body, status, incomplete, arr(finalMessage), usage))));
    int end = events.size();
    int at = breakPoint(firstContent, end);
    SseEvent error = SseEvent.named("error", Json.write(obj("type", "error", "code", "server_error",
        "message", "The server had an error while processing your request. (x-test-fault: stream-error)",
        "param", null, "sequence_number", at)));
    stream(ex, events, at, error, fault);
  }

  private static SseEvent responseEvent(String type, AtomicInteger seq, Map<String, Object> fields) {
    Map<String, Object> e = obj("type", type);
    e.putAll(fields);
    e.put("sequence_number", seq.getAndIncrement());
    return SseEvent.named(type, Json.write(e));
  }

  private static Map<String, Object> outputText(String text) {
    return obj("type", "output_text", "text", text, "annotations", arr(), "logprobs", arr());
  }

  private static Map<String, Object> outputMessage(String id, String status, String text) {
    return obj("id", id, "type", "message", "status", status, "role", "assistant",
        "content", text == null ? arr() : arr(outputText(text)));
  }

  private static Map<String, Object> response(String id, long created, String model, Map<String, Object> req,
      String status, Map<String, Object> incomplete, List<Object> output, Map<String, Object> usage) {
    Object temperature = req.get("temperature") instanceof Number ? req.get("temperature") : 1.0;
    Object topP = req.get("top_p") instanceof Number ? req.get("top_p") : 1.0;
    Object metadata = req.get("metadata") instanceof Map ? req.get("metadata") : obj();
    return obj(
        "id", id,
        "object", "response",
        "created_at", created,
        "status", status,
        "completed_at", "in_progress".equals(status) ? null : created,
        "background", false,
        "error", null,
        "incomplete_details", incomplete,
        "instructions", req.get("instructions") instanceof String ? req.get("instructions") : null,
        "max_output_tokens", req.get("max_output_tokens"),
        "model", model,
        "output", output,
        "parallel_tool_calls", true,
        "previous_response_id", req.get("previous_response_id"),
        "reasoning", obj("effort", null, "summary", null),
        "service_tier", "default",
        "store", true,
        "temperature", temperature,
        "text", obj("format", obj("type", "text"), "verbosity", "medium"),
        "tool_choice", "auto",
        "tools", arr(),
        "top_p", topP,
        "truncation", "disabled",
        "usage", usage,
        "user", null,
        "metadata", metadata);
  }

  // ---------------------------------------------------------------- OpenAI embeddings

  private void embeddings(HttpExchange ex, Map<String, Object> body, Fault fault) throws IOException, ApiError {
    String model = requireModel(body);
    Object input = body.get("input");
    List<String> texts = new ArrayList<>();
    long promptTokens = 0;
    if (input instanceof String) {
      texts.add((String) input);
      promptTokens += Dialogue.words((String) input);
    } else if (input instanceof List && !((List<?>) input).isEmpty()) {
      List<?> list = (List<?>) input;
      if (list.get(0) instanceof Long) { // one array of token ids
        texts.add(list.toString());
        promptTokens += list.size();
      } else {
        for (Object o : list) {
          if (o instanceof String) {
            texts.add((String) o);
            promptTokens += Dialogue.words((String) o);
          } else if (o instanceof List) { // arrays of token ids
            texts.add(o.toString());
            promptTokens += ((List<?>) o).size();
          } else {
            throw new ApiError(400, "input: must be a string, an array of strings or token arrays");
          }
        }
      }
    } else {
      throw new ApiError(400, "input: must be a non-empty string or array");
    }
    Integer dims = intOrNull(body.get("dimensions"));
    int d = dims == null || dims == 0 ? DEFAULT_EMBEDDING_DIMENSIONS : dims;
    boolean base64 = "base64".equals(body.get("encoding_format"));
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      float[] v = vector(texts.get(i), d);
      Object embedding = v;
      if (base64) {
        ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
          buf.putFloat(f);
        }
        embedding = Base64.getEncoder().encodeToString(buf.array());
      }
      data.add(obj("object", "embedding", "index", i, "embedding", embedding));
    }
    Map<String, Object> answer = obj("object", "list", "data", data, "model", servedModel(model));
    if (!fault.noUsage) {
      answer.put("usage", obj("prompt_tokens", tokens(promptTokens, fault),
          "total_tokens", tokens(promptTokens, fault)));
    }
    sendJson(ex, 200, answer, fault);
  }

  /**
   * The embedding of a text: a unit vector drawn from a generator seeded with the text's hash (same text, same
   * vector).
   */
  public static float[] vector(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(text.hashCode());
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      v[i] = (float) (random.nextDouble() * 2 - 1);
      norm += v[i] * v[i];
    }
    norm = Math.sqrt(norm);
    for (int i = 0; i < dimensions && norm > 0; i++) {
      v[i] = (float) (v[i] / norm);
    }
    return v;
  }

  // ---------------------------------------------------------------- models

  private void models(HttpExchange ex, Protocol protocol, String id, Fault fault) throws IOException, ApiError {
    Set<String> ids = new LinkedHashSet<>(KNOWN_MODELS);
    ids.addAll(aliases.keySet());
    if (protocol == Protocol.ANTHROPIC) {
      List<Object> data = new ArrayList<>();
      for (String m : ids) {
        if (m.startsWith("claude")) {
          data.add(obj("type", "model", "id", m, "display_name", m, "created_at", "2025-01-01T00:00:00Z"));
        }
      }
      if (id != null) {
        for (Object m : data) {
          if (id.equals(((Map<?, ?>) m).get("id"))) {
            sendJson(ex, 200, m, fault);
            return;
          }
        }
        throw new ApiError(404, "model: " + id);
      }
      sendJson(ex, 200, obj("data", data, "has_more", false,
          "first_id", data.isEmpty() ? null : ((Map<?, ?>) data.get(0)).get("id"),
          "last_id", data.isEmpty() ? null : ((Map<?, ?>) data.get(data.size() - 1)).get("id")), fault);
      return;
    }
    List<Object> data = new ArrayList<>();
    for (String m : ids) {
      data.add(obj("id", m, "object", "model", "created", 1_700_000_000L,
          "owned_by", m.startsWith("claude") ? "anthropic" : "lantern"));
    }
    if (id != null) {
      for (Object m : data) {
        if (id.equals(((Map<?, ?>) m).get("id"))) {
          sendJson(ex, 200, m, fault);
          return;
        }
      }
      throw new ApiError(404, "The model '" + id + "' does not exist");
    }
    sendJson(ex, 200, obj("object", "list", "data", data), fault);
  }

  // ---------------------------------------------------------------- Anthropic messages

  private Dialogue anthropicDialogue(Map<String, Object> body) throws ApiError {
    Object messages = body.get("messages");
    if (!(messages instanceof List) || ((List<?>) messages).isEmpty()) {
      throw new ApiError(400, "messages: at least one message is required");
    }
    List<Dialogue.Turn> turns = new ArrayList<>();
    Object system = body.get("system");
    if (system != null) {
      turns.add(new Dialogue.Turn("system", text(system)));
    }
    for (Object m : (List<?>) messages) {
      if (!(m instanceof Map)) {
        throw new ApiError(400, "messages: each message must be an object");
      }
      Map<?, ?> msg = (Map<?, ?>) m;
      turns.add(new Dialogue.Turn(String.valueOf(msg.get("role")), text(msg.get("content"))));
    }
    return new Dialogue(turns);
  }

  private void countTokens(HttpExchange ex, Map<String, Object> body, Fault fault) throws IOException, ApiError {
    requireModel(body);
    Dialogue dialogue = anthropicDialogue(body);
    sendJson(ex, 200, obj("input_tokens", tokens(dialogue.inputWords(), fault)), fault);
  }

  private void messages(HttpExchange ex, Map<String, Object> body, Fault fault) throws IOException, ApiError {
    String model = requireModel(body);
    Integer maxTokens = intOrNull(body.get("max_tokens"));
    if (maxTokens == null) {
      throw new ApiError(400, "max_tokens: Field required");
    }
    Dialogue dialogue = anthropicDialogue(body);
    String reply = dialogue.reply();
    String stopReason = "end_turn";
    if (Dialogue.words(reply) > maxTokens) {
      reply = Dialogue.firstWords(reply, maxTokens);
      stopReason = "max_tokens";
    }
    long in = dialogue.inputWords();
    long out = Dialogue.words(reply);
    String id = nextId("msg_01Lantern");
    String served = servedModel(model);

    if (!isTrue(body.get("stream"))) {
      Map<String, Object> answer = obj(
          "id", id,
          "type", "message",
          "role", "assistant",
          "model", served,
          "content", arr(obj("type", "text", "text", reply)),
          "stop_reason", stopReason,
          "stop_sequence", null);
      if (!fault.noUsage) {
        answer.put("usage", anthropicUsage(tokens(in, fault), tokens(out, fault)));
      }
      sendJson(ex, 200, answer, fault);
      return;
    }
    List<SseEvent> events = new ArrayList<>();
    Map<String, Object> start = obj(
        "id", id,
        "type", "message",
        "role", "assistant",
        "model", served,
        "content", arr(),
        "stop_reason", null,
        "stop_sequence", null);
    if (!fault.noUsage) {
      // Like the real API: message_start carries the input tokens and a provisional output count of 1.
      start.put("usage", anthropicUsage(tokens(in, fault), tokens(Math.min(1, out), fault)));
    }
    events.add(SseEvent.named("message_start", Json.write(obj("type", "message_start", "message", start))));
    events.add(SseEvent.named("content_block_start", Json.write(obj("type", "content_block_start", "index", 0,
        "content_block", obj("type", "text", "text", "")))));
    events.add(SseEvent.named("ping", Json.write(obj("type", "ping"))));
    int firstContent = -1;
    for (String piece : pieces(reply)) {
      if (firstContent < 0) {
        firstContent = events.size();
      }
      events.add(SseEvent.named("content_block_delta", Json.write(obj("type", "content_block_delta", "index", 0,
          "delta", obj("type", "text_delta", "text", piece)))));
    }
    events.add(SseEvent.named("content_block_stop", Json.write(obj("type", "content_block_stop", "index", 0))));
    Map<String, Object> delta = obj("type", "message_delta",
        "delta", obj("stop_reason", stopReason, "stop_sequence", null));
    if (!fault.noUsage) {
      delta.put("usage", obj("output_tokens", tokens(out, fault)));
    }
    events.add(SseEvent.named("message_delta", Json.write(delta)));
    events.add(SseEvent.named("message_stop", Json.write(obj("type", "message_stop"))));
    int end = events.size();
    SseEvent error = SseEvent.named("error", Json.write(obj("type", "error",
        "error", obj("type", "overloaded_error", "message", "Overloaded (x-test-fault: stream-error)"))));
    stream(ex, events, breakPoint(firstContent, end), error, fault);
  }

  private static Map<String, Object> anthropicUsage(long in, long out) {
    return obj(
        "input_tokens", in,
        "cache_creation_input_tokens", 0,
        "cache_read_input_tokens", 0,
        "cache_creation", obj("ephemeral_5m_input_tokens", 0, "ephemeral_1h_input_tokens", 0),
        "output_tokens", out,
        "service_tier", "standard");
  }

  // ---------------------------------------------------------------- writing answers

  private record SseEvent(String name, String data) {
    static SseEvent data(String data) {
      return new SseEvent(null, data);
    }

    static SseEvent named(String name, String data) {
      return new SseEvent(name, data);
    }

    byte[] bytes() {
      StringBuilder sb = new StringBuilder();
      if (name != null) {
        sb.append("event: ").append(name).append('\n');
      }
      sb.append("data: ").append(data).append("\n\n");
      return sb.toString().getBytes(UTF_8);
    }
  }

  /**
   * Streams events. {@code break-stream}: only the events before {@code breakAt}, then the connection is dropped.
   * {@code stream-error}: the events before {@code breakAt}, then {@code error}, then a clean end.
   */
  private static void stream(HttpExchange ex, List<SseEvent> events, int breakAt, SseEvent error, Fault fault)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    int limit = fault.breakStream || fault.streamError ? breakAt : events.size();
    for (int i = 0; i < limit; i++) {
      if (fault.slowChunksMillis > 0) {
        sleep(fault.slowChunksMillis);
      }
      out.write(events.get(i).bytes());
      out.flush();
    }
    if (fault.breakStream) {
      throw new BrokenConnection();
    }
    if (fault.streamError) {
      out.write(error.bytes());
      out.flush();
    }
    ex.close();
  }

  private static void sendJson(HttpExchange ex, int status, Object body, Fault fault) throws IOException {
    byte[] bytes = Json.write(body).getBytes(UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    OutputStream out = ex.getResponseBody();
    if (fault.breakStream) {
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      throw new BrokenConnection();
    }
    out.write(bytes);
    ex.close();
  }

  private void sendError(HttpExchange ex, Protocol protocol, int status, String message) throws IOException {
    Object body;
    if (protocol == Protocol.ANTHROPIC) {
      String type;
      String text;
      switch (status) {
        case 400: type = "invalid_request_error"; text = "Invalid request"; break;
        case 401: type = "authentication_error"; text = "invalid x-api-key"; break;
        case 403: type = "permission_error"; text = "Your API key does not have permission to use the specified resource."; break;
        case 404: type = "not_found_error"; text = "Not found"; break;
        case 413: type = "request_too_large"; text = "Request exceeds the maximum allowed number of bytes."; break;
        case 429: type = "rate_limit_error"; text = "Number of requests has exceeded your rate limit."; break;
        case 529: type = "overloaded_error"; text = "Overloaded"; break;
        default:
          type = status >= 500 ? "api_error" : "invalid_request_error";
          text = status >= 500 ? "Internal server error" : "Invalid request";
      }
      body = obj("type", "error", "error", obj("type", type, "message", message != null ? message : text),
          "request_id", ex.getResponseHeaders().getFirst("request-id"));
    } else {
      String type;
      String code;
      String text;
      switch (status) {
        case 401: type = "invalid_request_error"; code = "invalid_api_key"; text = "Incorrect API key provided."; break;
        case 403: type = "invalid_request_error"; code = "unsupported_country_region_territory"; text = "Forbidden"; break;
        case 404: type = "invalid_request_error"; code = "model_not_found"; text = "Not found"; break;
        case 429: type = "requests"; code = "rate_limit_exceeded"; text = "Rate limit reached for requests."; break;
        case 503: type = "server_error"; code = "service_unavailable"; text = "The engine is currently overloaded, please try again later."; break;
        default:
          type = status >= 500 ? "server_error" : "invalid_request_error";
          code = null;
          text = status >= 500
              ? "The server had an error while processing your request. Sorry about that!"
              : "Invalid request";
      }
      body = obj("error", obj("message", message != null ? message : text, "type", type, "param", null,
          "code", code));
    }
    boolean retryable = status == 408 || status == 409 || status == 429 || status >= 500;
    if (retryable && retryAfterMillis >= 0) {
      ex.getResponseHeaders().set("retry-after-ms", String.valueOf(retryAfterMillis));
      ex.getResponseHeaders().set("retry-after", String.valueOf((retryAfterMillis + 999) / 1000));
    }
    sendJson(ex, status, body, Fault.NONE);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- control endpoints

  private void control(HttpExchange ex, String method, String path, String query) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        params.put(URLDecoder.decode(k, UTF_8), URLDecoder.decode(v, UTF_8));
      }
    }
    try {
      switch (method + " " + path) {
        case "GET /_lantern/health":
          sendJson(ex, 200, obj("status", "ok"), Fault.NONE);
          return;
        case "GET /_lantern/requests": {
          List<Object> list = new ArrayList<>();
          for (RecordedRequest r : requests) {
            list.add(r.toJson());
          }
          sendJson(ex, 200, list, Fault.NONE);
          return;
        }
        case "POST /_lantern/reset":
          reset();
          sendJson(ex, 200, obj("ok", true), Fault.NONE);
          return;
        case "POST /_lantern/fault": {
          String spec = params.getOrDefault("spec", "");
          String count = params.get("count");
          if (count == null || count.isEmpty()) {
            faultAll(spec);
          } else {
            faultNext(spec, Integer.parseInt(count));
          }
          sendJson(ex, 200, obj("ok", true), Fault.NONE);
          return;
        }
        case "POST /_lantern/alias": {
          String requested = params.get("requested");
          String served = params.get("served");
          if (requested == null || served == null) {
            throw new IllegalArgumentException("requested and served are required");
          }
          alias(requested, served);
          sendJson(ex, 200, obj("ok", true), Fault.NONE);
          return;
        }
        default:
          sendJson(ex, 404, obj("error", obj("message", "unknown control endpoint " + method + " " + path,
              "type", "invalid_request_error", "param", null, "code", null)), Fault.NONE);
      }
    } catch (IllegalArgumentException e) {
      sendJson(ex, 400, obj("error", obj("message", e.getMessage(), "type", "invalid_request_error",
          "param", null, "code", null)), Fault.NONE);
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stops listening at once and ends the server's threads. */
  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "LlmServer[" + baseUrl() + "]";
  }
}
