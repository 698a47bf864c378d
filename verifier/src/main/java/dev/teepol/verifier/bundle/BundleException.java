package dev.teepol.verifier.bundle;

/**
 * A policy bundle that is refused: malformed (naming the field), not signed by a trusted signer, or
 * older than the version this verifier already accepted (rollback).
 */
public final class BundleException extends Exception {
  private static final long serialVersionUID = 1L;

  public BundleException(String message) {
    super(message);
  }

  public BundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
