package testapp.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/** A Spring Boot service with no tracing code; prints {@code APP_READY port=<n>} once it listens. */
@SpringBootApplication
public class SpringBootApp {

  public static void main(String[] args) {
    SpringApplication.run(SpringBootApp.class, args);
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> readyLine() {
    return event -> System.out.println("APP_READY port=" + event.getWebServer().getPort());
  }

  @Bean
  FilterRegistrationBean<DenyFilter> denyFilter() {
    FilterRegistrationBean<DenyFilter> registration = new FilterRegistrationBean<>(new DenyFilter());
    registration.addUrlPatterns("/deny");
    return registration;
  }

  @Bean
  DispatchLoggingFilter dispatchLoggingFilter() {
    return new DispatchLoggingFilter();
  }
}
