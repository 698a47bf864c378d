package dev.teepol.core.spi;

/** A collateral source failed (unreadable file, HTTP error, oversized document). */
public final class CollateralException extends Exception {
  public CollateralException(String message) {
    super(message);
  }

  public CollateralException(String message, Throwable cause) {
    super(message, cause);
  }
}
