package dev.teepol.verifier;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What may differ between two verifications by the same {@link TeepolVerifier}: the freshness nonce
 * the caller issued, the audience a token must be issued to, a name for the evidence in messages
 * and reports, and recorded GPU evidence material. Immutable; build with {@link #builder()}.
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
  private final Optional<String> audience;

  private VerifyOptions(Builder b) {
    this.nonce = b.nonce.map(byte[]::clone);
    this.name = b.name;
    this.nrasDirectory = b.nrasDirectory;
    this.audience = b.audience;
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
   * The audience a token must be issued to (a Confidential Space token's {@code aud}), when the
   * caller gave one. Without it the audience check is UNEVALUABLE: a token requested by another
   * service must not pass.
   */
  public Optional<String> audience() {
    return audience;
  }

  /** A builder holding these options, to derive options that differ in a few of them. */
  public Builder toBuilder() {
    Builder b = builder().name(name);
    nonce.ifPresent(b::nonce);
    nrasDirectory.ifPresent(b::nrasDirectory);
    audience.ifPresent(b::audience);
    return b;
  }

  /** Builds {@link VerifyOptions}. */
  public static final class Builder {
    private Optional<byte[]> nonce = Optional.empty();
    private String name = "evidence";
    private Optional<Path> nrasDirectory = Optional.empty();
    private Optional<String> audience = Optional.empty();

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

    /**
     * The audience the token must name ({@code aud}): the value this service asked the attester's
     * token for. An empty audience is refused.
     */
    public Builder audience(String audience) {
      Objects.requireNonNull(audience, "audience");
      if (audience.isEmpty()) {
        throw new IllegalArgumentException("empty audience");
      }
      this.audience = Optional.of(audience);
      return this;
    }

    public VerifyOptions build() {
      return new VerifyOptions(this);
    }
  }
}
