package testapp.springboot;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers 401 by itself, as an authentication filter would: the servlet is never reached. */
final class DenyFilter implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException {
    HttpServletResponse http = (HttpServletResponse) response;
    http.setStatus(401);
    http.getWriter().write("denied");
  }
}
