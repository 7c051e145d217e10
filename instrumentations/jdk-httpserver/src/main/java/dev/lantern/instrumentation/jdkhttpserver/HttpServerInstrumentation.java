package dev.lantern.instrumentation.jdkhttpserver;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import com.sun.net.httpserver.HttpContext;
import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code HttpServerImpl.createContext} and {@code HttpsServerImpl.createContext}. */
public final class HttpServerInstrumentation implements TypeInstrumentation {

  private static final List<String> TYPES =
      Arrays.asList("sun.net.httpserver.HttpServerImpl", "sun.net.httpserver.HttpsServerImpl");

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(TYPES.toArray(new String[0]));
  }

  /** Contexts created before the filter hook is woven would stay untraced. */
  @Override
  public List<String> typesToAwait() {
    return TYPES;
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
