package dev.lantern.agent.api.genai;

/**
 * What a GenAI instrumentation does with a streamed answer: look at each chunk, end the call when
 * the stream is exhausted, fails, or is closed early. Implementations must not throw (they are
 * guarded anyway) and must tolerate being told twice that the stream is over.
 */
public interface StreamObserver<T> {

  void onChunk(T chunk);

  /** The stream ended: normally ({@code error == null}), with a failure, or closed before its end. */
  void onEnd(Throwable error);
}
