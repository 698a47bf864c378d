package dev.teepol.providers.sigstore.sim;

/** One thing wrong with a simulated bundle; each makes exactly one check fail (or not pass). */
public enum Defect {
  NONE,
  /** The leaf is issued by a CA the trusted root does not name. */
  UNTRUSTED_CA,
  /** The leaf lacks the code-signing extended key usage. */
  NOT_CODE_SIGNING,
  /** The embedded SCT is signed by a key that is not the CT log's. */
  SCT_BAD_SIGNATURE,
  /** The leaf embeds no SCT. */
  NO_SCT,
  /** The DSSE signature is made with another key (the log records that signature). */
  DSSE_BAD_SIGNATURE,
  /** The DSSE payload type is not in-toto. */
  NOT_IN_TOTO,
  /** The signed entry timestamp is signed by a key that is not the log's. */
  SET_BAD_SIGNATURE,
  /** No signed entry timestamp (v0.3 allows it): the integrated time is signed by nobody. */
  NO_SET,
  /** One hash of the audit path is flipped. */
  PROOF_BAD_HASH,
  /** The checkpoint is signed by a key that is not the log's. */
  CHECKPOINT_BAD_SIGNATURE,
  /** The checkpoint is validly signed but commits to another root. */
  CHECKPOINT_OTHER_ROOT,
  /** The checkpoint is validly signed by the log's key but under another log's name. */
  CHECKPOINT_OTHER_NAME,
  /** The inclusion proof carries no checkpoint. */
  NO_CHECKPOINT,
  /** The log entry (validly logged and signed) is about another payload. */
  BODY_OTHER_PAYLOAD,
  /** The log entry (validly logged and signed) names another certificate as the verifier. */
  BODY_OTHER_CERTIFICATE,
  /** The log entry (validly logged and signed) holds another signature than the envelope's. */
  BODY_OTHER_SIGNATURE,
  /** The log signed an integrated time after the leaf expired. */
  LOGGED_AFTER_EXPIRY,
  /** The entry comes from a log the trusted root does not name. */
  UNKNOWN_LOG,
  /** The bundle has no transparency log entry at all. */
  NO_TLOG_ENTRY,
  /** The bundle carries an RFC 3161 timestamp (not verified by teepol). */
  RFC3161_TIMESTAMP,
  /** The statement names another artifact than the published digest. */
  OTHER_SUBJECT
}
