package dev.teepol.verifier.review;

/**
 * Evidence that cannot be pinned (a check failed and no reason to accept it was given), or a policy
 * that cannot be updated in place (a section written in a YAML style teepol cannot extend without
 * rewriting it).
 */
public final class PinException extends Exception {
  private static final long serialVersionUID = 1L;

  public PinException(String message) {
    super(message);
  }
}
