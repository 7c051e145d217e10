package testapp.jetty;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers "hello" with a Content-Length. */
final class HelloServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
    response.setContentType("text/plain");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] in = request.getInputStream().readAllBytes();
    response.setContentType("text/plain");
    response.getWriter().write("got " + in.length);
  }
}
