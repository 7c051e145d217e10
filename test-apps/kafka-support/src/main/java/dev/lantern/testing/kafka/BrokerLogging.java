package dev.lantern.testing.kafka;

import java.util.List;

/**
 * Keeps broker logs at WARN and above. Kafka logs through SLF4J, bound here to Log4j 2; without a
 * configuration Log4j 2 would show only ERROR, and a broker at INFO floods test output.
 */
final class BrokerLogging {
    static final String CONFIG_PROPERTY = "log4j2.configurationFile";
    static final String QUIET_CONFIG = "dev/lantern/testing/kafka/broker-log4j2.xml";

    private static final List<String> STANDARD_CONFIG_NAMES = List.of("log4j2-test", "log4j2");
    private static final List<String> STANDARD_CONFIG_EXTENSIONS =
            List.of(".xml", ".properties", ".yaml", ".yml", ".json", ".jsn");

    private BrokerLogging() {}

    /**
     * Points Log4j 2 at the quiet configuration unless the JVM already chose one (system property
     * or a standard config file on the classpath). Takes effect only if called before Log4j 2 starts,
     * i.e. before the first Kafka class logs.
     */
    static void useQuietDefaults() {
        if (System.getProperty(CONFIG_PROPERTY) != null || hasStandardConfigFile()) {
            return;
        }
        System.setProperty(CONFIG_PROPERTY, "classpath:" + QUIET_CONFIG);
    }

    private static boolean hasStandardConfigFile() {
        ClassLoader loader = BrokerLogging.class.getClassLoader();
        for (String name : STANDARD_CONFIG_NAMES) {
            for (String extension : STANDARD_CONFIG_EXTENSIONS) {
                if (loader.getResource(name + extension) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
