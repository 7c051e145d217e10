package dev.lantern.agent.api.genai;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One GenAI call in flight. Its context is current while the SDK method runs, so the HTTP client
 * span underneath is its child and a GenAI SDK called by another (LangChain4j over the OpenAI SDK)
 * starts no second GenAI span. What the response says (model, id, usage, finish reasons, first
 * chunk) is collected here, possibly from a stream on another thread, and recorded when the call
 * ends.
 */
public final class GenAiCall {

  static final ContextKey<GenAiCall> KEY = ContextKey.named("lantern-genai-call");
  private static final int MAX_FINISH_REASONS = 16;

  final Span span;
  final long startNanos;
  final String operation;
  final String provider;
  final String requestModel;
  final boolean streaming;
  private final Context context;
  private Scope scope;
  private final AtomicBoolean ended = new AtomicBoolean();

  volatile String responseModel;
  volatile String responseId;
  volatile long inputTokens = -1;
  volatile long outputTokens = -1;
  volatile long firstChunkNanos;
  volatile String errorType;
  volatile String providerErrorType;
  volatile int httpStatus;
  private final List<String> finishReasons = new ArrayList<>(2);
  private final StringBuilder output;
  private final int outputMax;

  GenAiCall(Context parent, Span span, long startNanos, GenAiRequest request, int outputMax) {
    this.span = span;
    this.startNanos = startNanos;
    this.operation = request.operation;
    this.provider = request.provider;
    this.requestModel = request.model;
    this.streaming = request.streaming;
    this.output = outputMax > 0 ? new StringBuilder() : null;
    this.outputMax = outputMax;
    this.context = parent.with(span).with(KEY, this);
    this.scope = context.makeCurrent();
  }

  static boolean inProgress(Context context) {
    return context.get(KEY) != null;
  }

  public Context context() {
    return context;
  }

  /** Restores the caller's context; call on the thread that started the call, at method exit. */
  public void closeScope() {
    Scope s = scope;
    if (s != null) {
      scope = null;
      s.close();
    }
  }

  public void responseModel(String model) {
    if (model != null && !model.isEmpty()) {
      responseModel = model;
    }
  }

  public void responseId(String id) {
    if (id != null && !id.isEmpty()) {
      responseId = id.length() > 128 ? id.substring(0, 128) : id;
    }
  }

  /** Token counts as the provider reports them; negative values are treated as absent. */
  public void inputTokens(long tokens) {
    inputTokens = tokens;
  }

  public void outputTokens(long tokens) {
    outputTokens = tokens;
  }

  public synchronized void finishReason(String reason) {
    if (reason != null && !reason.isEmpty() && finishReasons.size() < MAX_FINISH_REASONS) {
      finishReasons.add(reason.length() > 64 ? reason.substring(0, 64) : reason);
    }
  }

  synchronized List<String> finishReasons() {
    return finishReasons.isEmpty()
        ? Collections.<String>emptyList()
        : new ArrayList<>(finishReasons);
  }

  /** Marks the arrival of the first chunk of content of a stream; later calls are ignored. */
  public void firstChunk() {
    if (firstChunkNanos == 0) {
      firstChunkNanos = System.nanoTime();
    }
  }

  /** A low-cardinality error type to use instead of the exception's class name. */
  public void errorType(String type) {
    errorType = type;
  }

  /** The provider's own error code or type from the error body, e.g. {@code rate_limit_error}. */
  public void providerError(int status, String type) {
    httpStatus = status;
    if (type != null && !type.isEmpty()) {
      providerErrorType = type.length() > 64 ? type.substring(0, 64) : type;
    }
  }

  /** Whether completion text is being captured, so that streams know to call {@link #appendOutput}. */
  public boolean capturesOutput() {
    return output != null;
  }

  public synchronized void appendOutput(String text) {
    if (output != null && text != null && output.length() <= outputMax) {
      output.append(text, 0, Math.min(text.length(), outputMax + 1 - output.length()));
    }
  }

  /** Whether some completion text has been captured already (from stream chunks). */
  public synchronized boolean outputCaptured() {
    return output != null && output.length() > 0;
  }

  synchronized String outputText() {
    return output == null || output.length() == 0 ? null : output.toString();
  }

  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }
}
