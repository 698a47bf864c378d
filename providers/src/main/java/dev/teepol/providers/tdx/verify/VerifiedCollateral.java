package dev.teepol.providers.tdx.verify;

import dev.teepol.core.verdict.CheckResult;
import dev.teepol.providers.tdx.collateral.QeIdentity;
import dev.teepol.providers.tdx.collateral.TcbInfo;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking one set of DCAP collateral: the checks, and the TCB info / QE identity
 * whose signatures verified (absent when missing or not authentic, so nothing downstream can judge
 * a TCB with unauthenticated data). {@code validFrom..validUntil} is the window in which every
 * time-dependent check keeps its outcome, which is what makes the result cacheable.
 */
record VerifiedCollateral(
    List<CheckResult> checks,
    Optional<TcbInfo> tcbInfo,
    Optional<QeIdentity> qeIdentity,
    Instant validFrom,
    Instant validUntil,
    String source) {
  public VerifiedCollateral {
    checks = List.copyOf(checks);
  }

  boolean allPassed() {
    return checks.stream().allMatch(CheckResult::passed);
  }
}
