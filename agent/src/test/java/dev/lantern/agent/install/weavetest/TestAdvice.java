package dev.lantern.agent.install.weavetest;

import net.bytebuddy.asm.Advice;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Advice classes for the weaver tests; each records what it saw in {@link #CALLS}. */
public final class TestAdvice {

  public static final List<String> CALLS = new CopyOnWriteArrayList<>();

  private TestAdvice() {}

  /** Enter and exit with the object, an argument, the enter value, the return value and the thrown. */
  public static final class Recording {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object enter(@Advice.This Object self, @Advice.Argument(0) Object arg) {
      CALLS.add("enter " + (self == null ? "static" : self.getClass().getSimpleName()) + " " + arg);
      return "token";
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void exit(
        @Advice.Enter Object token,
        @Advice.Argument(0) Object arg,
        @Advice.Return Object returned,
        @Advice.Thrown Throwable thrown) {
      CALLS.add("exit " + token + " " + arg + " " + returned + " " + (thrown == null ? null : thrown.getMessage()));
    }
  }

  /** Primitive arguments and a long return value (two-slot types in the frames). */
  public static final class Numbers {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static long enter(@Advice.Argument(0) long a, @Advice.Argument(1) double b, @Advice.Argument(2) int c) {
      CALLS.add("numbers " + a + " " + b + " " + c);
      return a * 1000;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void exit(@Advice.Enter long entered, @Advice.Return long returned) {
      CALLS.add("numbers exit " + entered + " " + returned);
    }
  }

  /** Replaces the first argument. */
  public static final class ReplaceArgument {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(@Advice.AssignReturned.ToArguments.ToArgument(value = 0, index = 0))
    public static Object[] enter(@Advice.Argument(0) String name) {
      return "keep".equals(name) ? null : new Object[] {"replaced " + name};
    }
  }

  /** Replaces the return value (scalar form; null keeps it). */
  public static final class UpperCaseReturn {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned
    public static String exit(@Advice.Return String returned) {
      return returned.startsWith("hello keep") ? null : returned.toUpperCase();
    }
  }

  /** Reads an inherited field, writes a field and the return value from an array. */
  public static final class Fields {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(index = 0)
    @Advice.AssignReturned.ToFields(@Advice.AssignReturned.ToFields.ToField(value = "note", index = 1))
    public static Object[] exit(@Advice.FieldValue("counter") int counter, @Advice.Return String returned) {
      return new Object[] {returned + " #" + counter, "renamed"};
    }
  }

  /** Throws from both ends: the application must not notice. */
  public static final class Throwing {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object enter() {
      throw new IllegalStateException("enter advice fails");
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void exit() {
      throw new IllegalStateException("exit advice fails");
    }
  }

  /** Constructors: exit sees the constructed object. */
  public static final class Constructor {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void enter(@Advice.This Object self) {
      CALLS.add("constructing " + self.getClass().getSimpleName());
    }

    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void exit(@Advice.This Object self) throws Exception {
      // the woven WeaveTarget is another class than the test's own: read it reflectively
      CALLS.add("constructed " + self.getClass().getMethod("note").invoke(self));
    }
  }

  /** A second advice on a method that already has one. */
  public static final class Outer {
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void exit(@Advice.Return Object returned) {
      CALLS.add("outer " + returned);
    }
  }
}
