package dev.teepol.verifier;

import dev.teepol.providers.sigstore.ReleaseIdentity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  private final List<Path> releases;
  private final List<ReleaseIdentity> releaseIdentities;

  private VerifyOptions(Builder b) {
    this.nonce = b.nonce.map(byte[]::clone);
    this.name = b.name;
    this.nrasDirectory = b.nrasDirectory;
    this.audience = b.audience;
    this.releases = List.copyOf(b.releases);
    this.releaseIdentities = List.copyOf(b.releaseIdentities);
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
    releases.forEach(b::release);
    releaseIdentities.forEach(b::releaseIdentity);
    return b;
  }

  /**
   * Release folders (laid out like a corpus {@code sigstore/*} case, docs/providers/sigstore.md)
   * verified with the evidence: their provenance joins the evidence, and a provider that ties
   * registers to releases (Tinfoil) judges against them.
   */
  public List<Path> releases() {
    return releases;
  }

  /** The signers the caller pins for the releases; empty when none is pinned. */
  public List<ReleaseIdentity> releaseIdentities() {
    return releaseIdentities;
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
        + nrasDirectory.map(p -> p.toAbsolutePath().normalize().toString()).orElse("-")
        + "\naudience="
        + audience.orElse("-")
        + "\nreleases="
        + releases.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
        + "\nreleaseIdentities="
        + releaseIdentities;
  }

  /** Builds {@link VerifyOptions}. */
  public static final class Builder {
    private Optional<byte[]> nonce = Optional.empty();
    private String name = "evidence";
    private Optional<Path> nrasDirectory = Optional.empty();
    private Optional<String> audience = Optional.empty();
    private final List<Path> releases = new ArrayList<>();
    private final List<ReleaseIdentity> releaseIdentities = new ArrayList<>();

    private Builder() {}

    /**
     * The freshness challenge the caller issued. The provider checks the evidence carries it (a
     * nonce it does not carry FAILs); a policy with {@code freshness: {requireNonce: true}} denies
     * evidence whose nonce does not match. An empty nonce is a value too (a TPM quote made with
     * empty qualifying data carries exactly it), but it establishes no freshness: the evidence's
     * nonce state stays "not supplied", so {@code requireNonce} still denies.
     */
    public Builder nonce(byte[] nonce) {
      Objects.requireNonNull(nonce, "nonce");
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

    /** A signed release folder verified with the evidence (repeatable). */
    public Builder release(Path dir) {
      releases.add(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /**
     * A signer the releases must be signed by (repeatable: each release must match one). Without
     * any, releases still verify, but nothing pins who signed them.
     */
    public Builder releaseIdentity(ReleaseIdentity identity) {
      releaseIdentities.add(Objects.requireNonNull(identity, "identity"));
      return this;
    }

    public VerifyOptions build() {
      return new VerifyOptions(this);
    }
  }
}
