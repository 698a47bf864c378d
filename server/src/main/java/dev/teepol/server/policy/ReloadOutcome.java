package dev.teepol.server.policy;

import java.time.Instant;
import java.util.List;

/**
 * What the last attempt to load the policy directory did.
 *
 * @param ok the set was loaded and is served (or nothing had changed)
 * @param problems every reason a set was refused: compile errors at file:line:col, failing suite
 *     cases, duplicate names; empty when ok
 */
public record ReloadOutcome(boolean ok, Instant at, String digest, List<String> problems) {
  public ReloadOutcome {
    problems = List.copyOf(problems);
  }
}
