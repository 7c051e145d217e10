package dev.lantern.agent.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The sampler: {@code lantern.traces.sampler.ratio} makes a parent-based trace-id ratio sampler;
 * otherwise {@code OTEL_TRACES_SAMPLER} / {@code OTEL_TRACES_SAMPLER_ARG} are honoured.
 */
public final class SamplerSettings {

  static final List<String> OTEL_SAMPLERS =
      Arrays.asList(
          "always_on",
          "always_off",
          "traceidratio",
          "parentbased_always_on",
          "parentbased_always_off",
          "parentbased_traceidratio");

  public final String name;
  public final double ratio;

  SamplerSettings(String name, double ratio) {
    this.name = name;
    this.ratio = ratio;
  }

  static SamplerSettings from(LanternConfig config) {
    if (config.getString(ConfigKeys.SAMPLER_RATIO) != null) {
      double ratio = config.getDouble(ConfigKeys.SAMPLER_RATIO, 1.0, 0.0, 1.0);
      String otel = config.otel("otel.traces.sampler");
      if (otel != null) {
        config.warn(ConfigKeys.SAMPLER_RATIO + "|sampler", "Both " + ConfigKeys.SAMPLER_RATIO
            + " and " + config.otelSourceName("otel.traces.sampler") + "=" + otel
            + " are set; using parentbased_traceidratio(" + ratio + ") from " + ConfigKeys.SAMPLER_RATIO + ".");
      }
      return new SamplerSettings("parentbased_traceidratio", ratio);
    }
    String otelName = config.otel("otel.traces.sampler");
    if (otelName == null) {
      return new SamplerSettings("parentbased_traceidratio", 1.0);
    }
    String name = otelName.toLowerCase(Locale.ROOT);
    if (!OTEL_SAMPLERS.contains(name)) {
      config.warnInvalid("otel.traces.sampler", otelName, "one of " + String.join(", ", OTEL_SAMPLERS),
          "parentbased_always_on");
      return new SamplerSettings("parentbased_traceidratio", 1.0);
    }
    double ratio = 1.0;
    if (name.endsWith("traceidratio")) {
      String arg = config.otel("otel.traces.sampler.arg");
      if (arg != null) {
        try {
          ratio = Double.parseDouble(arg);
          if (ratio < 0 || ratio > 1) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          config.warnInvalid("otel.traces.sampler.arg", arg, "a ratio from 0.0 to 1.0", "1.0");
          ratio = 1.0;
        }
      }
    }
    return new SamplerSettings(name, ratio);
  }

  @Override
  public String toString() {
    return name.endsWith("traceidratio") ? name + "(" + ratio + ")" : name;
  }
}
