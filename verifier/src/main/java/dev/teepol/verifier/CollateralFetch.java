package dev.teepol.verifier;

import java.time.Duration;

/**
 * One request a verification made to a configured collateral source, as a {@link
 * TeepolVerifier.Builder#collateralObserver} sees it (a service counts them for its metrics).
 *
 * @param type the request type ({@code tcb_info}, {@code qe_identity}, {@code pck_crl}, an NRAS
 *     JWKS, ...)
 * @param source which source answered: its class name ({@code DirectoryCollateralSource}, {@code
 *     PcsHttpCollateralSource}, ...)
 * @param result found, not there, or failed (an HTTP error, an oversized or unreadable document)
 * @param took how long the source took
 */
public record CollateralFetch(String type, String source, Result result, Duration took) {
  /** What the source answered. */
  public enum Result {
    FOUND,
    NOT_FOUND,
    FAILED
  }
}
