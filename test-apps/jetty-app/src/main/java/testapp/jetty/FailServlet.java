package testapp.jetty;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /fail} throws (wrapped in a ServletException); {@code /missing} sends a 404. */
final class FailServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws ServletException, IOException {
    if (request.getRequestURI().endsWith("/missing")) {
      response.sendError(404, "nothing here");
      return;
    }
    throw new ServletException("wrapped", new IllegalStateException("jetty boom"));
  }
}
