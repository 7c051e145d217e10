package dev.lantern.instrumentation.springwebmvc;

import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;

/**
 * {@code DispatcherServlet.getHandler(HttpServletRequest)}: when it returns a handler, the handler
 * mapping has stored the best matching pattern in the request ({@code
 * HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}), for annotated controllers, functional routes
 * and resource handlers alike. One advice per servlet API, chosen by the parameter's type.
 */
public final class DispatcherServletInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("org.springframework.web.servlet.DispatcherServlet");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("getHandler")
            .and(takesArguments(1))
            .and(takesArgument(0, named("jakarta.servlet.http.HttpServletRequest"))),
        getClass().getName() + "$JakartaGetHandlerAdvice");
    transformer.applyAdviceToMethod(
        named("getHandler")
            .and(takesArguments(1))
            .and(takesArgument(0, named("javax.servlet.http.HttpServletRequest"))),
        getClass().getName() + "$JavaxGetHandlerAdvice");
  }

  @SuppressWarnings("unused")
  public static final class JakartaGetHandlerAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.Argument(0) Object request, @Advice.Return Object handler) {
      if (handler != null) {
        JakartaHandlerRoute.update(request);
      }
    }
  }

  @SuppressWarnings("unused")
  public static final class JavaxGetHandlerAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.Argument(0) Object request, @Advice.Return Object handler) {
      if (handler != null) {
        JavaxHandlerRoute.update(request);
      }
    }
  }
}
