package dev.teepol.core.evidence;

import dev.teepol.core.bytes.Hex;

/**
 * Freshness, one rule for every provider (docs/evidence-model.md, "Freshness"): without a supplied
 * nonce no provider runs a nonce check and the state is {@link NonceState#NOT_SUPPLIED}; with one,
 * the provider's nonce check FAILs unless the evidence carries it where its format binds a nonce
 * (TDX report_data, dstack's conventions, NEAR report_data[32:64], the NRAS eat_nonce). Whether a
 * decision requires freshness is the policy's call ({@code spec.freshness.requireNonce}).
 *
 * @param expected the supplied nonce, lowercase hex; "" when none was supplied
 * @param matches the evidence was shown to carry it (false without one)
 */
public record NonceInfo(String expected, boolean matches) {
  public static final NonceInfo NONE = new NonceInfo("", false);

  /**
   * The state of a supplied nonce: {@code carried} says whether the evidence was shown to carry it.
   */
  public static NonceInfo supplied(byte[] nonce, boolean carried) {
    return new NonceInfo(Hex.of(nonce), carried);
  }

  /** Derived, never stored, so it cannot disagree with {@code expected} and {@code matches}. */
  public NonceState state() {
    if (expected.isEmpty()) {
      return NonceState.NOT_SUPPLIED;
    }
    return matches ? NonceState.MATCHES : NonceState.DIFFERS;
  }
}
