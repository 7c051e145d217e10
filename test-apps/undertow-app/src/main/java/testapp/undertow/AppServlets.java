package testapp.undertow;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's servlets. */
public final class AppServlets {

  private static final Logger log = LoggerFactory.getLogger(AppServlets.class);
  private static final Map<String, AsyncContext> WAITING = new ConcurrentHashMap<>();

  private AppServlets() {}

  public static final class Hello extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      log.info("hello from undertow");
      response.setContentType("text/plain");
      response.getWriter().write("hello");
    }
  }

  public static final class Waiting extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      async.setTimeout(30_000);
      WAITING.put(request.getParameter("id"), async);
      log.info("async {} waiting", request.getParameter("id"));
    }
  }

  public static final class Release extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      AsyncContext async = WAITING.remove(request.getParameter("id"));
      if (async != null) {
        new Thread(
                () -> {
                  try {
                    HttpServletResponse waiting = (HttpServletResponse) async.getResponse();
                    waiting.setStatus(202);
                    waiting.getWriter().write("released");
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  } finally {
                    async.complete();
                  }
                },
                "worker")
            .start();
      }
      response.getWriter().write(async == null ? "nothing waiting" : "released");
    }
  }

  public static final class Fail extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws ServletException, IOException {
      if (request.getRequestURI().endsWith("/missing")) {
        response.sendError(404);
        return;
      }
      throw new IllegalStateException("undertow boom");
    }
  }

  public static final class ErrorPage extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("error page for " + request.getAttribute("jakarta.servlet.error.status_code"));
    }
  }
}
