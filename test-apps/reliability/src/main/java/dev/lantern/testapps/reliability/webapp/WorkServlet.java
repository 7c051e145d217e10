package dev.lantern.testapps.reliability.webapp;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * A web application's servlet using its own copies of OkHttp and H2 (from its WEB-INF/lib), and,
 * when {@code own-otel} is set, its own OpenTelemetry SDK. {@code /work} calls {@code /leaf} of
 * the same application with OkHttp, queries H2, and answers with which class loader and which jars
 * served it.
 */
public final class WorkServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private transient OkHttpClient client;
  private boolean ownOtel;

  @Override
  public void init() throws ServletException {
    client = new OkHttpClient();
    ownOtel = Boolean.parseBoolean(getInitParameter("own-otel"));
    if (ownOtel) {
      OwnTelemetry.install();
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setContentType("text/plain");
    if (request.getServletPath().equals("/leaf")) {
      response.getWriter().print("leaf");
      return;
    }
    String leaf;
    if (ownOtel) {
      leaf = OwnTelemetry.inSpan(() -> callLeaf(request));
    } else {
      leaf = callLeaf(request);
    }
    response.getWriter().print(
        "ok servlet-loader=" + getClass().getClassLoader().getClass().getSimpleName()
            + " okhttp=" + jar(OkHttpClient.class)
            + " leaf=" + leaf
            + " db=" + database(request.getContextPath())
            + (ownOtel ? " app-spans=" + OwnTelemetry.exported() : ""));
  }

  private String callLeaf(HttpServletRequest request) {
    String url = "http://127.0.0.1:" + request.getLocalPort() + request.getContextPath() + "/leaf?token=t0k3n&user=bob";
    try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.code() + ":" + r.body().string();
    } catch (IOException e) {
      return "failed:" + e.getClass().getSimpleName();
    }
  }

  private static String database(String context) {
    try {
      Driver driver = (Driver) Class.forName("org.h2.Driver").getDeclaredConstructor().newInstance();
      try (Connection c = driver.connect("jdbc:h2:mem:" + context.substring(1) + ";DB_CLOSE_DELAY=-1", new Properties());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT H2VERSION()")) {
        rs.next();
        return "h2-" + rs.getString(1) + "@" + jar(driver.getClass());
      }
    } catch (Exception e) {
      return "failed:" + e.getClass().getSimpleName();
    }
  }

  private static String jar(Class<?> type) {
    String path = type.getProtectionDomain().getCodeSource().getLocation().getPath();
    return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
  }
}
