package dev.lantern.agent;

import java.lang.ref.WeakReference;

/** Tests that check an object is no longer reachable: they ask for collections until it is gone. */
public final class GarbageCollection {

  private GarbageCollection() {}

  /** Whether the referent was collected within some fifty full collections. */
  public static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(10);
    }
    return reference.get() == null;
  }
}
