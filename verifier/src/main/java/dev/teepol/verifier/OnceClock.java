package dev.teepol.verifier;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock read at most once, and only when something needs the time: every reader of one
 * verification (provider, policy, report) sees the same instant, and a verification whose evidence
 * and policy need no time never reads the caller's clock at all (a corpus case without a
 * verification time does not touch the wall clock).
 */
final class OnceClock extends Clock {
  private final Clock source;
  private Instant read;

  OnceClock(Clock source) {
    this.source = source;
  }

  @Override
  public synchronized Instant instant() {
    if (read == null) {
      read = source.instant();
    }
    return read;
  }

  synchronized boolean wasRead() {
    return read != null;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    // Only UTC is used; a zoned copy would need its own memory of the instant, so refuse it.
    if (!ZoneOffset.UTC.equals(zone)) {
      throw new UnsupportedOperationException("OnceClock is UTC only");
    }
    return this;
  }
}
