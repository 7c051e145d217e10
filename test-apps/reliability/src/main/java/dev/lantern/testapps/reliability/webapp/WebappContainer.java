package dev.lantern.testapps.reliability.webapp;

import java.io.File;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * An embedded Tomcat 9 deploying web applications from directories, each in its own web
 * application class loader (child-first, Tomcat's default): {@code container.webapps} is
 * {@code /a=<dir>,/b=<dir>}; each directory has {@code WEB-INF/classes} (this package's servlet)
 * and {@code WEB-INF/lib} (the application's own copies of its libraries). {@code
 * container.ownOtel} names the contexts whose servlet sets up its own OpenTelemetry SDK.
 */
public final class WebappContainer {

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(0);
    tomcat.getConnector();
    String ownOtel = System.getProperty("container.ownOtel", "");
    for (String webapp : System.getProperty("container.webapps").split(",")) {
      String[] pathAndDir = webapp.split("=", 2);
      Context context = tomcat.addContext(pathAndDir[0], new File(pathAndDir[1]).getAbsolutePath());
      Wrapper servlet = Tomcat.addServlet(context, "work", WorkServlet.class.getName());
      servlet.addInitParameter("own-otel", Boolean.toString(ownOtel.contains(pathAndDir[0])));
      servlet.setLoadOnStartup(1);
      context.addServletMappingDecoded("/work", "work");
      context.addServletMappingDecoded("/leaf", "work");
    }
    tomcat.start();
    System.out.println("APP_READY port=" + tomcat.getConnector().getLocalPort());
    tomcat.getServer().await();
  }
}
