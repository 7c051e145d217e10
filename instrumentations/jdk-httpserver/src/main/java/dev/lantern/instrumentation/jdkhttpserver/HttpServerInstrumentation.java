package dev.lantern.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import com.sun.net.httpserver.HttpContext;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code HttpServerImpl.createContext} and {@code HttpsServerImpl.createContext}. */
public final class HttpServerInstrumentation implements TypeInstrumentation {


  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
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
