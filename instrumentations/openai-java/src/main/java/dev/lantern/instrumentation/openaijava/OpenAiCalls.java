package dev.lantern.instrumentation.openaijava;

import com.openai.core.ClientOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseStreamEvent;
import dev.lantern.agent.api.genai.GenAiCall;
import dev.lantern.agent.api.genai.GenAiProxies;
import dev.lantern.agent.api.genai.GenAiRequest;
import dev.lantern.agent.api.genai.GenAiTelemetry;
import dev.lantern.agent.api.genai.ObservedStream;
import dev.lantern.agent.api.genai.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * What the advice does: start the GenAI span before the SDK sends the request, and end it when the
 * answer is parsed, when the async future completes, or when a stream is exhausted, fails or is
 * closed. Streams handed to the application are proxies yielding exactly the SDK's items.
 */
final class OpenAiCalls {

  static final GenAiTelemetry TELEMETRY = GenAiTelemetry.create("openai-java");

  private OpenAiCalls() {}

  static Object start(Object params, Object options, boolean streaming) {
    GenAiRequest request = OpenAiRequests.describe(params, (ClientOptions) options, streaming);
    return request == null ? null : TELEMETRY.start(request);
  }

  static void endBlocking(Object state, Object result, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return;
    }
    call.closeScope();
    end(call, result, error);
  }

  static void endAsync(Object state, Object future, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return;
    }
    call.closeScope();
    if (error != null || !(future instanceof CompletableFuture)) {
      end(call, null, error);
      return;
    }
    // observe the future without changing what the application gets back
    ((CompletableFuture<?>) future).whenComplete((BiConsumer<Object, Throwable>) (r, e) -> end(call, r, e));
  }

  static void end(GenAiCall call, Object result, Throwable error) {
    try {
      if (result instanceof ChatCompletion) {
        OpenAiResponses.chat(call, (ChatCompletion) result);
      } else if (result instanceof Response) {
        OpenAiResponses.response(call, (Response) result);
      } else if (result instanceof CreateEmbeddingResponse) {
        OpenAiResponses.embeddings(call, (CreateEmbeddingResponse) result);
      }
      serviceError(call, error);
    } finally {
      TELEMETRY.end(call, error);
    }
  }

  static void serviceError(GenAiCall call, Throwable error) {
    Throwable t = error;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof OpenAIServiceException) {
      OpenAIServiceException e = (OpenAIServiceException) t;
      String code = null;
      try {
        code = e.code().orElse(e.type().orElse(null));
      } catch (RuntimeException ignored) {
        // an error body the SDK could not read: the status alone
      }
      call.providerError(e.statusCode(), code);
    }
  }

  /** {@code null} (keep the SDK's stream) or {the stream proxy}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object[] endStreaming(Object state, Object stream, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return null;
    }
    call.closeScope();
    if (error != null || !(stream instanceof StreamResponse)) {
      end(call, null, error);
      return null;
    }
    StreamObserver observer = new ChunkObserver(call);
    StreamResponse<?> delegate = (StreamResponse<?>) stream;
    Object proxy =
        GenAiProxies.create(
            StreamResponse.class,
            delegate,
            (p, method, args) -> {
              if (args == null && method.getName().equals("stream")) {
                return ObservedStream.wrap(delegate.stream(), observer);
              }
              if (args == null && method.getName().equals("close")) {
                try {
                  delegate.close();
                } finally {
                  observer.onEnd(null);
                }
                return null;
              }
              return GenAiProxies.FORWARD;
            });
    return new Object[] {proxy};
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static Object[] endAsyncStreaming(Object state, Object stream, Throwable error) {
    GenAiCall call = (GenAiCall) state;
    if (call == null) {
      return null;
    }
    call.closeScope();
    if (error != null || !(stream instanceof AsyncStreamResponse)) {
      end(call, null, error);
      return null;
    }
    StreamObserver observer = new ChunkObserver(call);
    AsyncStreamResponse<?> delegate = (AsyncStreamResponse<?>) stream;
    Object proxy =
        GenAiProxies.create(
            AsyncStreamResponse.class,
            delegate,
            (p, method, args) -> {
              String name = method.getName();
              if (name.equals("subscribe") && args != null && args.length >= 1) {
                Object[] wrapped = args.clone();
                wrapped[0] = observingHandler((AsyncStreamResponse.Handler) args[0], observer);
                GenAiProxies.invoke(method, delegate, wrapped);
                return p; // the SDK returns itself; the application keeps the proxy
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
    return new Object[] {proxy};
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static AsyncStreamResponse.Handler observingHandler(
      AsyncStreamResponse.Handler handler, StreamObserver observer) {
    if (handler == null) {
      return null;
    }
    return GenAiProxies.create(
        AsyncStreamResponse.Handler.class,
        handler,
        (p, method, args) -> {
          if (method.getName().equals("onNext") && args != null && args.length == 1) {
            try {
              observer.onChunk(args[0]);
            } catch (Throwable ignored) {
              // the application gets its chunk whatever happens here
            }
          } else if (method.getName().equals("onComplete") && args != null && args.length == 1) {
            Object error = args[0] instanceof java.util.Optional ? ((java.util.Optional<?>) args[0]).orElse(null) : null;
            try {
              observer.onEnd((Throwable) error);
            } catch (Throwable ignored) {
              // as above
            }
          }
          return GenAiProxies.FORWARD;
        });
  }

  /** Reads chat chunks and Responses events; ends the call when the stream is over. */
  static final class ChunkObserver implements StreamObserver<Object> {
    private final GenAiCall call;

    ChunkObserver(GenAiCall call) {
      this.call = call;
    }

    @Override
    public void onChunk(Object chunk) {
      if (chunk instanceof ChatCompletionChunk) {
        OpenAiResponses.chatChunk(call, (ChatCompletionChunk) chunk);
      } else if (chunk instanceof ResponseStreamEvent) {
        OpenAiResponses.responseEvent(call, (ResponseStreamEvent) chunk);
      }
    }

    @Override
    public void onEnd(Throwable error) {
      serviceError(call, error);
      TELEMETRY.end(call, error);
    }
  }
}
