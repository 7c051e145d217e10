package testapp.tomcat9;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;

/** A JAX-RS 2 resource: {@code GET orders/{id}}. */
@Path("orders")
public class OrderResource {

  @GET
  @Path("{id}")
  @Produces("text/plain")
  public String order(@PathParam("id") String id) {
    return "order " + id;
  }
}
