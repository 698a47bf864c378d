package dev.teepol.verifier;

import dev.teepol.policy.compile.PolicyCompileException;
import java.util.Optional;

/**
 * A {@link TeepolVerifier} cannot be built as configured: the policy does not compile (with every
 * error at file:line:col), a trust-anchor file is not one certificate, a collateral directory does
 * not exist. Thrown by {@link TeepolVerifier.Builder#build()}, never by a verification: bad
 * evidence is a DENY result, not an exception.
 */
public final class TeepolConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String where;
  private final transient PolicyCompileException compileErrors;

  public TeepolConfigurationException(String where, String message) {
    this(where, message, null);
  }

  public TeepolConfigurationException(
      String where, String message, PolicyCompileException compileErrors) {
    super(where + ": " + message, compileErrors);
    this.where = where;
    this.compileErrors = compileErrors;
  }

  /** The file, option or policy reference at fault. */
  public String where() {
    return where;
  }

  /** The message without {@link #where()}. */
  public String problem() {
    return getMessage().substring(where.length() + 2);
  }

  /** When the policy does not compile: every diagnostic, with source line, caret and suggestion. */
  public Optional<PolicyCompileException> compileErrors() {
    return Optional.ofNullable(compileErrors);
  }
}
