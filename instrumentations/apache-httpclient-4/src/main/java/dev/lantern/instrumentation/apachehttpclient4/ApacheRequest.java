package dev.lantern.instrumentation.apachehttpclient4;

import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;

/** What {@code doExecute} receives: the target may be null when the request's URI is absolute. */
final class ApacheRequest {
  final HttpHost target;
  final HttpRequest request;

  ApacheRequest(HttpHost target, HttpRequest request) {
    this.target = target;
    this.request = request;
  }
}
