package dev.lantern.agent.api.genai;

import dev.lantern.agent.api.metrics.AgentMetrics;
import dev.lantern.agent.api.metrics.LabeledChildren;
import dev.lantern.agent.api.metrics.SemconvBuckets;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/** The GenAI client metrics, shared by every GenAI instrumentation. */
final class GenAiMetrics {

  static final String DURATION = "gen_ai_client_operation_duration_seconds";
  static final String TOKENS = "gen_ai_client_token_usage";
  static final String CALLS = "gen_ai_client_calls_total";
  static final String TIME_TO_FIRST_CHUNK = "gen_ai_client_operation_time_to_first_chunk_seconds";
  static final String COST = "gen_ai_client_cost_usd_total";

  private static volatile GenAiMetrics instance;

  final LabeledChildren<Histogram.Child> duration;
  final LabeledChildren<Histogram.Child> tokens;
  final LabeledChildren<Counter.Child> calls;
  final LabeledChildren<Histogram.Child> timeToFirstChunk;
  final LabeledChildren<Counter.Child> cost;

  private GenAiMetrics() {
    duration =
        new LabeledChildren<>(
            AgentMetrics.histogram(
                DURATION,
                "GenAI operation duration.",
                SemconvBuckets.GENAI_DURATION_SECONDS,
                "gen_ai_operation_name",
                "gen_ai_provider_name",
                "gen_ai_request_model",
                "gen_ai_response_model",
                "error_type"),
            DURATION,
            5,
            LabeledChildren.DEFAULT_MAX_SERIES);
    tokens =
        new LabeledChildren<>(
            AgentMetrics.histogram(
                TOKENS,
                "Number of input and output tokens used.",
                SemconvBuckets.GENAI_TOKENS,
                "gen_ai_operation_name",
                "gen_ai_provider_name",
                "gen_ai_request_model",
                "gen_ai_response_model",
                "gen_ai_token_type"),
            TOKENS,
            5,
            LabeledChildren.DEFAULT_MAX_SERIES);
    calls =
        new LabeledChildren<>(
            AgentMetrics.counter(
                CALLS,
                "GenAI calls by outcome: status ok or error, with the error type.",
                "gen_ai_operation_name",
                "gen_ai_provider_name",
                "gen_ai_request_model",
                "status",
                "error_type"),
            CALLS,
            5,
            LabeledChildren.DEFAULT_MAX_SERIES);
    timeToFirstChunk =
        new LabeledChildren<>(
            AgentMetrics.histogram(
                TIME_TO_FIRST_CHUNK,
                "Time from the start of a streamed GenAI call to its first content chunk.",
                SemconvBuckets.GENAI_DURATION_SECONDS,
                "gen_ai_operation_name",
                "gen_ai_provider_name",
                "gen_ai_request_model",
                "gen_ai_response_model"),
            TIME_TO_FIRST_CHUNK,
            4,
            LabeledChildren.DEFAULT_MAX_SERIES);
    cost =
        new LabeledChildren<>(
            AgentMetrics.counter(
                COST,
                "Estimated GenAI spend in USD from the price table, by the model that answered.",
                "gen_ai_provider_name",
                "gen_ai_response_model",
                "gen_ai_token_type"),
            COST,
            3,
            LabeledChildren.DEFAULT_MAX_SERIES);
  }

  static GenAiMetrics get() {
    GenAiMetrics m = instance;
    if (m == null) {
      synchronized (GenAiMetrics.class) {
        m = instance;
        if (m == null) {
          m = new GenAiMetrics();
          instance = m;
        }
      }
    }
    return m;
  }
}
