package testapp.tomcat9;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** Spring MVC 5 configured in code, as a pre-Boot application would. */
@Configuration
@EnableWebMvc
@ComponentScan(basePackageClasses = SpringConfig.class)
public class SpringConfig {}
