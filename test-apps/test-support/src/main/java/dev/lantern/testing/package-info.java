/**
 * Helpers for agent-attached tests: fork a test application under the agent, receive its spans over
 * real OTLP/HTTP, scrape its Prometheus endpoint, and assert. Nothing here depends on JUnit;
 * failures are {@link java.lang.AssertionError}s carrying a dump of what was received.
 *
 * <pre>{@code
 * try (OtlpReceiver otlp = OtlpReceiver.start();
 *     ForkedJvm app = ForkedJvm.builder()
 *         .mainClass("dev.lantern.apps.HttpApp")
 *         .classpath(ForkedJvm.classpathOf("log4j-"))
 *         .agentJar(ForkedJvm.agentJar())
 *         .env("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint())
 *         .sysProp("lantern.metrics.port", String.valueOf(metricsPort))
 *         .start()) {
 *   app.awaitLine(Pattern.compile("listening on"), Duration.ofSeconds(30));
 *   Http.get(appUrl + "/orders").requireStatus(200);
 *   ReceivedSpan server = otlp.awaitSpan(s -> s.kind().equals("SERVER"), Duration.ofSeconds(30));
 *   PrometheusScrape metrics = PrometheusScrape.scrape("http://127.0.0.1:" + metricsPort + "/metrics");
 * }
 * }</pre>
 */
package dev.lantern.testing;
