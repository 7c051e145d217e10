package dev.lantern.agent.api.genai;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Stand-ins for an SDK's stream and handler interfaces that forward every method to the object
 * the SDK made, except the few the instrumentation must see. A proxy rather than a class
 * implementing the interface: a method added by a later SDK version is still forwarded, instead of
 * falling to a default that would skip the application's code. Default methods the interceptor
 * does not handle run their own body on the proxy, so they reach the intercepted methods (an
 * {@code iterator()} built on {@code stream()}).
 */
public final class GenAiProxies {

  /** Handles one call of the proxy, or returns {@link #FORWARD} to let the delegate answer. */
  public interface Interceptor {
    Object invoke(Object proxy, Method method, Object[] args) throws Throwable;
  }

  public static final Object FORWARD = new Object();

  private GenAiProxies() {}

  @SuppressWarnings("unchecked")
  public static <T> T create(Class<T> type, T delegate, Interceptor interceptor) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
              case "equals":
                return proxy == args[0];
              case "hashCode":
                return System.identityHashCode(proxy);
              default:
                return invoke(method, delegate, args);
            }
          }
          Object result = interceptor.invoke(proxy, method, args);
          if (result != FORWARD) {
            return result;
          }
          if (method.isDefault() && !isOverridden(delegate, method)) {
            try {
              return MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup())
                  .unreflectSpecial(method, method.getDeclaringClass())
                  .bindTo(proxy)
                  .invokeWithArguments(args == null ? new Object[0] : args);
            } catch (IllegalAccessException e) {
              return invoke(method, delegate, args);
            }
          }
          return invoke(method, delegate, args);
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }

  private static boolean isOverridden(Object delegate, Method method) {
    try {
      return !delegate.getClass().getMethod(method.getName(), method.getParameterTypes()).isDefault();
    } catch (NoSuchMethodException | RuntimeException e) {
      return true;
    }
  }

  /** Calls the delegate, throwing what it throws (not an InvocationTargetException). */
  public static Object invoke(Method method, Object delegate, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
