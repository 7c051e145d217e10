package dev.lantern.instrumentation.anthropicjava;

import com.anthropic.core.ClientOptions;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Usage;
import dev.lantern.agent.api.genai.GenAiCall;
import dev.lantern.agent.api.genai.GenAiMessages;
import dev.lantern.agent.api.genai.GenAiProviders;
import dev.lantern.agent.api.genai.GenAiProxies;
import dev.lantern.agent.api.genai.GenAiRequest;
import dev.lantern.agent.api.genai.GenAiTelemetry;
import dev.lantern.agent.api.genai.ObservedStream;
import dev.lantern.agent.api.genai.StreamObserver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Starts the GenAI span before the SDK sends a message request and ends it when the message is
 * parsed, the async future completes, or the event stream ends, fails or is closed. The SDK's own
 * OpenTelemetry spans (3.x, when the application registers a GlobalOpenTelemetry) are the
 * application's business and go to the application's SDK; this span goes to Lantern's.
 */
final class AnthropicCalls {

  static final GenAiTelemetry TELEMETRY = GenAiTelemetry.create("anthropic-java");

  private AnthropicCalls() {}

  static Object start(Object params, Object options, boolean streaming) {
    if (!(params instanceof MessageCreateParams)) {
      return null;
    }
    MessageCreateParams p = (MessageCreateParams) params;
    String baseUrl = options instanceof ClientOptions ? get(((ClientOptions) options)::baseUrl) : null;
    GenAiRequest request =
        new GenAiRequest()
            .provider(GenAiProviders.ANTHROPIC)
            .server(baseUrl)
            .streaming(streaming)
            .model(get(() -> p.model().asString()))
            .maxTokens(get(p::maxTokens))
            .stopSequences(get(() -> p.stopSequences().orElse(null)));
    if (GenAiRequest.capturesContent()) {
      request.inputMessages(get(() -> messages(p)));
    }
    return TELEMETRY.start(request);
  }

  private static GenAiMessages messages(MessageCreateParams p) {
    GenAiMessages messages = new GenAiMessages();
    p.system().filter(s -> s.isString()).ifPresent(s -> messages.add("system", s.asString()));
    for (MessageParam m : p.messages()) {
      if (m.content().isString()) {
        messages.add(m.role().asString(), m.content().asString());
      }
    }
    return messages;
  }

  static void endCreate(Object state, Object result, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return;
    }
    call.closeScope();
    if (result instanceof CompletableFuture) {
      ((CompletableFuture<?>) result)
          .whenComplete((BiConsumer<Object, Throwable>) (message, failure) -> end(call, message, failure));
    } else {
      end(call, result, error);
    }
  }

  static void end(GenAiCall call, Object result, Throwable error) {
    try {
      if (result instanceof Message) {
        message(call, (Message) result);
      }
      serviceError(call, error);
    } finally {
      TELEMETRY.end(call, error);
    }
  }

  static void message(GenAiCall call, Message message) {
    call.responseId(get(message::id));
    call.responseModel(get(() -> message.model().asString()));
    call.finishReason(get(() -> message.stopReason().map(r -> r.asString()).orElse(null)));
    Usage usage = get(message::usage);
    if (usage != null) {
      Long input = get(usage::inputTokens);
      Long output = get(usage::outputTokens);
      if (input != null) {
        call.inputTokens(input);
      }
      if (output != null) {
        call.outputTokens(output);
      }
    }
    if (call.capturesOutput()) {
      java.util.List<ContentBlock> blocks = get(message::content);
      if (blocks != null) {
        for (ContentBlock block : blocks) {
          call.appendOutput(get(() -> block.text().map(t -> t.text()).orElse(null)));
        }
      }
    }
  }

  static void serviceError(GenAiCall call, Throwable error) {
    Throwable t = error;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof AnthropicServiceException) {
      AnthropicServiceException e = (AnthropicServiceException) t;
      call.providerError(e.statusCode(), get(() -> errorType(e.body())));
    }
  }

  /** {@code {"type":"error","error":{"type":"rate_limit_error",...}}} gives rate_limit_error. */
  private static String errorType(JsonValue body) {
    Optional<Map<String, JsonValue>> root = body.asObject();
    if (!root.isPresent() || root.get().get("error") == null) {
      return null;
    }
    Optional<Map<String, JsonValue>> error = root.get().get("error").asObject();
    if (!error.isPresent() || error.get().get("type") == null) {
      return null;
    }
    Object type = error.get().get("type").asString().orElse(null);
    return type instanceof String ? (String) type : null;
  }

  /** {@code null} (keep the SDK's stream) or {the stream proxy}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object[] endStreaming(Object state, Object stream, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return null;
    }
    call.closeScope();
    if (stream instanceof StreamResponse && error == null) {
      return new Object[] {blockingStream(call, (StreamResponse<?>) stream)};
    }
    if (stream instanceof AsyncStreamResponse && error == null) {
      return new Object[] {asyncStream(call, (AsyncStreamResponse<?>) stream)};
    }
    end(call, null, error);
    return null;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object blockingStream(GenAiCall call, StreamResponse<?> delegate) {
    StreamObserver observer = new EventObserver(call);
    return GenAiProxies.create(
        StreamResponse.class,
        delegate,
        (p, method, args) -> {
          String name = method.getName();
          if (args == null && name.equals("stream")) {
            return ObservedStream.wrap(delegate.stream(), observer);
          }
          if (args == null && name.equals("iterator")) {
            return ((StreamResponse<?>) p).stream().iterator();
          }
          if (args == null && name.equals("close")) {
            try {
              delegate.close();
            } finally {
              observer.onEnd(null);
            }
            return null;
          }
          return GenAiProxies.FORWARD;
        });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object asyncStream(GenAiCall call, AsyncStreamResponse<?> delegate) {
    StreamObserver observer = new EventObserver(call);
    return GenAiProxies.create(
        AsyncStreamResponse.class,
        delegate,
        (p, method, args) -> {
          String name = method.getName();
          if (name.equals("subscribe") && args != null && args.length >= 1 && args[0] != null) {
            Object[] wrapped = args.clone();
            wrapped[0] = observingHandler((AsyncStreamResponse.Handler) args[0], observer);
            GenAiProxies.invoke(method, delegate, wrapped);
            return p;
          }
          if (args == null && name.equals("close")) {
            try {
              delegate.close();
            } finally {
              observer.onEnd(null);
            }
            return null;
          }
          return GenAiProxies.FORWARD;
        });
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AsyncStreamResponse.Handler observingHandler(
      AsyncStreamResponse.Handler handler, StreamObserver observer) {
    return GenAiProxies.create(
        AsyncStreamResponse.Handler.class,
        handler,
        (p, method, args) -> {
          try {
            if (method.getName().equals("onNext") && args != null && args.length == 1) {
              observer.onChunk(args[0]);
            } else if (method.getName().equals("onComplete") && args != null && args.length == 1) {
              Object error = args[0] instanceof Optional ? ((Optional<?>) args[0]).orElse(null) : null;
              observer.onEnd((Throwable) error);
            }
          } catch (Throwable ignored) {
            // the application's handler runs whatever happens here
          }
          return GenAiProxies.FORWARD;
        });
  }

  /**
   * message_start gives id, model and input tokens; message_delta gives the final output tokens
   * (a replacement, not an increment) and the stop reason; text deltas mark the first token.
   */
  static final class EventObserver implements StreamObserver<Object> {
    private final GenAiCall call;

    EventObserver(GenAiCall call) {
      this.call = call;
    }

    @Override
    public void onChunk(Object chunk) {
      if (!(chunk instanceof RawMessageStreamEvent)) {
        return;
      }
      RawMessageStreamEvent event = (RawMessageStreamEvent) chunk;
      if (event.isMessageStart()) {
        Message message = get(() -> event.asMessageStart().message());
        if (message != null) {
          call.responseId(get(message::id));
          call.responseModel(get(() -> message.model().asString()));
          Long input = get(() -> message.usage().inputTokens());
          if (input != null) {
            call.inputTokens(input);
          }
        }
      } else if (event.isContentBlockDelta()) {
        String text = get(() -> event.asContentBlockDelta().delta().text().map(t -> t.text()).orElse(null));
        if (text != null) {
          call.firstChunk();
          call.appendOutput(text);
        }
      } else if (event.isMessageDelta()) {
        RawMessageDeltaEvent delta = event.asMessageDelta();
        Long output = get(() -> delta.usage().outputTokens());
        if (output != null) {
          call.outputTokens(output);
        }
        Long input = get(() -> delta.usage().inputTokens().orElse(null));
        if (input != null) {
          call.inputTokens(input);
        }
        call.finishReason(get(() -> delta.delta().stopReason().map(r -> r.asString()).orElse(null)));
      }
    }

    @Override
    public void onEnd(Throwable error) {
      serviceError(call, error);
      TELEMETRY.end(call, error);
    }
  }

  static <T> T get(Supplier<T> accessor) {
    try {
      return accessor.get();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
