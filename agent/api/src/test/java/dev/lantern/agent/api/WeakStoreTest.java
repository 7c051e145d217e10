package dev.lantern.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakStoreTest {

  /** Equal by value, as many library classes are: the store must still tell instances apart. */
  private record Key(String name) {}

  @Test
  void keysAreComparedByIdentity() {
    WeakStore<Key, String> store = new WeakStore<>();
    Key a = new Key("same");
    Key b = new Key("same");
    store.put(a, "for a");
    assertEquals("for a", store.get(a));
    assertNull(store.get(b));
    store.put(b, "for b");
    assertEquals("for a", store.get(a));
    assertEquals("for b", store.get(b));
    assertEquals("for b", store.putIfAbsent(b, "other"));
    assertEquals("for a", store.remove(a));
    assertNull(store.get(a));
  }

  @Test
  void entriesGoAwayWithTheirKeys() throws InterruptedException {
    WeakStore<Object, byte[]> store = new WeakStore<>();
    List<Object> kept = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Object key = new Object();
      if (i % 10 == 0) {
        kept.add(key);
      }
      store.put(key, new byte[1024]);
    }
    for (int attempt = 0; attempt < 50 && store.size() > kept.size(); attempt++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(kept.size(), store.size(), "only the entries whose keys are still referenced remain");
  }
}
