package testapp.tomcat9;

import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * A javax.servlet service on embedded Tomcat 9 with no tracing code (outside {@code dev.lantern},
 * which the agent never instruments), under context path {@code /legacy}:
 *
 * <ul>
 *   <li>{@code /hello}: a plain servlet; {@code /fail} throws; {@code /async?id=} is completed by
 *       {@code /release?id=} from another thread
 *   <li>{@code /spring/*}: Spring MVC 5's DispatcherServlet ({@link OwnerController})
 *   <li>{@code /api/*}: Jersey 2 ({@link OrderResource})
 *   <li>every dispatch passes {@link LoggingFilter}; errors render through {@code /errors}
 * </ul>
 */
public final class Tomcat9App {

  public static void main(String[] args) throws Exception {
    File base = Files.createTempDirectory("tomcat9-app").toFile();
    base.deleteOnExit();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.getAbsolutePath());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(Integer.getInteger("app.port", 0));
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("/legacy", base.getAbsolutePath());

    FilterDef logging = new FilterDef();
    logging.setFilterName("logging");
    logging.setFilter(new LoggingFilter());
    logging.setAsyncSupported("true");
    context.addFilterDef(logging);
    FilterMap everything = new FilterMap();
    everything.setFilterName("logging");
    everything.addURLPattern("/*");
    everything.setDispatcher("REQUEST");
    everything.setDispatcher("ASYNC");
    everything.setDispatcher("ERROR");
    context.addFilterMap(everything);

    Tomcat.addServlet(context, "hello", new AppServlets.Hello());
    context.addServletMappingDecoded("/hello", "hello");
    Tomcat.addServlet(context, "fail", new AppServlets.Fail());
    context.addServletMappingDecoded("/fail", "fail");
    Wrapper async = Tomcat.addServlet(context, "async", new AppServlets.Waiting());
    async.setAsyncSupported(true);
    context.addServletMappingDecoded("/async", "async");
    Tomcat.addServlet(context, "release", new AppServlets.Release());
    context.addServletMappingDecoded("/release", "release");
    Tomcat.addServlet(context, "errors", new AppServlets.ErrorPage());
    context.addServletMappingDecoded("/errors", "errors");
    ErrorPage errors = new ErrorPage();
    errors.setExceptionType(Throwable.class.getName());
    errors.setLocation("/errors");
    context.addErrorPage(errors);

    AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
    spring.register(SpringConfig.class);
    Wrapper dispatcher = Tomcat.addServlet(context, "spring", new DispatcherServlet(spring));
    dispatcher.setLoadOnStartup(1);
    context.addServletMappingDecoded("/spring/*", "spring");

    Tomcat.addServlet(context, "jersey", new ServletContainer(new ResourceConfig(OrderResource.class)));
    context.addServletMappingDecoded("/api/*", "jersey");

    tomcat.start();
    System.out.println("APP_READY port=" + tomcat.getConnector().getLocalPort());
    tomcat.getServer().await();
  }
}
