package dev.lantern.instrumentation.kafkaclients;

import static dev.lantern.agent.api.matcher.ElementMatchers.isPublic;
import static dev.lantern.agent.api.matcher.ElementMatchers.named;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArgument;
import static dev.lantern.agent.api.matcher.ElementMatchers.takesArguments;

import dev.lantern.agent.api.TypeInstrumentation;
import dev.lantern.agent.api.TypeTransformer;
import net.bytebuddy.asm.Advice;
import dev.lantern.agent.api.matcher.TypeInfo;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import dev.lantern.agent.api.matcher.ElementMatcher;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code KafkaProducer.send(ProducerRecord, Callback)}; {@code send(ProducerRecord)} calls it, so
 * both yield one span.
 */
public final class KafkaProducerInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeInfo> typeMatcher() {
    return named("org.apache.kafka.clients.producer.KafkaProducer");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("send")
            .and(isPublic())
            .and(takesArguments(2))
            .and(takesArgument(0, named("org.apache.kafka.clients.producer.ProducerRecord")))
            .and(takesArgument(1, named("org.apache.kafka.clients.producer.Callback"))),
        getClass().getName() + "$SendAdvice");
  }

  @SuppressWarnings("unused")
  public static final class SendAdvice {

    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments({
      @Advice.AssignReturned.ToArguments.ToArgument(
          value = 0,
          index = 0,
          typing = Assigner.Typing.DYNAMIC),
      @Advice.AssignReturned.ToArguments.ToArgument(
          value = 1,
          index = 1,
          typing = Assigner.Typing.DYNAMIC)
    })
    public static Object[] onEnter(
        @Advice.This KafkaProducer<?, ?> producer,
        @Advice.Argument(0) ProducerRecord<?, ?> record,
        @Advice.Argument(1) Callback callback) {
      return ProducerSends.start(producer, record, callback);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable error) {
      ProducerSends.end(state, error);
    }
  }
}
