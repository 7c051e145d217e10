package dev.lantern.instrumentation.httpurlconnection;

import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code connect()}, {@code getOutputStream()} and {@code getInputStream()} of {@code
 * sun.net.www.protocol.http.HttpURLConnection}, and the https delegate's own {@code connect()}.
 * Whichever the application calls first starts the request's span; {@code getInputStream()} (which
 * {@code getResponseCode()}, {@code getHeaderField()} and friends call) ends it. The advice names
 * only {@code java.net.HttpURLConnection}: the {@code sun.net} package is not exported.
 */
public final class UrlConnectionInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(
        "sun.net.www.protocol.http.HttpURLConnection",
        "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        namedOneOf("connect", "getOutputStream").and(isPublic()).and(takesArguments(0)),
        getClass().getName() + "$RequestAdvice");
    transformer.applyAdviceToMethod(
        named("getInputStream").and(isPublic()).and(takesArguments(0)),
        getClass().getName() + "$ResponseAdvice");
  }

  @SuppressWarnings("unused")
  public static final class RequestAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.This HttpURLConnection connection,
        @Advice.FieldValue("connected") boolean connected) {
      return UrlConnectionCalls.enter(connection, connected);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object state,
        @Advice.Thrown Throwable error) {
      UrlConnectionCalls.exitRequest(state, error);
    }
  }

  @SuppressWarnings("unused")
  public static final class ResponseAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.This HttpURLConnection connection,
        @Advice.FieldValue("connected") boolean connected) {
      return UrlConnectionCalls.enter(connection, connected);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object state,
        @Advice.FieldValue("responseCode") int responseCode,
        @Advice.Thrown Throwable error) {
      UrlConnectionCalls.exitResponse(state, responseCode, error);
    }
  }
}
