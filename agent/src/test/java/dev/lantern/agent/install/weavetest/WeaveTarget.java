package dev.lantern.agent.install.weavetest;

/** The class the weaver tests instrument: each method is shaped to stress one part of weaving. */
public class WeaveTarget extends WeaveTargetBase {

  private String note;

  public WeaveTarget(String note) {
    super();
    this.note = note;
  }

  public WeaveTarget() {
    this(Boolean.getBoolean("never.set") ? "a" : "default"); // a branch before this(...)
  }

  public String greet(String name) {
    return "hello " + name;
  }

  public long sum(long a, double b, int c) {
    long r = a + c;
    if (b > 0) {
      r += (long) b;
    }
    return r;
  }

  public String fails(String message) {
    throw new IllegalArgumentException(message);
  }

  /** Loops, an exception caught inside, locals of several types: the original frames must hold. */
  public int loops(int n) {
    int total = 0;
    String last = null;
    for (int i = 0; i < n; i++) {
      try {
        if (i % 3 == 0) {
          throw new IllegalStateException("skip " + i);
        }
        total += i;
      } catch (IllegalStateException e) {
        last = e.getMessage();
        total -= 1;
      }
    }
    double scale = last == null ? 1.0 : 2.0;
    return (int) (total * scale);
  }

  public String rename(String to) {
    return note + "->" + to;
  }

  public String note() {
    return note;
  }

  public int counter() {
    return counter;
  }

  public static String echo(String s) {
    return s;
  }

  public void nothing() {}

  public String twice(String s) {
    return s + s;
  }
}
