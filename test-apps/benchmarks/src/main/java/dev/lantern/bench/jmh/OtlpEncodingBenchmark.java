package dev.lantern.bench.jmh;

import dev.lantern.agent.trace.OtlpProtoWriter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding one export batch of 512 spans as an OTLP protobuf request: the SDK's marshaler (what
 * the agent used), the SDK's low-allocation marshaler, and the agent's {@link OtlpProtoWriter}.
 * Each writes the request into the same reused stream. The spans come from a real SDK tracer, as
 * in the agent: per request a SERVER span with the HTTP server attributes, an HTTP CLIENT span, a
 * JDBC span and a Kafka PRODUCER span, each from its own instrumentation scope.
 *
 * <p>It compares encoders in one JVM, so MicroBenchmarks (agent overhead) leaves it out. Run it
 * alone, no agent: {@code java -cp "test-apps/benchmarks/target/classes:$(cat
 * test-apps/benchmarks/target/classpath.txt)" org.openjdk.jmh.Main OtlpEncodingBenchmark -f 1 -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OtlpEncodingBenchmark {

  private static final int REQUESTS = 128; // four spans each

  private List<SpanData> batch;
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream(1 << 20);
  private final LowAllocationTraceRequestMarshaler lowAllocation = new LowAllocationTraceRequestMarshaler();
  private final OtlpProtoWriter writer = new OtlpProtoWriter();

  @Setup(Level.Trial)
  public void spans() {
    Collector collector = new Collector();
    Resource resource =
        Resource.getDefault()
            .merge(
                Resource.create(
                    Attributes.builder()
                        .put("service.name", "checkout")
                        .put("service.version", "1.4.2")
                        .put("deployment.environment.name", "production")
                        .put("host.name", "checkout-7d9f8b6c4-x2k9p")
                        .put("telemetry.distro.name", "lantern")
                        .put("process.pid", 4242L)
                        .put("process.runtime.name", "OpenJDK Runtime Environment")
                        .put("process.runtime.version", "17.0.12+7")
                        .build()));
    SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource).addSpanProcessor(collector).build();
    Tracer server = provider.get("dev.lantern.jdk-httpserver", "0.1.0");
    Tracer http = provider.get("dev.lantern.java-http-client", "0.1.0");
    Tracer jdbc = provider.get("dev.lantern.jdbc", "0.1.0");
    Tracer kafka = provider.get("dev.lantern.kafka-clients", "0.1.0");
    for (int i = 0; i < REQUESTS; i++) {
      Span request =
          server.spanBuilder("POST /orders/{id}")
              .setSpanKind(SpanKind.SERVER)
              .setAttribute("http.request.method", "POST")
              .setAttribute("url.scheme", "http")
              .setAttribute("url.path", "/orders/" + (100_000 + i))
              .setAttribute("url.query", "expand=items")
              .setAttribute("http.route", "/orders/{id}")
              .setAttribute("server.address", "checkout.internal")
              .setAttribute("server.port", 8080L)
              .setAttribute("network.protocol.version", "1.1")
              .setAttribute("client.address", "10.12.4." + (i % 250))
              .setAttribute("network.peer.port", 51_000L + i)
              .setAttribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)")
              .setAttribute("lantern.correlation_id", "c0ffee-" + i)
              .startSpan();
      Context parent = Context.root().with(request);
      jdbc.spanBuilder("SELECT shop.orders")
          .setParent(parent)
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute("db.system.name", "postgresql")
          .setAttribute("db.namespace", "shop")
          .setAttribute("db.operation.name", "SELECT")
          .setAttribute("db.collection.name", "orders")
          .setAttribute("db.query.text", "SELECT o.id, o.status, o.total FROM orders o WHERE o.id = ? AND o.customer_id = ?")
          .setAttribute("server.address", "db.internal")
          .setAttribute("server.port", 5432L)
          .startSpan()
          .end();
      Span call =
          http.spanBuilder("GET")
              .setParent(parent)
              .setSpanKind(SpanKind.CLIENT)
              .setAttribute("http.request.method", "GET")
              .setAttribute("url.full", "http://inventory.internal:8081/stock/" + (i % 40))
              .setAttribute("server.address", "inventory.internal")
              .setAttribute("server.port", 8081L)
              .setAttribute("network.protocol.version", "1.1")
              .startSpan();
      call.setAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
      call.end();
      kafka.spanBuilder("orders publish")
          .setParent(parent)
          .setSpanKind(SpanKind.PRODUCER)
          .setAttribute("messaging.system", "kafka")
          .setAttribute("messaging.operation.type", "send")
          .setAttribute("messaging.operation.name", "send")
          .setAttribute("messaging.destination.name", "orders")
          .setAttribute("messaging.client.id", "producer-1")
          .setAttribute("messaging.kafka.message.key", "order-" + i)
          .setAttribute("messaging.destination.partition.id", String.valueOf(i % 6))
          .setAttribute("messaging.kafka.offset", 9_000_000L + i)
          .startSpan()
          .end();
      request.setAttribute(AttributeKey.longKey("http.response.status_code"), 201L);
      request.end();
    }
    provider.shutdown().join(10, TimeUnit.SECONDS);
    batch = Collections.unmodifiableList(collector.spans);
    if (batch.size() != 4 * REQUESTS) {
      throw new IllegalStateException("expected 512 spans, got " + batch.size());
    }
  }

  @Benchmark
  public int sdkMarshaler() throws IOException {
    sink.reset();
    TraceRequestMarshaler.create(batch).writeBinaryTo(sink);
    return sink.size();
  }

  @Benchmark
  public int sdkLowAllocationMarshaler() throws IOException {
    sink.reset();
    lowAllocation.initialize(batch);
    try {
      lowAllocation.writeBinaryTo(sink);
    } finally {
      lowAllocation.reset();
    }
    return sink.size();
  }

  @Benchmark
  public int lanternWriter() throws IOException {
    sink.reset();
    writer.encode(batch);
    writer.writeTo(sink);
    return sink.size();
  }

  /** Keeps each ended span's data, as the agent's export queue does with toSpanData(). */
  private static final class Collector implements SpanProcessor {
    final List<SpanData> spans = new ArrayList<>();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span.toSpanData());
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
