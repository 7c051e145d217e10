package dev.lantern.agent.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "page=2&size=10|page=2&size=10",
        "token=abc|token=REDACTED",
        "a=1&access_token=xyz&b=2|a=1&access_token=REDACTED&b=2",
        "X-Amz-Signature=abc&X-Amz-Date=1|X-Amz-Signature=REDACTED&X-Amz-Date=1",
        "sig=1&api_key=k&password=p|sig=REDACTED&api_key=REDACTED&password=REDACTED",
        "flag&token=t|flag&token=REDACTED",
        "token|token",
        "&&token=1&|&&token=REDACTED&",
        "SessionId=5|SessionId=REDACTED",
      })
  void redactsValuesOfSecretLookingParameters(String query, String expected) {
    assertEquals(expected, UrlRedaction.redactQuery(query));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "http://host/path|http://host/path",
        "https://user:pw@host:8443/p?q=1|https://host:8443/p?q=1",
        "http://host/p?client_secret=s#frag|http://host/p?client_secret=REDACTED#frag",
        "http://u@host?token=1|http://host?token=REDACTED",
        "http://host/a@b|http://host/a@b",
      })
  void redactsUserInfoAndQueryOfUrls(String url, String expected) {
    assertEquals(expected, UrlRedaction.redactUrl(url));
  }

  @org.junit.jupiter.api.Test
  void returnsTheSameInstanceWhenNothingChanges() {
    String query = "page=1&sort=name";
    assertSame(query, UrlRedaction.redactQuery(query));
    String url = "http://h/p?page=1";
    assertSame(url, UrlRedaction.redactUrl(url));
  }
}
