package dev.teepol.core.verdict;

/**
 * What kind of fact a check establishes. The split lets a caller tell "the evidence is genuine"
 * (signatures, chains, bindings, collateral) from "the evidence is acceptable" (TCB level, policy).
 */
public enum CheckCategory {
  /** The input could be decoded at all. */
  PARSE,
  /** A signature over the evidence or its collateral. */
  SIGNATURE,
  /** A certificate chain to a trust anchor, including revocation. */
  CHAIN,
  /** A value is tied to another (report data, key hash, FMSPC, identity of the quoting enclave). */
  BINDING,
  /** Collateral integrity and freshness windows. */
  COLLATERAL,
  /** The platform's security-version level as judged by the vendor's TCB data. */
  TCB,
  /** A decision rule of a policy. */
  POLICY;

  /** Whether a FAIL in this category means the evidence is not genuine. */
  public boolean bearsOnGenuineness() {
    return this != TCB && this != POLICY;
  }
}
