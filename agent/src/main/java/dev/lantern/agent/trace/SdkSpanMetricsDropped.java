package dev.lantern.agent.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.DoubleUpDownCounterBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.metrics.ObservableLongUpDownCounter;
import io.opentelemetry.context.Context;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The meter provider the tracer SDK gets for its own span counters ({@code otel.sdk.span.started},
 * {@code otel.sdk.span.live}): they are dropped, as with the SDK's default, but without the
 * OpenTelemetry API's no-op meter, whose initialisation loads some sixty classes on the first span,
 * on an application thread. Lantern counts spans itself ({@code lantern_agent_spans_*}).
 *
 * <p>Only the two counters the tracer SDK builds are answered here; any other instrument comes
 * from the API's no-op meter.
 */
final class SdkSpanMetricsDropped implements Supplier<MeterProvider>, MeterProvider, MeterBuilder, Meter {

  static final SdkSpanMetricsDropped INSTANCE = new SdkSpanMetricsDropped();

  private SdkSpanMetricsDropped() {}

  @Override
  public MeterProvider get() {
    return this;
  }

  @Override
  public MeterBuilder meterBuilder(String instrumentationScopeName) {
    return this;
  }

  @Override
  public MeterBuilder setSchemaUrl(String schemaUrl) {
    return this;
  }

  @Override
  public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
    return this;
  }

  @Override
  public Meter build() {
    return this;
  }

  @Override
  public LongCounterBuilder counterBuilder(String name) {
    return DroppedCounter.INSTANCE;
  }

  @Override
  public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
    return DroppedUpDownCounter.INSTANCE;
  }

  @Override
  public DoubleHistogramBuilder histogramBuilder(String name) {
    return noopMeter().histogramBuilder(name);
  }

  @Override
  public DoubleGaugeBuilder gaugeBuilder(String name) {
    return noopMeter().gaugeBuilder(name);
  }

  static Meter noopMeter() {
    return MeterProvider.noop().get("lantern");
  }

  private static final class DroppedCounter implements LongCounterBuilder, LongCounter {
    static final DroppedCounter INSTANCE = new DroppedCounter();

    @Override
    public LongCounterBuilder setDescription(String description) {
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return noopMeter().counterBuilder("dropped").ofDoubles();
    }

    @Override
    public LongCounter build() {
      return this;
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return noopMeter().counterBuilder("dropped").buildWithCallback(callback);
    }

    @Override
    public void add(long value) {}

    @Override
    public void add(long value, Attributes attributes) {}

    @Override
    public void add(long value, Attributes attributes, Context context) {}
  }

  private static final class DroppedUpDownCounter
      implements LongUpDownCounterBuilder, LongUpDownCounter {
    static final DroppedUpDownCounter INSTANCE = new DroppedUpDownCounter();

    @Override
    public LongUpDownCounterBuilder setDescription(String description) {
      return this;
    }

    @Override
    public LongUpDownCounterBuilder setUnit(String unit) {
      return this;
    }

    @Override
    public DoubleUpDownCounterBuilder ofDoubles() {
      return noopMeter().upDownCounterBuilder("dropped").ofDoubles();
    }

    @Override
    public LongUpDownCounter build() {
      return this;
    }

    @Override
    public ObservableLongUpDownCounter buildWithCallback(
        Consumer<ObservableLongMeasurement> callback) {
      return noopMeter().upDownCounterBuilder("dropped").buildWithCallback(callback);
    }

    @Override
    public void add(long value) {}

    @Override
    public void add(long value, Attributes attributes) {}

    @Override
    public void add(long value, Attributes attributes, Context context) {}
  }
}
