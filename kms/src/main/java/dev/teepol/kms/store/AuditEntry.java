package dev.teepol.kms.store;

import java.time.Instant;

/**
 * One audit row. {@code detail} holds the failing checks of a refused release (ids and reasons,
 * never a secret), or what an admin action changed.
 */
public record AuditEntry(
    long seq,
    Instant at,
    String action,
    String secret,
    String evidenceSha256,
    String policySha256,
    String decision,
    String detail,
    String prevHash,
    String hash) {

  /** What a caller appends; the chain fills seq and hashes. */
  public record Draft(
      Instant at,
      String action,
      String secret,
      String evidenceSha256,
      String policySha256,
      String decision,
      String detail) {}
}
