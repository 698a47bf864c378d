package dev.teepol.cli;

import dev.teepol.server.HostPort;
import dev.teepol.server.ServerConfig;
import dev.teepol.server.ServerConfigFile;
import dev.teepol.server.TeepolServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code teepol serve}: the verification service (docs/service.md). All the work is in the server
 * module; this maps flags, a config file and the environment onto its configuration and runs it
 * until SIGTERM/SIGINT, which drain requests in flight.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serve verification over HTTP: POST /v1/challenge, POST /v1/verify (verdicts and signed EAR"
          + " attestation results), GET /v1/policies, /.well-known/jwks.json, /healthz, /readyz, /metrics,"
          + " /openapi.json. Policies reload when the directory changes or on SIGHUP; a set that does not"
          + " compile or whose suites fail never replaces the served one.",
      "%nSettings come from --config FILE, then the TEEPOL_* environment (docs/service.md), then these"
          + " flags. Logs are JSON lines on standard output.%n"
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by a signal after draining",
      "2:bad usage or a configuration that cannot start"
    })
public final class ServeCommand implements Callable<Integer> {
  private final CliEnvironment env;

  /** The TEEPOL_* settings come from here: the CLI's environment, never the JVM's directly. */
  private final Map<String, String> environment;

  @Option(
      names = "--policies",
      paramLabel = "DIR",
      description =
          "Directory of policies (*.yaml) and their suites (*.tests.yaml), or a signed policy bundle"
              + " (teepol bundle sign) with --bundle-signer and --bundle-version-file.")
  Path policies;

  @Option(
      names = "--bundle-signer",
      paramLabel = "PEM",
      description =
          "Public key (Ed25519 or P-256 PEM) a --policies bundle must be signed by (repeatable):"
              + " pinned here, never taken from the bundle.")
  List<Path> bundleSigners = new ArrayList<>();

  @Option(
      names = "--bundle-version-file",
      paramLabel = "FILE",
      description =
          "Where the highest accepted bundle version is kept: an older bundle (a rollback) is refused."
              + " Required with a bundle.")
  Path bundleVersionFile;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML file with the same settings (docs/service.md).")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Address to listen on (default 127.0.0.1:8443).")
  String listen;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "TLS certificate chain, leaf first (with --tls-key: HTTPS and HTTP/2).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "PEM", description = "TLS private key.")
  Path tlsKey;

  @Option(
      names = "--signing-key",
      paramLabel = "PEM",
      description =
          "EC P-256 or P-384 key that signs attestation results (default: an ephemeral key).")
  Path signingKey;

  @Option(
      names = "--challenge-key",
      paramLabel = "FILE",
      description =
          "At least 32 secret bytes that MAC challenges, shared by replicas (default: derived from --signing-key).")
  Path challengeKey;

  @Option(
      names = "--default-policy",
      paramLabel = "NAME",
      description = "Policy for requests that name none.")
  String defaultPolicy;

  @Option(names = "--collateral", paramLabel = "DIR", description = "DCAP collateral directory.")
  Path collateral;

  @Option(names = "--pcs", description = "Fetch missing DCAP collateral from Intel's PCS.")
  boolean pcs;

  @Option(
      names = "--pcs-url",
      paramLabel = "URL",
      description = "Fetch missing DCAP collateral from this PCS or PCCS.")
  URI pcsUrl;

  @Option(names = "--nras", paramLabel = "DIR", description = "Recorded NVIDIA NRAS material.")
  Path nras;

  @Option(names = "--nras-live", description = "Ask NVIDIA's NRAS over HTTPS.")
  boolean nrasLive;

  @Option(
      names = "--trust-anchor",
      paramLabel = "[PURPOSE=]FILE",
      description =
          "Replaces the embedded anchor it names (repeatable). A service for several kinds of evidence declares"
              + " each private PKI's anchor: tpm-ak-root=ak-ca.der.")
  List<Path> trustAnchors = new ArrayList<>();

  @Option(
      names = "--max-concurrent",
      paramLabel = "N",
      description = "Verifications at once; more are answered 503 (default 2 per CPU).")
  Integer maxConcurrent;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      description = "Longest verification (default 30s).")
  String requestTimeout;

  @Option(
      names = "--verdict-cache-ttl",
      paramLabel = "DURATION",
      description = "How long a verdict may be reused; 0 turns the cache off (default 5m).")
  String verdictCacheTtl;

  @Option(
      names = "--max-request-bytes",
      paramLabel = "BYTES",
      description = "Largest request body (default 16 MiB).")
  Long maxRequestBytes;

  @Option(
      names = "--kms-db",
      paramLabel = "JDBC_URL",
      description =
          "Run the key broker (POST /v1/kms/challenge, /v1/kms/release) on this store: jdbc:h2:file:PATH or jdbc:postgresql://... (or TEEPOL_KMS_DB; docs/kms.md).")
  String kmsDb;

  @Option(
      names = "--kms-master-key",
      paramLabel = "FILE",
      description = "The broker's current master key (default: TEEPOL_KMS_MASTER_KEY).")
  Path kmsMasterKey;

  @Option(
      names = "--kms-previous-master-key",
      paramLabel = "FILE",
      description =
          "An older master key still unwrapping data keys during a rotation (repeatable).")
  List<Path> kmsPreviousMasterKeys = new ArrayList<>();

  @Option(
      names = "--kms-rate",
      paramLabel = "N",
      description = "Release attempts per secret per minute, across replicas (default 60).")
  Integer kmsRate;

  @Option(
      names = "--kms-audience",
      paramLabel = "AUD",
      description =
          "The audience Confidential Space tokens must be issued to for a release (this broker's URL); without it every such token is refused.")
  String kmsAudience;

  public ServeCommand(CliEnvironment env) {
    this.env = env;
    this.environment = env.environment();
  }

  @Override
  public Integer call() throws InputException {
    ServerConfig cfg = configuration();
    TeepolServer server;
    try {
      server = TeepolServer.start(cfg);
    } catch (TeepolServer.StartException e) {
      throw new InputException("serve", e.getMessage());
    }
    env.err().println("teepol serve: listening on " + server.uri() + " (SIGTERM drains and stops)");
    env.err().flush();
    server.reloadOnSighup();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.close();
              stopped.countDown();
            },
            "teepol-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped from inside the JVM (tests): drain as a signal would.
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
      Thread.currentThread().interrupt();
    }
    return ExitCodes.ALLOW;
  }

  ServerConfig configuration() throws InputException {
    ServerConfig.Builder b =
        ServerConfig.builder(policies == null ? Path.of("policies") : policies);
    boolean fromEnv =
        ServerConfigFile.ENVIRONMENT.keySet().stream().anyMatch(environment::containsKey);
    if (config != null || fromEnv) {
      try {
        ServerConfigFile.read(config, environment, b);
      } catch (ServerConfigFile.ConfigException e) {
        throw new InputException(
            config == null ? "environment" : config.toString(), e.getMessage());
      }
    }
    if (policies == null && config == null && !environment.containsKey("TEEPOL_POLICIES")) {
      throw new InputException("serve", "--policies DIR is required (or --config FILE)");
    }
    try {
      if (policies != null) {
        b.policies(policies);
      }
      if (listen != null) {
        HostPort hp = HostPort.parse(listen);
        b.host(hp.host()).port(hp.port());
      }
      if (tlsCert != null || tlsKey != null) {
        if (tlsCert == null || tlsKey == null) {
          throw new InputException("--tls-cert", "--tls-cert and --tls-key go together");
        }
        b.tls(tlsCert, tlsKey);
      }
      if (signingKey != null) {
        b.signingKey(signingKey);
      }
      if (challengeKey != null) {
        b.challengeKey(challengeKey);
      }
      if (defaultPolicy != null) {
        b.defaultPolicy(defaultPolicy);
      }
      if (collateral != null) {
        b.collateralDirectory(collateral);
      }
      if (pcs && pcsUrl != null) {
        throw new InputException("--pcs", "give --pcs or --pcs-url URL, not both");
      }
      if (pcs) {
        b.pcs(dev.teepol.providers.tdx.collateral.PcsHttpCollateralSource.INTEL_PCS);
      }
      if (pcsUrl != null) {
        b.pcs(pcsUrl);
      }
      if (nras != null) {
        b.nrasDirectory(nras);
      }
      if (nrasLive) {
        b.nrasLive(true);
      }
      if (!trustAnchors.isEmpty()) {
        b.trustAnchors(trustAnchors);
      }
      if (!bundleSigners.isEmpty()) {
        b.bundleSigners(bundleSigners);
      }
      if (bundleVersionFile != null) {
        b.bundleVersionFile(bundleVersionFile);
      }
      if (maxConcurrent != null) {
        b.maxConcurrent(maxConcurrent);
      }
      if (requestTimeout != null) {
        b.requestTimeout(duration("--request-timeout", requestTimeout, false));
      }
      if (verdictCacheTtl != null) {
        b.verdictCacheTtl(duration("--verdict-cache-ttl", verdictCacheTtl, true));
      }
      if (maxRequestBytes != null) {
        long max = maxRequestBytes;
        b.limitsUpdate(l -> l.withMaxRequestBytes(max));
      }
      String db = kmsDb != null ? kmsDb : environment.get("TEEPOL_KMS_DB");
      if (db != null && !db.isBlank()) {
        dev.teepol.kms.KmsSettings k = dev.teepol.kms.KmsSettings.of(db);
        if (kmsMasterKey != null) {
          k = k.withMasterKey(kmsMasterKey);
        }
        k = k.withPreviousMasterKeys(kmsPreviousMasterKeys);
        if (kmsRate != null) {
          k = k.withRateLimit(kmsRate, Duration.ofMinutes(1));
        }
        if (kmsAudience != null) {
          k = k.withAudience(kmsAudience);
        }
        b.kms(k);
      } else if (kmsMasterKey != null
          || kmsRate != null
          || kmsAudience != null
          || !kmsPreviousMasterKeys.isEmpty()) {
        throw new InputException("--kms-db", "the --kms-* options need --kms-db JDBC_URL");
      }
      b.clock(env.wallClock());
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InputException("serve", e.getMessage());
    }
  }

  private static Duration duration(String option, String value, boolean zeroOk)
      throws InputException {
    try {
      if (zeroOk && value.trim().equals("0")) {
        return Duration.ZERO;
      }
      return ServerConfigFile.duration(value);
    } catch (IllegalArgumentException e) {
      throw new InputException(option, e.getMessage());
    }
  }
}
