package dev.lantern.instrumentation.kafkaclients;

import static dev.lantern.agent.api.matcher.ElementMatchers.isConstructor;
import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.returns;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The public {@code KafkaConsumer} constructors (group id, lag reporting), {@code poll(Duration)}
 * and {@code poll(long)} (receive span, record contexts, metrics) and the {@code close} overloads.
 * In 4.x {@code KafkaConsumer} delegates to {@code ClassicKafkaConsumer} or {@code
 * AsyncKafkaConsumer}; only the public class is instrumented, so each poll is seen once.
 */
public final class KafkaConsumerInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("org.apache.kafka.clients.consumer.KafkaConsumer");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isConstructor().and(isPublic()), getClass().getName() + "$ConstructorAdvice");
    transformer.applyAdviceToMethod(
        named("poll")
            .and(isPublic())
            .and(takesArguments(1))
            .and(returns(named("org.apache.kafka.clients.consumer.ConsumerRecords"))),
        getClass().getName() + "$PollAdvice");
    transformer.applyAdviceToMethod(
        named("close").and(isPublic()), getClass().getName() + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static final class ConstructorAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(
        @Advice.This KafkaConsumer<?, ?> consumer, @Advice.Argument(0) Object config) {
      ConsumerRegistry.created(consumer, config);
    }
  }

  @SuppressWarnings("unused")
  public static final class PollAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static long onEnter() {
      return ConsumerPolls.enter();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.This KafkaConsumer<?, ?> consumer,
        @Advice.Enter long startNanos,
        @Advice.Return ConsumerRecords<?, ?> records,
        @Advice.Thrown Throwable error) {
      ConsumerPolls.exit(consumer, records, error, startNanos);
    }
  }

  @SuppressWarnings("unused")
  public static final class CloseAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.This KafkaConsumer<?, ?> consumer) {
      ProcessSpans.endCurrent();
      ConsumerRegistry.closed(consumer);
    }
  }
}
