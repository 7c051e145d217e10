package dev.lantern.instrumentation.jersey;

import dev.lantern.agent.api.http.HttpServerCall;
import java.net.URI;
import java.util.List;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.internal.process.RequestProcessingContext;
import org.glassfish.jersey.uri.UriTemplate;

/** Sets the route of the current server call from the templates Jersey matched. */
final class JerseyRoute {

  private JerseyRoute() {}

  static void update(Object processingContext) {
    if (!(processingContext instanceof RequestProcessingContext)) {
      return;
    }
    HttpServerCall call = HttpServerCall.current();
    if (call == null || call.isEnded()) {
      return;
    }
    ContainerRequest request = ((RequestProcessingContext) processingContext).request();
    List<UriTemplate> matched = request.getUriInfo().getMatchedTemplates();
    String[] templates = new String[matched.size()];
    for (int i = 0; i < templates.length; i++) {
      templates[i] = matched.get(i).getTemplate();
    }
    URI base = request.getBaseUri();
    call.updateRoute(JerseyRoutes.route(base == null ? null : base.getRawPath(), templates));
  }
}
