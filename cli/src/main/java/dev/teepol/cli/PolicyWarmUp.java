package dev.teepol.cli;

import dev.teepol.policy.compile.Policies;
import java.util.Set;

/**
 * Start-up: compiling the first policy of a process costs more than the rest of a verification
 * (loading and initialising CEL's parser, checker, standard library and protobuf descriptors). A
 * command that compiles a policy starts that work on a second thread while the main thread parses
 * its arguments, loads the providers and reads the evidence; the main thread's own compile then
 * finds it done (class initialisation is shared and thread-safe) or waits for the rest. Nothing the
 * command decides depends on this thread: its result is thrown away, and so is any failure, which
 * the main thread's own compile reports in full.
 */
final class PolicyWarmUp {
  /** The commands that compile a policy before they can do anything else. */
  private static final Set<String> COMPILING =
      Set.of("verify", "verify-signature", "test", "lint", "policy", "corpus");

  private PolicyWarmUp() {}

  static void startFor(String command) {
    if (command == null || !COMPILING.contains(command)) {
      return;
    }
    Thread t = new Thread(PolicyWarmUp::compileBuiltin, "teepol-policy-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void compileBuiltin() {
    try {
      Policies.strict();
    } catch (RuntimeException | LinkageError e) {
      // The main thread compiles the real policy and reports what is wrong with it.
    }
  }
}
