package testapp.undertow;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.servlet.DispatcherType;
import java.net.InetSocketAddress;

/**
 * An Undertow service under context path {@code /app} with no tracing code (outside {@code
 * dev.lantern}, which the agent never instruments): {@code /hello}, {@code /async?id=} completed
 * by {@code /release?id=} from another thread, {@code /fail} throws, {@code /missing} answers 404
 * through the error page {@code /errors}; every dispatch passes a logging filter.
 */
public final class UndertowApp {

  public static void main(String[] args) throws Exception {
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(UndertowApp.class.getClassLoader())
            .setContextPath("/app")
            .setDeploymentName("app.war")
            .addFilter(Servlets.filter("logging", LoggingFilter.class).setAsyncSupported(true))
            .addFilterUrlMapping("logging", "/*", DispatcherType.REQUEST)
            .addFilterUrlMapping("logging", "/*", DispatcherType.ASYNC)
            .addFilterUrlMapping("logging", "/*", DispatcherType.ERROR)
            .addServlets(
                Servlets.servlet("hello", AppServlets.Hello.class).addMapping("/hello"),
                Servlets.servlet("async", AppServlets.Waiting.class).addMapping("/async").setAsyncSupported(true),
                Servlets.servlet("release", AppServlets.Release.class).addMapping("/release"),
                Servlets.servlet("fail", AppServlets.Fail.class).addMappings("/fail", "/missing"),
                Servlets.servlet("errors", AppServlets.ErrorPage.class).addMapping("/errors"))
            .addErrorPage(Servlets.errorPage("/errors", 404));
    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    Undertow server =
        Undertow.builder()
            .addHttpListener(Integer.getInteger("app.port", 0), "127.0.0.1")
            .setHandler(Handlers.path().addPrefixPath("/app", manager.start()))
            .build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    System.out.println("APP_READY port=" + port);
  }
}
