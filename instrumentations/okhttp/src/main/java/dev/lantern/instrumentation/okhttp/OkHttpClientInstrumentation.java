package dev.lantern.instrumentation.okhttp;

import static dev.lantern.agent.api.matcher.ElementMatchers.isConstructor;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;
import okhttp3.OkHttpClient;

/**
 * The {@code OkHttpClient(Builder)} constructor, through which every client is built ({@code new
 * OkHttpClient()}, {@code Builder.build()}, {@code newBuilder().build()}): the tracing interceptor
 * is put first among the builder's application interceptors.
 */
public final class OkHttpClientInstrumentation implements TypeInstrumentation {

  static final String CLIENT = "okhttp3.OkHttpClient";

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named(CLIENT);
  }


  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isConstructor()
            .and(takesArguments(1))
            .and(takesArgument(0, named("okhttp3.OkHttpClient$Builder"))),
        getClass().getName() + "$ConstructorAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ConstructorAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.Argument(0) OkHttpClient.Builder builder) {
      TracingInterceptor.addTo(builder);
    }
  }
}
