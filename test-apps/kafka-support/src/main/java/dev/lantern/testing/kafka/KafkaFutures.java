package dev.lantern.testing.kafka;

import org.apache.kafka.common.KafkaFuture;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking waits on Admin results, with unchecked failures so test code stays short. */
final class KafkaFutures {
    /** Wait limit for one admin operation; a healthy local broker answers in milliseconds. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private KafkaFutures() {}

    static <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin operation took longer than " + LIMIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during a Kafka admin operation", e);
        }
    }
}
