package dev.teepol.kms.broker;

/** The broker's own check ids, reported beside the policy's in a refusal (docs/kms.md). */
public final class BrokerChecks {
  /** The nonce was issued by this broker (or a replica sharing its database), unexpired, unused. */
  public static final String NONCE = "kms.release.nonce";

  /** A secret of that name exists. */
  public static final String SECRET = "kms.release.secret";

  /** The stored policy compiles (it did when stored; a newer teepol might reject it). */
  public static final String POLICY = "kms.release.policy";

  /** report_data, proven by the hardware, is {@link ReleaseBinding#reportData}. */
  public static final String BINDING = "kms.release.binding";

  private BrokerChecks() {}
}
