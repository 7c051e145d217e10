package dev.lantern.demo.common;

/**
 * A webhook as it travels from the ingress to the classifier, as JSON in the record value.
 *
 * @param id assigned by the ingress, also the record key and the result's id
 * @param source the sending system, as the caller named it ({@code "support"}, {@code "billing"} …)
 * @param text the message to classify
 * @param receivedAt epoch milliseconds when the ingress accepted it
 */
public record Webhook(String id, String source, String text, long receivedAt) {

  /** Topic the ingress publishes to and the classifier consumes. */
  public static final String TOPIC = "webhooks";
}
