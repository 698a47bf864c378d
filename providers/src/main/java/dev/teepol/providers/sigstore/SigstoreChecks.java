package dev.teepol.providers.sigstore;

/**
 * The check ids of a Sigstore bundle verification (docs/providers/sigstore.md). Every material a
 * bundle carries is checked: one check per kind of material, covering every instance of it (each
 * tlog entry, each DSSE signature).
 */
public final class SigstoreChecks {
  /** The bundle decodes (media type v0.1-v0.3, what its version requires). PARSE. */
  public static final String PARSE = "sigstore.bundle.parse";

  /** The trusted root decodes; a copy supplied with a release is the configured one. CHAIN. */
  public static final String TRUSTED_ROOT = "sigstore.trusted_root";

  /**
   * The Fulcio leaf chains to a CA of the trusted root at the log's integrated time, the CA was
   * valid then, and the leaf is a code-signing certificate. CHAIN.
   */
  public static final String CERTIFICATE_CHAIN = "sigstore.certificate.chain";

  /** An SCT embedded in the leaf verifies with a CT log key of the trusted root. SIGNATURE. */
  public static final String SCT = "sigstore.certificate.sct";

  /** Every signed integrated time lies inside the leaf's validity and not after now. CHAIN. */
  public static final String CERTIFICATE_TIME = "sigstore.certificate.time";

  /**
   * The DSSE signatures (over PAE) or the message signature verify with the leaf key. SIGNATURE.
   */
  public static final String SIGNATURE = "sigstore.signature";

  /** At least one tlog entry; each names a log of the trusted root valid at its time. BINDING. */
  public static final String TLOG_ENTRY = "sigstore.tlog.entry";

  /** Each entry's body is this bundle's content: kind, payload hash, signature, certificate. */
  public static final String TLOG_BODY = "sigstore.tlog.body";

  /**
   * Each signed entry timestamp verifies with its log's key; at least one is present. SIGNATURE.
   */
  public static final String TLOG_SET = "sigstore.tlog.set";

  /** Each inclusion proof leads from the entry's leaf hash to its root hash. BINDING. */
  public static final String TLOG_INCLUSION = "sigstore.tlog.inclusion_proof";

  /** Each inclusion proof's checkpoint is signed by its log and commits to that root. SIGNATURE. */
  public static final String TLOG_CHECKPOINT = "sigstore.tlog.checkpoint";

  /** Only when the bundle carries RFC 3161 timestamps: teepol does not verify them. */
  public static final String TIMESTAMP = "sigstore.timestamp";

  /** The DSSE payload is an in-toto statement whose known predicate decodes. PARSE. */
  public static final String STATEMENT = "sigstore.statement";

  /** Only with an artifact digest: it is a subject of the statement (or the signed digest). */
  public static final String SUBJECT_DIGEST = "sigstore.subject.digest";

  /** Only with pinned identities: the certificate's issuer and SAN match one of them. BINDING. */
  public static final String IDENTITY = "sigstore.identity";

  private SigstoreChecks() {}
}
