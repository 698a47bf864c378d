package dev.teepol.server.policy;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The set served now and what the last reload did. A reload compiles and tests a whole new set
 * first and swaps it in with one reference write; a set that fails keeps the old one served and is
 * reported (log, /readyz). Reloads are serialized; readers never wait.
 */
public final class PolicyRegistry {
  private final PolicyDirectory directory;
  private final Clock clock;
  private final Consumer<ReloadOutcome> listener;
  private final AtomicReference<PolicySet> current = new AtomicReference<>();
  private final AtomicReference<ReloadOutcome> last = new AtomicReference<>();

  public PolicyRegistry(PolicyDirectory directory, Clock clock, Consumer<ReloadOutcome> listener) {
    this.directory = directory;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * The first load: a directory that does not load is a start-up error.
   *
   * @throws PolicyLoadException every problem found
   */
  public synchronized PolicySet loadInitial() throws PolicyLoadException {
    PolicySet s;
    try {
      s = directory.load(Optional.empty());
    } catch (PolicyLoadException e) {
      record(new ReloadOutcome(false, clock.instant(), "", e.problems()));
      throw e;
    }
    current.set(s);
    record(new ReloadOutcome(true, s.loadedAt(), s.digest(), List.of()));
    return s;
  }

  /**
   * Loads the directory again if its content changed (or {@code force}).
   *
   * @return what happened
   */
  public synchronized ReloadOutcome reload(boolean force) {
    PolicySet served = current.get();
    String digest;
    try {
      digest = directory.digest();
    } catch (IOException e) {
      return record(
          new ReloadOutcome(false, clock.instant(), "", List.of(String.valueOf(e.getMessage()))));
    }
    if (!force && served != null && served.digest().equals(digest)) {
      ReloadOutcome prev = last.get();
      if (prev != null && prev.ok()) {
        return prev;
      }
    }
    ReloadOutcome prev = last.get();
    if (!force && prev != null && !prev.ok() && digest.equals(prev.digest())) {
      // The same broken content as last time: already reported.
      return prev;
    }
    try {
      PolicySet next = directory.load(Optional.ofNullable(served));
      current.set(next);
      return record(new ReloadOutcome(true, next.loadedAt(), next.digest(), List.of()));
    } catch (PolicyLoadException e) {
      return record(new ReloadOutcome(false, clock.instant(), digest, e.problems()));
    }
  }

  private ReloadOutcome record(ReloadOutcome o) {
    last.set(o);
    try {
      listener.accept(o);
    } catch (RuntimeException e) {
      // Logging must not stop a reload.
    }
    return o;
  }

  /** The set served now (null before the first successful load). */
  public PolicySet current() {
    return current.get();
  }

  public Optional<ReloadOutcome> lastReload() {
    return Optional.ofNullable(last.get());
  }

  public PolicyDirectory directory() {
    return directory;
  }
}
