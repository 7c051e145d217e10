package dev.lantern.testapps.isolation;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.HTTPServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.ByteBuddy;

/**
 * Uses its own OpenTelemetry API and SDK (registered as the global one), its own ByteBuddy and its
 * own simpleclient registry and HTTP server, in versions other than the agent's.
 */
public final class IsolationApp {

  private static final AtomicInteger exported = new AtomicInteger();
  private static final Counter requests =
      Counter.build().name("app_requests_total").help("Requests the app itself counted.").register();

  public static void main(String[] args) throws Exception {
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new CountingExporter())).build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    GlobalOpenTelemetry.set(sdk); // throws if anyone (the agent) had set it already
    Tracer tracer = GlobalOpenTelemetry.getTracer("isolation-app");

    Class<?> generated =
        new ByteBuddy().subclass(Object.class).name("dev.lantern.testapps.isolation.Generated").make()
            .load(IsolationApp.class.getClassLoader()).getLoaded();

    HTTPServer metrics = new HTTPServer(new InetSocketAddress("127.0.0.1", Integer.getInteger("app.metrics.port")), io.prometheus.client.CollectorRegistry.defaultRegistry, true);

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/work", exchange -> {
      requests.inc();
      Span span = tracer.spanBuilder("app-work").startSpan();
      try (Scope ignored = span.makeCurrent()) {
        byte[] body = ("app_trace_id=" + span.getSpanContext().getTraceId()).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } finally {
        span.end();
      }
    });
    server.createContext("/exported", exchange -> {
      byte[] body = Integer.toString(exported.get()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();

    String byteBuddyJar = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    System.out.println("APP_VERSIONS bytebuddy=" + byteBuddyJar.substring(byteBuddyJar.lastIndexOf('/') + 1)
        + " otel_sdk=" + io.opentelemetry.sdk.common.InstrumentationScopeInfo.class.getPackage().getImplementationVersion()
        + " generated=" + generated.getName() + " metrics_port=" + metrics.getPort());
    System.out.println("APP_READY port=" + server.getAddress().getPort());
  }

  private static final class CountingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      exported.addAndGet(spans.size());
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
