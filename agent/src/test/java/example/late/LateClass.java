package example.late;

/** A class outside the agent's packages, for the retransformation tests. */
public final class LateClass {
  private LateClass() {}
}
