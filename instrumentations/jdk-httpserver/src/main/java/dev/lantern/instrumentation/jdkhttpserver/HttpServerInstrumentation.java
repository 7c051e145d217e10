package dev.lantern.instrumentation.jdkhttpserver;

import static dev.lantern.agent.api.matcher.ElementMatchers.isBridge;
import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.namedOneOf;
import static dev.lantern.agent.api.matcher.ElementMatchers.not;

import com.sun.net.httpserver.HttpContext;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/** {@code HttpServerImpl.createContext} and {@code HttpsServerImpl.createContext}. */
public final class HttpServerInstrumentation implements TypeInstrumentation {


  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return namedOneOf(JdkHttpServerInstrumentationModule.SERVER_TYPES.toArray(new String[0]));
  }


  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("createContext").and(isPublic()).and(not(isBridge())),
        getClass().getName() + "$CreateContextAdvice");
  }

  @SuppressWarnings("unused")
  public static final class CreateContextAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.Return HttpContext context) {
      TracingFilter.addTo(context);
    }
  }
}
