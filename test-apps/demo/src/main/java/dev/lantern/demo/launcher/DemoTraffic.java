package dev.lantern.demo.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A little traffic, so that the metrics, dashboards and trace view have something to show: a
 * webhook every interval, with a correlation ID {@code demo-<n>}, and now and then a read of the
 * results. Failures are reported once per streak, not once per request.
 */
final class DemoTraffic implements AutoCloseable {

  static final List<String[]> SAMPLES =
      List.of(
          new String[] {"support", "I was charged twice for my subscription, please refund the invoice"},
          new String[] {"billing", "Payment failed and the invoice shows the wrong amount"},
          new String[] {"status-page", "The dashboard is down and the API returns errors since 10:00"},
          new String[] {"support", "Outage: login timeout for all users in the EU region"},
          new String[] {"feedback", "Feature request: please add dark mode and an export to CSV"},
          new String[] {"feedback", "It would be great if you could support SSO with Okta, a feature we need"},
          new String[] {"support", "How do I change the email address of my account?"},
          new String[] {"sales", "Can we schedule a call next week about the enterprise plan?"});

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "demo-traffic");
            t.setDaemon(true);
            return t;
          });
  private final AtomicInteger sent = new AtomicInteger();
  private final String ingress;
  private final String gateway;
  private volatile boolean failing;

  DemoTraffic(String ingress, String gateway) {
    this.ingress = ingress;
    this.gateway = gateway;
  }

  void start(long intervalMillis) {
    if (intervalMillis > 0) {
      timer.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void tick() {
    int n = sent.incrementAndGet();
    String[] sample = SAMPLES.get(ThreadLocalRandom.current().nextInt(SAMPLES.size()));
    String body = "{\"source\":\"" + sample[0] + "\",\"text\":\"" + sample[1] + "\"}";
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(ingress + "/webhooks"))
              .timeout(Duration.ofSeconds(15))
              .header("Content-Type", "application/json")
              .header("X-Correlation-ID", "demo-" + n)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      if (n % 3 == 0) {
        http.send(
            HttpRequest.newBuilder(URI.create(gateway + "/results")).timeout(Duration.ofSeconds(15)).build(),
            HttpResponse.BodyHandlers.discarding());
      }
      if (failing) {
        failing = false;
        System.out.println("demo traffic: the services answer again");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!failing) {
        failing = true;
        System.out.println("demo traffic: " + e + " (further failures are not shown)");
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
