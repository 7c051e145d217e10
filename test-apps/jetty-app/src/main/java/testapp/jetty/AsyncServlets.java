package testapp.jetty;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Async servlets whose work finishes on other threads. */
final class AsyncServlets {

  private static final Logger log = LoggerFactory.getLogger(AsyncServlets.class);
  private static final Map<String, AsyncContext> WAITING = new ConcurrentHashMap<>();

  private AsyncServlets() {}

  /** Starts async and returns; {@link Release} completes it later. */
  static final class Waiting extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      async.setTimeout(30_000);
      WAITING.put(request.getParameter("id"), async);
      log.info("async {} waiting", request.getParameter("id"));
    }
  }

  /** Completes a waiting request from a thread of its own. */
  static final class Release extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      AsyncContext async = WAITING.remove(request.getParameter("id"));
      if (async != null) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    HttpServletResponse waiting = (HttpServletResponse) async.getResponse();
                    waiting.setStatus(202);
                    waiting.getWriter().write("released");
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  } finally {
                    async.complete();
                  }
                },
                "worker");
        worker.start();
      }
      response.getWriter().write(async == null ? "nothing waiting" : "released");
    }
  }

  /** Runs its work with {@code AsyncContext.start}, on a container thread. */
  static final class Started extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      async.start(
          () -> {
            try {
              log.info("async task running");
              async.getResponse().getWriter().write("started");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } finally {
              async.complete();
            }
          });
    }
  }

  /** Starts async, then dispatches back to itself from another thread, which answers. */
  static final class Dispatching extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if (request.getDispatcherType() == DispatcherType.ASYNC) {
        log.info("answering in the async dispatch");
        response.getWriter().write("dispatched");
        return;
      }
      AsyncContext async = request.startAsync();
      new Thread(async::dispatch, "dispatcher").start();
    }
  }
}
