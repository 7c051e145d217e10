package dev.lantern.instrumentation.httpurlconnection;

import dev.lantern.agent.api.CallDepth;
import dev.lantern.agent.api.WeakStore;
import dev.lantern.agent.api.http.HttpClientCall;
import dev.lantern.agent.api.http.HttpClientTelemetry;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.HttpURLConnection;

/**
 * One CLIENT span per connection object, however many of its methods the application calls and
 * however they call each other ({@code getResponseCode → getInputStream → connect}, the https
 * delegate's {@code connect → plainConnect}): the per-thread depth keeps inner calls out, and the
 * store remembers the connection's call between the application's calls. Redirects and the
 * JDK's internal retry happen inside {@code getInputStream} on the same object, so they belong to
 * the same span, which records the final status. The propagation headers are set as request
 * properties before the connection is opened; the JDK keeps them on redirected requests.
 */
final class UrlConnectionCalls {

  private static final HttpClientTelemetry<HttpURLConnection> TELEMETRY =
      HttpClientTelemetry.create("http-url-connection", UrlConnectionAdapter.INSTANCE);

  private static final TextMapSetter<HttpURLConnection> SETTER =
      (connection, name, value) -> {
        if (connection != null) {
          connection.setRequestProperty(name, value);
        }
      };

  /** A connection whose span has ended, or that is not traced (a client call in progress). */
  private static final ConnectionState FINISHED = new ConnectionState(null);

  private static final WeakStore<HttpURLConnection, ConnectionState> STATES = new WeakStore<>();

  private UrlConnectionCalls() {}

  /** Null when nothing is to be done at exit besides the depth count. */
  static Object enter(HttpURLConnection connection, boolean connected) {
    if (CallDepth.forClass(HttpURLConnection.class).getAndIncrement() > 0) {
      return null;
    }
    ConnectionState state = STATES.get(connection);
    if (state == null) {
      HttpClientCall call = TELEMETRY.start(connection);
      if (call == null) {
        STATES.put(connection, FINISHED);
        return null;
      }
      STATES.put(connection, new ConnectionState(call));
      if (!connected) {
        try {
          call.inject(connection, SETTER);
        } catch (RuntimeException e) {
          // the request goes out without the headers; it is still traced on this side
        }
      }
      return new Entered(connection, call, null);
    }
    if (state.call == null) {
      return null;
    }
    return new Entered(connection, state.call, state.call.context().makeCurrent());
  }

  /** After {@code connect} or {@code getOutputStream}: only a failure ends the span here. */
  static void exitRequest(Object entered, Throwable error) {
    if (CallDepth.forClass(HttpURLConnection.class).decrementAndGet() > 0 || entered == null) {
      return;
    }
    Entered e = (Entered) entered;
    e.closeScope();
    if (error != null) {
      finish(e, -1, error);
    }
  }

  /**
   * After {@code getInputStream}: the response (or failure) ends the span. The JDK throws for
   * 4xx/5xx responses although a response arrived: then the status, not the exception, is what
   * the span and metric record.
   */
  static void exitResponse(Object entered, int responseCode, Throwable error) {
    if (CallDepth.forClass(HttpURLConnection.class).decrementAndGet() > 0 || entered == null) {
      return;
    }
    Entered e = (Entered) entered;
    e.closeScope();
    finish(e, responseCode, responseCode >= 100 ? null : error);
  }

  private static void finish(Entered entered, int status, Throwable error) {
    ConnectionState state = STATES.get(entered.connection);
    if (state == null || state.call != entered.call) {
      return;
    }
    STATES.put(entered.connection, FINISHED);
    TELEMETRY.end(entered.call, status, error);
  }

  static int trackedConnections() {
    return STATES.size();
  }

  private static final class ConnectionState {
    final HttpClientCall call;

    ConnectionState(HttpClientCall call) {
      this.call = call;
    }
  }

  /** What one outermost method call made current; {@code scope} is null for the first call. */
  private static final class Entered {
    final HttpURLConnection connection;
    final HttpClientCall call;
    final Scope scope;

    Entered(HttpURLConnection connection, HttpClientCall call, Scope scope) {
      this.connection = connection;
      this.call = call;
      this.scope = scope;
    }

    void closeScope() {
      if (scope == null) {
        call.closeScope();
      } else {
        scope.close();
      }
    }
  }
}
