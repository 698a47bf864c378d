package dev.teepol.server.policy;

import java.util.List;

/** A policy directory that cannot be served as a whole; {@link #problems()} lists every reason. */
public final class PolicyLoadException extends Exception {
  private final List<String> problems;

  public PolicyLoadException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
