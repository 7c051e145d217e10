package dev.lantern.agent.api;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-object context without changing the object's class: a concurrent map keyed weakly and by
 * identity, so an entry disappears when its key is collected and {@code equals} overrides of
 * library classes cannot mix two objects up. Use it to remember, say, the SQL of a {@code
 * PreparedStatement} or the context a {@code ConsumerRecord} arrived with.
 *
 * <pre>{@code
 * static final WeakStore<PreparedStatement, SqlInfo> SQL = new WeakStore<>();
 * SQL.put(statement, info);   ...   SqlInfo info = SQL.get(statement);
 * }</pre>
 *
 * Cleared entries are purged on writes. Adding fields to application classes instead would break
 * retransformation and other agents.
 */
public final class WeakStore<K, V> {

  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> queue = new ReferenceQueue<>();

  public V get(K key) {
    return key == null ? null : map.get(new Lookup(key));
  }

  public void put(K key, V value) {
    if (key == null) {
      return;
    }
    purge();
    if (value == null) {
      map.remove(new Lookup(key));
    } else {
      map.put(new Entry<>(key, queue), value);
    }
  }

  /** Stores the value unless one is present; returns the value in the store. */
  public V putIfAbsent(K key, V value) {
    if (key == null || value == null) {
      return value;
    }
    purge();
    V existing = map.putIfAbsent(new Entry<>(key, queue), value);
    return existing != null ? existing : value;
  }

  public V remove(K key) {
    return key == null ? null : map.remove(new Lookup(key));
  }

  /** Live and not yet purged entries; for tests and self-metrics. */
  public int size() {
    purge();
    return map.size();
  }

  private void purge() {
    for (Object cleared; (cleared = queue.poll()) != null; ) {
      map.remove(cleared);
    }
  }

  /** The stored key: weak, hashed by identity; equal to a lookup for the same referent. */
  private static final class Entry<K> extends WeakReference<K> {
    private final int hash;

    Entry(K key, ReferenceQueue<K> queue) {
      super(key, queue);
      this.hash = System.identityHashCode(key);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      Object referent = get();
      if (referent == null) {
        return false;
      }
      if (other instanceof Entry) {
        return referent == ((Entry<?>) other).get();
      }
      return other instanceof Lookup && referent == ((Lookup) other).key;
    }
  }

  /** A short-lived strong key for lookups, so a get does not allocate a weak reference. */
  private static final class Lookup {
    final Object key;

    Lookup(Object key) {
      this.key = key;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(key);
    }

    @Override
    public boolean equals(Object other) {
      if (other instanceof Entry) {
        return ((Entry<?>) other).get() == key;
      }
      return other instanceof Lookup && ((Lookup) other).key == key;
    }
  }
}
