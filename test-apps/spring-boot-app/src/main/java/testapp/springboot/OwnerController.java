package testapp.springboot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.server.ResponseStatusException;

/**
 * <ul>
 *   <li>{@code GET /owners/{ownerId}}, {@code GET /owners/{ownerId}/pets/{petId}}, {@code POST /owners}
 *   <li>{@code GET /fail} throws (Tomcat answers 500 through Spring Boot's error page)
 *   <li>{@code GET /missing/{id}} answers 404 through the error page
 *   <li>{@code GET /async/{key}} answers when {@code GET /release/{key}} is called
 *   <li>{@code GET /call/{id}} calls {@code app.downstream}/owners/{id} with the JDK HttpClient
 *   <li>{@code GET /headers} echoes the request headers
 * </ul>
 */
@RestController
class OwnerController {

  private static final Logger log = LoggerFactory.getLogger(OwnerController.class);

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Map<String, DeferredResult<String>> waiting = new ConcurrentHashMap<>();

  @GetMapping("/owners/{ownerId}")
  String owner(@PathVariable String ownerId) {
    log.info("handling owner {}", ownerId);
    return "owner " + ownerId;
  }

  @GetMapping("/owners/{ownerId}/pets/{petId}")
  String pet(@PathVariable String ownerId, @PathVariable String petId) {
    return "pet " + petId + " of " + ownerId;
  }

  @PostMapping("/owners")
  ResponseEntity<String> create(@RequestBody String body) {
    return ResponseEntity.status(HttpStatus.CREATED).body("created " + body.length());
  }

  @GetMapping("/fail")
  String fail() {
    log.info("about to fail");
    throw new IllegalStateException("boom");
  }

  @GetMapping("/missing/{id}")
  String missing(@PathVariable String id) {
    throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no " + id);
  }

  @GetMapping("/async/{key}")
  DeferredResult<String> async(@PathVariable String key) {
    DeferredResult<String> result = new DeferredResult<>(30_000L);
    waiting.put(key, result);
    log.info("async {} waiting", key);
    return result;
  }

  @GetMapping("/release/{key}")
  String release(@PathVariable String key) {
    DeferredResult<String> result = waiting.remove(key);
    if (result == null) {
      return "nothing waiting";
    }
    // completed from another thread, as a message listener or a scheduler would
    new Thread(() -> result.setResult("released " + key), "releaser").start();
    return "released";
  }

  @GetMapping("/call/{id}")
  String call(@PathVariable String id) throws IOException, InterruptedException {
    String downstream = System.getProperty("app.downstream", "");
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(downstream + "/owners/" + id)).build(),
            HttpResponse.BodyHandlers.ofString());
    log.info("called downstream, status {}", response.statusCode());
    return "downstream said: " + response.body();
  }

  @GetMapping("/headers")
  Map<String, String> headers(@RequestHeader Map<String, String> headers) {
    return Collections.unmodifiableMap(new TreeMap<>(headers));
  }
}
