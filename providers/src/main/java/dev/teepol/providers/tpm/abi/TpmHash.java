package dev.teepol.providers.tpm.abi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The TPM hash algorithms teepol replays and verifies (TPM_ALG_ID, TCG Algorithm Registry), weakest
 * first. SHA-1 is decoded like the others: refusing it is a policy's decision ({@code
 * substrate.allowWeakDigests}), not the parser's.
 */
public enum TpmHash {
  SHA1(0x0004, 20, "SHA-1", "sha1"),
  SHA256(0x000B, 32, "SHA-256", "sha256"),
  SHA384(0x000C, 48, "SHA-384", "sha384"),
  SHA512(0x000D, 64, "SHA-512", "sha512");

  /** Strongest first: the order banks are tried in. */
  public static final List<TpmHash> STRONGEST_FIRST =
      List.of(values()).stream().sorted(Comparator.reverseOrder()).toList();

  /** The largest digest of any algorithm: the bound of a TPMU_HA / TPM2B_DIGEST. */
  public static final int MAX_DIGEST = 64;

  private final int id;
  private final int size;
  private final String jcaName;
  private final String label;

  /** One reused digest per thread: event logs hash every event's data in every bank. */
  private final ThreadLocal<MessageDigest> perThread;

  TpmHash(int id, int size, String jcaName, String label) {
    this.id = id;
    this.size = size;
    this.jcaName = jcaName;
    this.label = label;
    this.perThread = ThreadLocal.withInitial(this::newDigest);
  }

  /** TPM_ALG_ID. */
  public int id() {
    return id;
  }

  /** Digest size in bytes. */
  public int size() {
    return size;
  }

  /** The JCA name ("SHA-256"). */
  public String jcaName() {
    return jcaName;
  }

  /** The lowercase name used in the evidence model and measurement keys ({@code sha256:pcr7}). */
  public String label() {
    return label;
  }

  public static Optional<TpmHash> byId(int id) {
    for (TpmHash h : values()) {
      if (h.id == id) {
        return Optional.of(h);
      }
    }
    return Optional.empty();
  }

  /** A fresh digest instance (callers on hot paths keep theirs). */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " unavailable", e);
    }
  }

  public byte[] hash(byte[] data) {
    MessageDigest md = perThread.get();
    md.reset();
    return md.digest(data);
  }

  public byte[] hash(byte[] data, int off, int len) {
    MessageDigest md = perThread.get();
    md.reset();
    md.update(data, off, len);
    return md.digest();
  }

  /** "0x000b (sha256)" for messages; unknown ids as hex only. */
  public static String describe(int id) {
    return String.format("0x%04x", id) + byId(id).map(h -> " (" + h.label + ")").orElse("");
  }
}
