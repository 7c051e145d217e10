package testapp.jetty;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A JAX-RS resource: {@code GET orders/{id}} and {@code GET orders/{id}/lines/{line}}. */
@Path("orders")
public class OrderResource {

  private static final Logger log = LoggerFactory.getLogger(OrderResource.class);

  @GET
  @Path("{id}")
  @Produces("text/plain")
  public String order(@PathParam("id") String id) {
    log.info("jersey order {}", id);
    return "order " + id;
  }

  @GET
  @Path("{id}/lines/{line}")
  @Produces("text/plain")
  public String line(@PathParam("id") String id, @PathParam("line") int line) {
    return "line " + line + " of " + id;
  }
}
