package testapp.springboot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/** Logs every dispatch of a request (REQUEST, ASYNC, ERROR), so tests can see its log context. */
final class DispatchLoggingFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(DispatchLoggingFilter.class);

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    log.info("dispatch {} {}", request.getDispatcherType(), request.getRequestURI());
    chain.doFilter(request, response);
  }
}
