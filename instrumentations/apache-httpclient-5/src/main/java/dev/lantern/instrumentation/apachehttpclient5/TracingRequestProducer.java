package dev.lantern.instrumentation.apachehttpclient5;

import java.io.IOException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/** The application's producer, with the request passing the {@link AsyncCall} on its way out. */
final class TracingRequestProducer implements AsyncRequestProducer {

  private final AsyncRequestProducer delegate;
  private final AsyncCall call;

  TracingRequestProducer(AsyncRequestProducer delegate, AsyncCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public void sendRequest(RequestChannel channel, HttpContext context)
      throws HttpException, IOException {
    delegate.sendRequest(
        (request, entityDetails, httpContext) -> {
          call.requestReady(request);
          channel.sendRequest(request, entityDetails, httpContext);
        },
        context);
  }

  @Override
  public boolean isRepeatable() {
    return delegate.isRepeatable();
  }

  @Override
  public void failed(Exception cause) {
    delegate.failed(cause);
  }

  @Override
  public int available() {
    return delegate.available();
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    delegate.produce(channel);
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}
