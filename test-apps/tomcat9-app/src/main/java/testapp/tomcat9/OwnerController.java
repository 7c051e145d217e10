package testapp.tomcat9;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /spring/owners/{ownerId}}. */
@RestController
public class OwnerController {

  private static final Logger log = LoggerFactory.getLogger(OwnerController.class);

  @GetMapping("/owners/{ownerId}")
  public String owner(@PathVariable String ownerId) {
    log.info("spring 5 owner {}", ownerId);
    return "owner " + ownerId;
  }
}
