package dev.lantern.agent.install;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IgnoredTypesTest {

  @Test
  void jdkAgentAndGeneratedTypesAreIgnoredExceptTheInstrumentedJdkPackages() {
    for (String ignored :
        new String[] {
          "java/lang/String", "jdk/internal/misc/Unsafe", "sun/nio/ch/Net", "com/sun/proxy/$Proxy12",
          "dev/lantern/agent/AgentStarter", "net/bytebuddy/ByteBuddy", "com/acme/Foo$$Lambda$12/0x0000",
          "com/acme/Service$$EnhancerBySpringCGLIB$$1", "org/hibernate/Foo$HibernateProxy$abc",
          "jdk/internal/net/http/HttpClientImpl$$Lambda$7/0x0000", "sun/net/httpserver/ServerImpl/0x0001",
        }) {
      assertTrue(IgnoredTypes.isIgnored(ignored), ignored);
    }
    for (String kept :
        new String[] {
          "sun/net/httpserver/HttpServerImpl", "jdk/internal/net/http/HttpClientImpl",
          "com/acme/OrdersController", "dev/lantern/testapps/SomeWrapper", "org/apache/kafka/clients/producer/KafkaProducer",
          "javax/servlet/http/HttpServlet", "sun/net/www/protocol/http/HttpURLConnection",
        }) {
      assertFalse(IgnoredTypes.isIgnored(kept), kept);
    }
  }

  @Test
  void binaryNamesAreAnsweredLikeInternalOnes() {
    for (String ignored :
        new String[] {
          "java.lang.String", "sun.nio.ch.Net", "dev.lantern.agent.AgentStarter",
          "com.acme.Foo$$Lambda$12/0x0000", "jdk.internal.net.http.HttpClientImpl$$Lambda$7/0x0000",
        }) {
      assertTrue(IgnoredTypes.isIgnored(ignored), ignored);
    }
    for (String kept :
        new String[] {
          "sun.net.httpserver.HttpServerImpl", "com.acme.OrdersController", "javax.servlet.http.HttpServlet",
          // a package that only shares the first letters of an ignored one
          "javalin.Javalin", "sunrise.Api", "devtools.Tool", "", "j",
        }) {
      assertFalse(IgnoredTypes.isIgnored(kept), kept);
    }
  }
}
