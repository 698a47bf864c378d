package dev.teepol.verifier;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What may differ between two verifications by the same {@link TeepolVerifier}: the freshness nonce
 * the caller issued, a name for the evidence in messages and reports, and recorded GPU evidence
 * material. Immutable; build with {@link #builder()}.
 */
public final class VerifyOptions {
  private static final VerifyOptions NONE = builder().build();

  /**
   * The longest nonce any evidence can carry: report_data is 64 bytes (TDX, SGX, SEV-SNP), NEAR
   * nodes carry 32. A longer one could never match, so it is refused rather than silently failed.
   */
  public static final int MAX_NONCE_BYTES = 64;

  private final Optional<byte[]> nonce;
  private final String name;
  private final Optional<Path> nrasDirectory;

  private VerifyOptions(Builder b) {
    this.nonce = b.nonce.map(byte[]::clone);
    this.name = b.name;
    this.nrasDirectory = b.nrasDirectory;
  }

  /** No nonce, the name {@code "evidence"}, no extra material. */
  public static VerifyOptions defaults() {
    return NONE;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The nonce the evidence must carry (a copy), when one was issued. */
  public Optional<byte[]> nonce() {
    return nonce.map(byte[]::clone);
  }

  public String name() {
    return name;
  }

  /**
   * A directory of recorded NVIDIA NRAS material for this verification, consulted after the
   * verifier's own.
   */
  public Optional<Path> nrasDirectory() {
    return nrasDirectory;
  }

  /**
   * Every option as one string, for the verdict cache key: two options with the same key must give
   * the same verdict for the same evidence. A new option must be added here (a test checks that
   * every field is).
   */
  String cacheKey() {
    return "nonce="
        + nonce.map(dev.teepol.core.bytes.Hex::of).orElse("-")
        + "\nname="
        + name
        + "\nnras="
        + nrasDirectory.map(p -> p.toAbsolutePath().normalize().toString()).orElse("-");
  }

  /** Builds {@link VerifyOptions}. */
  public static final class Builder {
    private Optional<byte[]> nonce = Optional.empty();
    private String name = "evidence";
    private Optional<Path> nrasDirectory = Optional.empty();

    private Builder() {}

    /**
     * The freshness challenge the caller issued. The provider checks the evidence carries it (a
     * nonce it does not carry FAILs); a policy with {@code freshness: {requireNonce: true}} denies
     * evidence whose nonce does not match. An empty nonce is refused.
     */
    public Builder nonce(byte[] nonce) {
      Objects.requireNonNull(nonce, "nonce");
      if (nonce.length == 0) {
        throw new IllegalArgumentException("empty nonce");
      }
      if (nonce.length > MAX_NONCE_BYTES) {
        throw new IllegalArgumentException(
            "a nonce of "
                + nonce.length
                + " bytes: no evidence carries more than "
                + MAX_NONCE_BYTES
                + " (report_data)");
      }
      this.nonce = Optional.of(nonce.clone());
      return this;
    }

    /** How reports and messages name the evidence (e.g. its file name). */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Recorded NRAS material (nras_attest_gpu_response.json, nras_jwks.json) for this evidence. */
    public Builder nrasDirectory(Path dir) {
      this.nrasDirectory = Optional.of(dir);
      return this;
    }

    public VerifyOptions build() {
      return new VerifyOptions(this);
    }
  }
}
