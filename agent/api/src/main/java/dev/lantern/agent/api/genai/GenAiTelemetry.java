package dev.lantern.agent.api.genai;

import dev.lantern.agent.api.health.DependencyHealth;
import dev.lantern.agent.api.AgentRuntime;
import dev.lantern.agent.api.LanternThread;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * GenAI CLIENT spans named {@code <operation> <model>} with the GenAI semantic-convention
 * attributes, and the GenAI metrics (duration, tokens, calls, time to first chunk, cost).
 *
 * <pre>{@code
 * GenAiCall call = TELEMETRY.start(new GenAiRequest().provider("openai").model("gpt-4o"));
 * try { ... call.responseModel(..); call.inputTokens(..); ... } finally { call.closeScope(); }
 * TELEMETRY.end(call, error);    // once the answer (or the stream) is complete
 * }</pre>
 */
public final class GenAiTelemetry {

  private final Tracer tracer;
  private final GenAiMetrics metrics;
  private final GenAiSettings settings;

  private GenAiTelemetry(String moduleName) {
    this.tracer = AgentRuntime.tracer(moduleName);
    this.metrics = GenAiMetrics.get();
    this.settings = GenAiSettings.get();
  }

  public static GenAiTelemetry create(String moduleName) {
    return new GenAiTelemetry(moduleName);
  }

  /** Whether a GenAI call is in progress in the current context (a nested SDK call). */
  public static boolean inProgress() {
    return GenAiCall.inProgress(Context.current());
  }

  /**
   * Starts the span as a child of the current context and makes it current; null inside another
   * GenAI call (one span per logical call) and on the agent's own threads.
   */
  public GenAiCall start(GenAiRequest request) {
    Context parent = Context.current();
    if (request == null || GenAiCall.inProgress(parent) || LanternThread.isCurrent()) {
      return null;
    }
    long startNanos = System.nanoTime();
    String operation = request.operation == null ? GenAiAttributes.OPERATION_CHAT : request.operation;
    request.operation = operation;
    String model = request.model;
    SpanBuilder builder =
        tracer
            .spanBuilder(model == null || model.isEmpty() ? operation : operation + " " + model)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(parent)
            .setAttribute(GenAiAttributes.OPERATION_NAME, operation);
    setIfPresent(builder, GenAiAttributes.PROVIDER_NAME, request.provider);
    setIfPresent(builder, GenAiAttributes.REQUEST_MODEL, model);
    setIfPresent(builder, GenAiAttributes.SERVER_ADDRESS, request.serverAddress);
    if (request.serverPort > 0) {
      builder.setAttribute(GenAiAttributes.SERVER_PORT, (long) request.serverPort);
    }
    if (request.streaming) {
      builder.setAttribute(GenAiAttributes.STREAMING, true);
    }
    setIfPresent(builder, GenAiAttributes.REQUEST_TEMPERATURE, request.temperature);
    setIfPresent(builder, GenAiAttributes.REQUEST_TOP_P, request.topP);
    setIfPresent(builder, GenAiAttributes.REQUEST_TOP_K, request.topK);
    setIfPresent(builder, GenAiAttributes.REQUEST_MAX_TOKENS, request.maxTokens);
    setIfPresent(builder, GenAiAttributes.REQUEST_FREQUENCY_PENALTY, request.frequencyPenalty);
    setIfPresent(builder, GenAiAttributes.REQUEST_PRESENCE_PENALTY, request.presencePenalty);
    setIfPresent(builder, GenAiAttributes.REQUEST_SEED, request.seed);
    setIfPresent(builder, GenAiAttributes.REQUEST_CHOICE_COUNT, request.choiceCount);
    setIfPresent(builder, GenAiAttributes.REQUEST_STOP_SEQUENCES, request.stopSequences);
    if (request.encodingFormat != null) {
      builder.setAttribute(
          GenAiAttributes.REQUEST_ENCODING_FORMATS,
          java.util.Collections.singletonList(request.encodingFormat));
    }
    setIfPresent(builder, GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, request.dimensions);
    boolean capture = settings.captureContent;
    if (capture && request.inputMessages != null && !request.inputMessages.isEmpty()) {
      builder.setAttribute(GenAiAttributes.INPUT_MESSAGES, request.inputMessages.toJson());
    }
    Span span = builder.startSpan();
    return new GenAiCall(
        parent, span, startNanos, request, capture ? settings.maxContentLength : 0);
  }

  /** Ends the span once (later calls are ignored) and records the metrics. */
  public void end(GenAiCall call, Throwable error) {
    if (call == null || !call.markEnded()) {
      return;
    }
    long endNanos = System.nanoTime();
    Span span = call.span;
    String responseModel = call.responseModel;
    setIfPresent(span, GenAiAttributes.RESPONSE_MODEL, responseModel);
    setIfPresent(span, GenAiAttributes.RESPONSE_ID, call.responseId);
    List<String> reasons = call.finishReasons();
    if (!reasons.isEmpty()) {
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, reasons);
    }
    long input = call.inputTokens;
    long output = call.outputTokens;
    if (input >= 0) {
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input);
    }
    if (output >= 0) {
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output);
    }
    double firstChunkSeconds = -1;
    if (call.streaming && call.firstChunkNanos != 0) {
      firstChunkSeconds = (call.firstChunkNanos - call.startNanos) / 1e9;
      span.setAttribute(GenAiAttributes.RESPONSE_TIME_TO_FIRST_CHUNK, firstChunkSeconds);
    }
    String outputText = call.outputText();
    if (outputText != null) {
      String reason = reasons.isEmpty() ? null : reasons.get(0);
      span.setAttribute(
          GenAiAttributes.OUTPUT_MESSAGES,
          new GenAiMessages(settings.maxContentLength).add("assistant", outputText, reason).toJson());
    }
    String errorType = null;
    Throwable cause = unwrap(error);
    if (cause != null) {
      errorType = call.errorType != null ? call.errorType : cause.getClass().getName();
      span.recordException(cause);
      span.setStatus(StatusCode.ERROR, truncate(String.valueOf(cause.getMessage()), 256));
    } else if (call.errorType != null) {
      errorType = call.errorType;
      span.setStatus(StatusCode.ERROR);
    }
    if (errorType != null) {
      span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType);
    }
    if (call.httpStatus > 0) {
      span.setAttribute(GenAiAttributes.HTTP_STATUS_CODE, (long) call.httpStatus);
    }
    setIfPresent(span, GenAiAttributes.PROVIDER_ERROR_TYPE, call.providerErrorType);

    ModelNames models = GenAiModels.labels(settings);
    String operation = call.operation;
    String provider = call.provider == null ? "" : truncate(call.provider, 64);
    String requestModel = models.label(call.requestModel);
    String responseLabel = models.label(responseModel);
    String errorLabel = errorType == null ? "" : truncate(errorType, 128);
    metrics
        .duration
        .get(operation, provider, requestModel, responseLabel, errorLabel)
        .observe((endNanos - call.startNanos) / 1e9);
    metrics
        .calls
        .get(operation, provider, requestModel, errorType == null ? "ok" : "error", errorLabel)
        .inc();
    if (firstChunkSeconds >= 0) {
      metrics
          .timeToFirstChunk
          .get(operation, provider, requestModel, responseLabel)
          .observe(firstChunkSeconds);
    }
    if (input >= 0) {
      metrics.tokens.get(operation, provider, requestModel, responseLabel, "input").observe(input);
    }
    if (output >= 0) {
      metrics.tokens.get(operation, provider, requestModel, responseLabel, "output").observe(output);
    }
    if (input > 0 || output > 0) {
      recordCost(span, provider, call.requestModel, responseModel, input, output, models);
    }
    DependencyHealth.record("llm", provider, requestModel, endNanos - call.startNanos, errorType != null);
    span.end();
  }

  private void recordCost(
      Span span,
      String provider,
      String requestModel,
      String responseModel,
      long input,
      long output,
      ModelNames models) {
    String billed = responseModel != null ? responseModel : requestModel;
    PriceTable.Price price = PriceTable.get().lookup(billed);
    if (price == null && responseModel != null) {
      price = PriceTable.get().lookup(requestModel);
    }
    if (price == null) {
      GenAiModels.reportUnpriced(billed);
      return;
    }
    double inputCost = input > 0 ? price.inputCost(input) : 0;
    double outputCost = output > 0 ? price.outputCost(output) : 0;
    span.setAttribute(GenAiAttributes.COST_USD, inputCost + outputCost);
    String label = models.label(billed);
    if (input > 0) {
      metrics.cost.get(provider, label, "input").inc(inputCost);
    }
    if (output > 0) {
      metrics.cost.get(provider, label, "output").inc(outputCost);
    }
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String truncate(String value, int max) {
    return value.length() > max ? value.substring(0, max) : value;
  }

  private static <T> void setIfPresent(
      SpanBuilder builder, io.opentelemetry.api.common.AttributeKey<T> key, T value) {
    if (value != null) {
      builder.setAttribute(key, value);
    }
  }

  private static <T> void setIfPresent(
      Span span, io.opentelemetry.api.common.AttributeKey<T> key, T value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }
}
