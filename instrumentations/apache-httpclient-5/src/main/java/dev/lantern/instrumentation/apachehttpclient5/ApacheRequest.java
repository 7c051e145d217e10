package dev.lantern.instrumentation.apachehttpclient5;

import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;

/** A request and the target it goes to; the target may be null when the request names it. */
final class ApacheRequest {
  final HttpHost target;
  final HttpRequest request;

  ApacheRequest(HttpHost target, HttpRequest request) {
    this.target = target;
    this.request = request;
  }
}
