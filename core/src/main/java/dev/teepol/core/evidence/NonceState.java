package dev.teepol.core.evidence;

import java.util.Locale;

/** What the evidence shows about the caller's freshness challenge; see {@link NonceInfo}. */
public enum NonceState {
  /**
   * The caller supplied no nonce: freshness is not established, and no provider nonce check ran.
   */
  NOT_SUPPLIED,
  /** The evidence carries the supplied nonce where its format binds one. */
  MATCHES,
  /**
   * A nonce was supplied and the evidence was not shown to carry it (another value, or none
   * readable).
   */
  DIFFERS;

  /** As reports print it: {@code not supplied}, {@code matches}, {@code differs}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }

  /** As JSON writes it: {@code not_supplied}, {@code matches}, {@code differs}. */
  public String token() {
    return name().toLowerCase(Locale.ROOT);
  }
}
