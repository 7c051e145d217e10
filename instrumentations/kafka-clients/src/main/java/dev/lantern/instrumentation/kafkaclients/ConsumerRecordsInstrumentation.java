package dev.lantern.instrumentation.kafkaclients;

import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import java.util.Iterator;
import java.util.List;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * {@code ConsumerRecords.iterator()}, {@code records(TopicPartition)} and {@code records(String)}:
 * the ways an application takes records from a poll result. Each returns a wrapper that starts the
 * record's process span when the application takes it (see {@link ProcessSpans}).
 */
public final class ConsumerRecordsInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("org.apache.kafka.clients.consumer.ConsumerRecords");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("iterator").and(isPublic()).and(takesArguments(0)),
        getClass().getName() + "$IteratorAdvice");
    transformer.applyAdviceToMethod(
        named("records")
            .and(isPublic())
            .and(takesArguments(1))
            .and(takesArgument(0, named("org.apache.kafka.common.TopicPartition"))),
        getClass().getName() + "$PartitionRecordsAdvice");
    transformer.applyAdviceToMethod(
        named("records")
            .and(isPublic())
            .and(takesArguments(1))
            .and(takesArgument(0, String.class)),
        getClass().getName() + "$TopicRecordsAdvice");
  }

  @SuppressWarnings("unused")
  public static final class IteratorAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This ConsumerRecords<?, ?> records, @Advice.Return Iterator<?> iterator) {
      return TracingIterator.wrap(records, iterator);
    }
  }

  @SuppressWarnings("unused")
  public static final class PartitionRecordsAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This ConsumerRecords<?, ?> records, @Advice.Return List<?> list) {
      return TracingList.wrap(records, list);
    }
  }

  @SuppressWarnings("unused")
  public static final class TopicRecordsAdvice {

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This ConsumerRecords<?, ?> records, @Advice.Return Iterable<?> iterable) {
      return TracingIterable.wrap(records, iterable);
    }
  }
}
