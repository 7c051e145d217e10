package dev.lantern.testapps.httpclients;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/** Apache HttpClient 5 classic and async, with only API that 5.1 already has. */
final class Apache5Clients {

  static final CloseableHttpClient CLASSIC_CLIENT = HttpClients.createDefault();
  private static final CloseableHttpAsyncClient ASYNC_CLIENT = HttpAsyncClients.createDefault();

  static {
    ASYNC_CLIENT.start();
  }

  private Apache5Clients() {}

  @SuppressWarnings("deprecation") // setConnectTimeout moved to ConnectionConfig in 5.2; 5.1 has only this
  static RequestConfig config(int timeoutMillis) {
    return RequestConfig.custom()
        .setConnectTimeout(Timeout.ofMilliseconds(timeoutMillis))
        .setResponseTimeout(Timeout.ofMilliseconds(timeoutMillis))
        .build();
  }

  static final ClientCall CLASSIC = (method, url, body, timeoutMillis) -> {
    HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
    request.setConfig(config(timeoutMillis));
    if (body != null) {
      request.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
    }
    return CLASSIC_CLIENT.execute(request, response -> Outcome.response(
        response.getCode(), response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
  };

  static final ClientCall ASYNC = (method, url, body, timeoutMillis) -> {
    SimpleHttpRequest request = new SimpleHttpRequest(method, URI.create(url));
    request.setConfig(config(timeoutMillis));
    if (body != null) {
      request.setBody(body, ContentType.TEXT_PLAIN);
    }
    // no callback: the application waits on the future
    SimpleHttpResponse response = ASYNC_CLIENT.execute(request, null).get(30, TimeUnit.SECONDS);
    return Outcome.response(response.getCode(), response.getBodyText() == null ? "" : response.getBodyText());
  };
}
