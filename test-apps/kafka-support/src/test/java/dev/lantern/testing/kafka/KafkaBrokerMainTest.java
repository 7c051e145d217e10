package dev.lantern.testing.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaBrokerMainTest {
    @Test
    void portArgumentIsOptional() {
        assertEquals(0, KafkaBrokerMain.parsePort(new String[0]));
        assertEquals(9092, KafkaBrokerMain.parsePort(new String[] {"--port", "9092"}));
    }

    @Test
    void unknownArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> KafkaBrokerMain.parsePort(new String[] {"--bogus"}));
        assertThrows(IllegalArgumentException.class, () -> KafkaBrokerMain.parsePort(new String[] {"--port"}));
    }
}
