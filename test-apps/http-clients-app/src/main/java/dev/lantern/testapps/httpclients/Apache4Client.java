package dev.lantern.testapps.httpclients;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.RequestBuilder;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/** Apache HttpClient 4.5 classic. */
final class Apache4Client implements ClientCall {

  private final CloseableHttpClient client = HttpClients.createDefault();

  @Override
  public Outcome call(String method, String url, String body, int timeoutMillis) throws Exception {
    RequestBuilder request =
        RequestBuilder.create(method)
            .setUri(url)
            .setConfig(
                RequestConfig.custom()
                    .setConnectTimeout(timeoutMillis)
                    .setSocketTimeout(timeoutMillis)
                    .build());
    if (body != null) {
      request.setEntity(new StringEntity(body));
    }
    try (CloseableHttpResponse response = client.execute(request.build())) {
      String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
      return Outcome.response(response.getStatusLine().getStatusCode(), text);
    }
  }
}
