package dev.lantern.instrumentation.apachehttpclient4;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;

/**
 * {@code doExecute(HttpHost, HttpRequest, HttpContext)} of the clients {@code HttpClients} and
 * {@code HttpClientBuilder} build ({@code InternalHttpClient}, {@code MinimalHttpClient}) and of
 * the older {@code AbstractHttpClient} family: every public {@code execute} overload ends there,
 * once per logical request, with the exec chain (redirects, retries) inside. HttpClient 4.5's
 * class files are Java 6; the agent raises them to Java 7 when it weaves them.
 */
public final class ClassicClientInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(
            "org.apache.http.impl.client.InternalHttpClient",
            "org.apache.http.impl.client.MinimalHttpClient",
        "org.apache.http.impl.client.AbstractHttpClient");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("doExecute")
            .and(takesArguments(3))
            .and(takesArgument(0, named("org.apache.http.HttpHost")))
            .and(takesArgument(1, named("org.apache.http.HttpRequest"))),
        getClass().getName() + "$DoExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static final class DoExecuteAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(0) HttpHost target, @Advice.Argument(1) HttpRequest request) {
      return ClassicCalls.start(target, request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object call,
        @Advice.Return HttpResponse response,
        @Advice.Thrown Throwable error) {
      ClassicCalls.end(call, response, error);
    }
  }
}
