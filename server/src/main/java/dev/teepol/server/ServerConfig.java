package dev.teepol.server;

import dev.teepol.core.limits.Limits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code teepol serve} is configured with: flags, or one YAML file ({@link
 * ServerConfigFile}), the same names in both (docs/service.md).
 *
 * @param host address to listen on ({@code 127.0.0.1} by default: exposing it is a decision)
 * @param port port to listen on; 0 picks a free one (tests)
 * @param policies a directory of policies ({@code *.yaml} beside optional {@code *.tests.yaml})
 * @param defaultPolicy the policy a request without one is judged by; empty: the only policy of the
 *     set, and a request must name one when there are several
 * @param tlsCertificate PEM certificate chain (leaf first); with {@code tlsKey}, TLS with HTTP/2
 * @param tlsKey PEM private key of the certificate
 * @param signingKey PEM EC private key (P-256: ES256, P-384: ES384) that signs attestation results;
 *     empty: an ephemeral P-256 key per process (the log and /readyz say so)
 * @param challengeKey file with at least 32 secret bytes that MAC the challenges, shared by every
 *     replica; empty: derived from the signing key when one is configured, else random per process
 * @param collateralDirectory DCAP collateral directory, consulted before any PCS
 * @param pcs Intel PCS or the organisation's PCCS to fetch missing DCAP collateral from
 * @param nrasDirectory recorded NRAS material for every verification
 * @param nrasLive ask NVIDIA's NRAS over HTTPS
 * @param trustAnchors anchor files replacing the embedded defaults they name
 * @param limits size bounds; {@link Limits#maxRequestBytes()} bounds request bodies
 * @param maxConcurrent verifications running at once; one more is answered 503 with Retry-After
 * @param requestTimeout longest a verification may take before the caller gets a 503
 * @param challengeTtl how long a challenge can be used
 * @param verdictCacheTtl how long a verdict may be reused (zero: no verdict cache)
 * @param drainTimeout how long a stop waits for requests in flight
 * @param reloadInterval how often the policy directory is checked for changes, besides file events
 *     and SIGHUP
 * @param clock the one time source (injected in tests)
 * @param bundleSigners PEM public keys (Ed25519, P-256) a signed policy bundle given as {@code
 *     policies} must be signed by: pinned here, never taken from the bundle
 * @param bundleVersionFile where the highest accepted bundle version is recorded (rollback
 *     protection); required with a bundle
 * @param kms the key broker's store and keys, when {@code /v1/kms/*} is served (docs/kms.md)
 */
public record ServerConfig(
    String host,
    int port,
    Path policies,
    Optional<String> defaultPolicy,
    Optional<Path> tlsCertificate,
    Optional<Path> tlsKey,
    Optional<Path> signingKey,
    Optional<Path> challengeKey,
    Optional<Path> collateralDirectory,
    Optional<URI> pcs,
    Optional<Path> nrasDirectory,
    boolean nrasLive,
    List<Path> trustAnchors,
    Limits limits,
    int maxConcurrent,
    Duration requestTimeout,
    Duration challengeTtl,
    Duration verdictCacheTtl,
    Duration drainTimeout,
    Duration reloadInterval,
    Clock clock,
    List<Path> bundleSigners,
    Optional<Path> bundleVersionFile,
    Optional<dev.teepol.kms.KmsSettings> kms) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8443;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(policies, "policies");
    trustAnchors = List.copyOf(trustAnchors);
    bundleSigners = List.copyOf(bundleSigners);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 0..65535");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    if (tlsCertificate.isPresent() != tlsKey.isPresent()) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    for (Duration d : List.of(requestTimeout, challengeTtl, drainTimeout, reloadInterval)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + d);
      }
    }
    if (verdictCacheTtl.isNegative()) {
      throw new IllegalArgumentException("verdictCacheTtl must not be negative");
    }
  }

  public static Builder builder(Path policies) {
    return new Builder(policies);
  }

  /** Builds a {@link ServerConfig} with the documented defaults. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path policies;
    private Optional<String> defaultPolicy = Optional.empty();
    private Optional<Path> tlsCertificate = Optional.empty();
    private Optional<Path> tlsKey = Optional.empty();
    private Optional<Path> signingKey = Optional.empty();
    private Optional<Path> challengeKey = Optional.empty();
    private Optional<Path> collateralDirectory = Optional.empty();
    private Optional<URI> pcs = Optional.empty();
    private Optional<Path> nrasDirectory = Optional.empty();
    private boolean nrasLive;
    private List<Path> trustAnchors = List.of();
    private Limits limits = Limits.DEFAULT;
    private int maxConcurrent = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration challengeTtl = Duration.ofMinutes(5);
    private Duration verdictCacheTtl = Duration.ofMinutes(5);
    private Duration drainTimeout = Duration.ofSeconds(20);
    private Duration reloadInterval = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private List<Path> bundleSigners = List.of();
    private Optional<Path> bundleVersionFile = Optional.empty();
    private Optional<dev.teepol.kms.KmsSettings> kms = Optional.empty();

    private Builder(Path policies) {
      this.policies = Objects.requireNonNull(policies, "policies");
    }

    public Builder policies(Path dir) {
      this.policies = Objects.requireNonNull(dir);
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder defaultPolicy(String name) {
      this.defaultPolicy = Optional.of(name);
      return this;
    }

    public Builder tls(Path certificate, Path key) {
      this.tlsCertificate = Optional.of(certificate);
      this.tlsKey = Optional.of(key);
      return this;
    }

    public Builder signingKey(Path file) {
      this.signingKey = Optional.of(file);
      return this;
    }

    public Builder challengeKey(Path file) {
      this.challengeKey = Optional.of(file);
      return this;
    }

    public Builder collateralDirectory(Path dir) {
      this.collateralDirectory = Optional.of(dir);
      return this;
    }

    public Builder pcs(URI url) {
      this.pcs = Optional.of(url);
      return this;
    }

    public Builder nrasDirectory(Path dir) {
      this.nrasDirectory = Optional.of(dir);
      return this;
    }

    public Builder nrasLive(boolean live) {
      this.nrasLive = live;
      return this;
    }

    public Builder trustAnchors(List<Path> files) {
      this.trustAnchors = List.copyOf(files);
      return this;
    }

    public Builder limits(Limits limits) {
      this.limits = Objects.requireNonNull(limits);
      return this;
    }

    /** Changes the current limits (so the file can set one bound and keep the others). */
    public Builder limitsUpdate(java.util.function.UnaryOperator<Limits> change) {
      this.limits = Objects.requireNonNull(change.apply(limits));
      return this;
    }

    public Builder maxConcurrent(int n) {
      this.maxConcurrent = n;
      return this;
    }

    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder challengeTtl(Duration d) {
      this.challengeTtl = Objects.requireNonNull(d);
      return this;
    }

    public Builder verdictCacheTtl(Duration d) {
      this.verdictCacheTtl = Objects.requireNonNull(d);
      return this;
    }

    public Builder drainTimeout(Duration d) {
      this.drainTimeout = Objects.requireNonNull(d);
      return this;
    }

    public Builder reloadInterval(Duration d) {
      this.reloadInterval = Objects.requireNonNull(d);
      return this;
    }

    /** The keys a signed policy bundle must be signed by (with {@link #bundleVersionFile}). */
    public Builder bundleSigners(List<Path> files) {
      this.bundleSigners = List.copyOf(files);
      return this;
    }

    public Builder bundleVersionFile(Path file) {
      this.bundleVersionFile = Optional.of(file);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** Serves the key broker ({@code /v1/kms/challenge}, {@code /v1/kms/release}). */
    public Builder kms(dev.teepol.kms.KmsSettings settings) {
      this.kms = Optional.of(settings);
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          host,
          port,
          policies,
          defaultPolicy,
          tlsCertificate,
          tlsKey,
          signingKey,
          challengeKey,
          collateralDirectory,
          pcs,
          nrasDirectory,
          nrasLive,
          trustAnchors,
          limits,
          maxConcurrent,
          requestTimeout,
          challengeTtl,
          verdictCacheTtl,
          drainTimeout,
          reloadInterval,
          clock,
          bundleSigners,
          bundleVersionFile,
          kms);
    }
  }
}
