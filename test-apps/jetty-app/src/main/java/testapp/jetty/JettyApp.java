package testapp.jetty;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * A Jetty 12 service under context path {@code /shop}, with no tracing code:
 *
 * <ul>
 *   <li>{@code /hello} (exact mapping), {@code /items/*} (path mapping)
 *   <li>{@code /exact/0} … {@code /exact/2499}: one servlet with 2,500 exact mappings
 *   <li>{@code /async?id=k} completes from another thread once {@code /release?id=k} is called;
 *       {@code /async-dispatch} dispatches back to itself from another thread; {@code /async-start} works in {@code
 *       AsyncContext.start}
 *   <li>{@code /fail} throws, {@code /missing} answers 404 through the error page {@code /errors}
 *   <li>{@code /api/orders/{id}}: a JAX-RS resource served by Jersey
 *   <li>every request passes {@link LoggingFilter}
 * </ul>
 */
public final class JettyApp {

  public static final int EXACT_MAPPINGS = 2500;

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.getInteger("app.port", 0));
    server.addConnector(connector);

    ServletContextHandler context = new ServletContextHandler("/shop");
    context.addFilter(
        new FilterHolder(new LoggingFilter()), "/*", EnumSet.allOf(DispatcherType.class));
    context.addServlet(new ServletHolder(new HelloServlet()), "/hello");
    context.addServlet(new ServletHolder(new HelloServlet()), "/items/*");
    ServletHolder exact = new ServletHolder(new HelloServlet());
    for (int i = 0; i < EXACT_MAPPINGS; i++) {
      context.getServletHandler().addServletWithMapping(exact, "/exact/" + i);
    }
    ServletHolder async = new ServletHolder(new AsyncServlets.Waiting());
    async.setAsyncSupported(true);
    context.addServlet(async, "/async");
    context.addServlet(new ServletHolder(new AsyncServlets.Release()), "/release");
    ServletHolder dispatching = new ServletHolder(new AsyncServlets.Dispatching());
    dispatching.setAsyncSupported(true);
    context.addServlet(dispatching, "/async-dispatch");
    ServletHolder started = new ServletHolder(new AsyncServlets.Started());
    started.setAsyncSupported(true);
    context.addServlet(started, "/async-start");
    context.addServlet(new ServletHolder(new FailServlet()), "/fail");
    context.addServlet(new ServletHolder(new FailServlet()), "/missing");
    context.addServlet(new ServletHolder(new ErrorPageServlet()), "/errors");
    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
    errors.addErrorPage(404, "/errors");
    context.setErrorHandler(errors);

    ServletHolder jersey =
        new ServletHolder(new ServletContainer(new ResourceConfig(OrderResource.class)));
    context.addServlet(jersey, "/api/*");

    server.setHandler(context);
    server.start();
    System.out.println("APP_READY port=" + connector.getLocalPort());
    server.join();
  }
}
