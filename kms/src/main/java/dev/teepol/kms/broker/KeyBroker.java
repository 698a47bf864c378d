package dev.teepol.kms.broker;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.cache.LruCache;
import dev.teepol.core.crypto.Digests;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.NonceState;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.kms.crypto.Envelope;
import dev.teepol.kms.crypto.Hpke;
import dev.teepol.kms.crypto.Keyring;
import dev.teepol.kms.store.AuditEntry;
import dev.teepol.kms.store.KmsStore;
import dev.teepol.kms.store.StoredSecret;
import dev.teepol.policy.compile.PolicyCompileException;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.verifier.PolicyInfo;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Attestation-gated key release. A workload asks for a challenge nonce, has its TEE attest {@link
 * ReleaseBinding#reportData}(nonce, its HPKE key), and sends the evidence; the secret's own policy
 * decides with the same engine as {@code teepol verify}; a granted secret is sealed with HPKE to
 * that key. Every attempt is audited. Thread-safe: one broker serves all requests of a replica;
 * replicas share nonces, rate counts and the audit chain through the database.
 */
public final class KeyBroker {
  private static final int MAX_ATTEMPTS = 3;

  private final KmsStore store;
  private volatile Keyring keys;
  private final Clock clock;
  private final Providers providers;
  private final Consumer<TeepolVerifier.Builder> verifierSetup;
  private final Duration nonceTtl;
  private final int releasesPerWindow;
  private final Duration window;
  private final long maxOutstandingNonces;
  private final Limits limits;
  private final Optional<String> audience;
  private final LruCache<String, Compiled> verifiers = new LruCache<>(64);
  private final SecureRandom random = new SecureRandom();
  // Runs between a policy's decision and the locked grant (tests drive the stale-policy race).
  private volatile Runnable beforeGrant = () -> {};

  private record Compiled(TeepolVerifier verifier) {}

  private KeyBroker(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.keys = Objects.requireNonNull(b.keys, "keys");
    this.clock = b.clock;
    this.providers = b.providers != null ? b.providers : Providers.load();
    this.verifierSetup = b.verifierSetup;
    this.nonceTtl = b.nonceTtl;
    this.releasesPerWindow = b.releasesPerWindow;
    this.window = b.window;
    this.maxOutstandingNonces = b.maxOutstandingNonces;
    this.limits = b.limits;
    this.audience = b.audience;
  }

  public static Builder builder() {
    return new Builder();
  }

  public KmsStore store() {
    return store;
  }

  public Limits limits() {
    return limits;
  }

  /** Replaces the keyring (a replica told about a new master key during a rotation). */
  public void keyring(Keyring k) {
    this.keys = Objects.requireNonNull(k);
  }

  void beforeGrant(Runnable r) {
    this.beforeGrant = r;
  }

  /** A fresh single-use nonce and when it expires. */
  public record Challenge(byte[] nonce, Instant expiresAt) {}

  /** Thrown when the broker cannot issue more challenges now (503). */
  public static final class Busy extends Exception {
    public Busy(String message) {
      super(message);
    }
  }

  public Challenge challenge() throws SQLException, Busy {
    Instant now = clock.instant();
    if (store.outstandingNonces() >= maxOutstandingNonces) {
      throw new Busy("too many outstanding challenges; retry shortly");
    }
    byte[] n = new byte[ReleaseRequest.NONCE_BYTES];
    random.nextBytes(n);
    Instant exp = now.plus(nonceTtl);
    store.issueNonce(nonceKey(n), exp, now);
    return new Challenge(n, exp);
  }

  static String nonceKey(byte[] nonce) {
    return Hex.of(Digests.sha256(nonce));
  }

  public ReleaseOutcome release(ReleaseRequest req) throws SQLException, GeneralSecurityException {
    Instant now = clock.instant();
    String evidenceSha = Hex.of(Digests.sha256(req.evidence()));
    // The nonce is used first, whatever follows: a refused attempt cannot be retried with it.
    if (!store.consumeNonce(nonceKey(req.nonce()), now)) {
      return refuse(
          req,
          now,
          evidenceSha,
          Optional.empty(),
          0,
          "",
          List.of(
              CheckResult.fail(
                  BrokerChecks.NONCE,
                  CheckCategory.BINDING,
                  "the nonce was not issued here, was used already or expired: ask /v1/kms/challenge"
                      + " for a new one")));
    }
    if (store.releasesSince(req.secret(), now.minus(window)) >= releasesPerWindow) {
      AuditEntry a =
          store.audit(
              new AuditEntry.Draft(
                  now,
                  "release",
                  req.secret(),
                  evidenceSha,
                  "",
                  "LIMITED",
                  "more than " + releasesPerWindow + " attempts in " + window));
      return new ReleaseOutcome.Limited(req.secret(), window, a.seq());
    }
    for (int attempt = 1; ; attempt++) {
      Optional<StoredSecret> row = store.get(req.secret());
      if (row.isEmpty()) {
        return refuse(
            req,
            now,
            evidenceSha,
            Optional.empty(),
            0,
            "",
            List.of(
                CheckResult.fail(
                    BrokerChecks.SECRET,
                    CheckCategory.POLICY,
                    "no secret named '" + req.secret() + "'")));
      }
      StoredSecret s = row.get();
      TeepolVerifier v;
      try {
        v = verifier(s);
      } catch (PolicyCompileException e) {
        return refuse(
            req,
            now,
            evidenceSha,
            Optional.empty(),
            s.policyVersion(),
            s.policySha256(),
            List.of(
                CheckResult.fail(
                    BrokerChecks.POLICY,
                    CheckCategory.POLICY,
                    "the stored policy does not compile: " + e.getMessage())));
      }
      VerificationResult r = v.verify(req.evidence(), options(req));
      List<CheckResult> failing =
          new ArrayList<>(
              r.checks().stream().filter(c -> !c.passed()).collect(Collectors.toList()));
      CheckResult binding = binding(r.evidence(), req);
      if (!binding.passed()) {
        failing.add(binding);
      }
      if (!failing.isEmpty()) {
        return refuse(
            req,
            now,
            evidenceSha,
            Optional.of(r.policy()),
            s.policyVersion(),
            s.policySha256(),
            failing);
      }
      // Granted by policy version s.policyVersion(): release only if that is still the stored
      // version when the row is locked, so no release commits after a policy change under the old
      // policy; otherwise decide again with the new one.
      beforeGrant.run();
      Optional<ReleaseOutcome> out = grant(req, s, r.policy(), evidenceSha, now);
      if (out.isPresent()) {
        return out.get();
      }
      if (attempt >= MAX_ATTEMPTS) {
        return refuse(
            req,
            now,
            evidenceSha,
            Optional.of(r.policy()),
            s.policyVersion(),
            s.policySha256(),
            List.of(
                CheckResult.unevaluable(
                    BrokerChecks.POLICY,
                    CheckCategory.POLICY,
                    "the secret's policy changed " + MAX_ATTEMPTS + " times during this request")));
      }
    }
  }

  private Optional<ReleaseOutcome> grant(
      ReleaseRequest req, StoredSecret decided, PolicyInfo policy, String evidenceSha, Instant now)
      throws SQLException, GeneralSecurityException {
    Keyring k = keys;
    return store.inTransaction(
        c -> {
          Optional<StoredSecret> locked = KmsStore.lock(c, req.secret());
          if (locked.isEmpty() || locked.get().policyVersion() != decided.policyVersion()) {
            return Optional.<ReleaseOutcome>empty();
          }
          StoredSecret s = locked.get();
          byte[] plain = Envelope.open(k, s.name(), s.secretVersion(), s.envelope());
          byte[] info = ReleaseBinding.info(s.name());
          Hpke.Sealed sealed;
          try {
            sealed = Hpke.seal(req.recipient(), info, req.nonce(), plain);
          } finally {
            Arrays.fill(plain, (byte) 0);
          }
          AuditEntry a =
              dev.teepol.kms.store.AuditChain.append(
                  c,
                  new AuditEntry.Draft(
                      now,
                      "release",
                      s.name(),
                      evidenceSha,
                      s.policySha256(),
                      "ALLOW",
                      "secret version "
                          + s.secretVersion()
                          + ", policy version "
                          + s.policyVersion()
                          + ", sealed to "
                          + req.recipient().kem().label()));
          return Optional.<ReleaseOutcome>of(
              new ReleaseOutcome.Granted(
                  s.name(),
                  s.secretVersion(),
                  policy,
                  s.policyVersion(),
                  req.recipient().kem().label(),
                  info,
                  sealed,
                  a.seq()));
        });
  }

  private ReleaseOutcome refuse(
      ReleaseRequest req,
      Instant now,
      String evidenceSha,
      Optional<PolicyInfo> policy,
      long policyVersion,
      String policySha,
      List<CheckResult> failing)
      throws SQLException {
    String detail =
        failing.stream()
            .map(c -> c.id() + ": " + c.explanation())
            .collect(Collectors.joining("; "));
    AuditEntry a =
        store.audit(
            new AuditEntry.Draft(
                now, "release", req.secret(), evidenceSha, policySha, "DENY", detail));
    return new ReleaseOutcome.Refused(req.secret(), policy, policyVersion, failing, a.seq());
  }

  /**
   * The verification options of a release: the broker's audience (a Confidential Space token must
   * be issued to this broker), and for evidence that answers a nonce instead of carrying
   * report_data, the release binding as that nonce, so the provider's own check proves the signed
   * evidence carries it. The carrier is chosen by the providers' cheap sniff; {@link #binding}
   * judges by the provider that actually appraised the evidence, so a sniff that disagrees with the
   * appraisal fails closed.
   */
  private VerifyOptions options(ReleaseRequest req) {
    VerifyOptions.Builder o = VerifyOptions.builder().name("release of " + req.secret());
    audience.ifPresent(o::audience);
    Optional<String> provider =
        providers.detect(new EvidenceSource("release", req.evidence()), limits).map(p -> p.id());
    if (provider.map(ReleaseBinding.Carrier::of).orElse(ReleaseBinding.Carrier.REPORT_DATA)
        == ReleaseBinding.Carrier.NONCE) {
      o.nonce(ReleaseBinding.nonce(req.nonce(), req.recipient()));
    }
    return o.build();
  }

  /**
   * The evidence carries the release binding of this request's nonce and key where its kind carries
   * it ({@link ReleaseBinding.Carrier}); comparisons are constant-time.
   */
  static CheckResult binding(Evidence ev, ReleaseRequest req) {
    if (ReleaseBinding.Carrier.of(ev.kind()) == ReleaseBinding.Carrier.NONCE) {
      return nonceBinding(ev, req);
    }
    Binding how = ev.bound().get("report_data");
    if (ev.reportData().isEmpty() || how != Binding.HARDWARE) {
      return CheckResult.fail(
          BrokerChecks.BINDING,
          CheckCategory.BINDING,
          "the evidence has no hardware-signed report_data to bind the nonce and key");
    }
    byte[] want =
        Hex.of(ReleaseBinding.reportData(req.nonce(), req.recipient()))
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] got = ev.reportData().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (MessageDigest.isEqual(want, got)) {
      return CheckResult.pass(
          BrokerChecks.BINDING,
          CheckCategory.BINDING,
          "report_data binds the nonce and the " + req.recipient().kem().label() + " key");
    }
    return CheckResult.fail(
        BrokerChecks.BINDING,
        CheckCategory.BINDING,
        "report_data is not sha512(\""
            + ReleaseBinding.TAG
            + ":\" ‖ nonce ‖ kem ‖ key) of this"
            + " request: the evidence does not bind this nonce and recipient key");
  }

  /**
   * The evidence answered the nonce the broker supplied, and that nonce was this request's binding.
   * A provider sets {@code matches} only for evidence whose signature verified (an unverified
   * token's or answer's nonce is never "carried"), so this is the signed value.
   */
  private static CheckResult nonceBinding(Evidence ev, ReleaseRequest req) {
    byte[] want =
        Hex.of(ReleaseBinding.nonce(req.nonce(), req.recipient()))
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] supplied = ev.nonce().expected().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    boolean ours = MessageDigest.isEqual(want, supplied);
    if (ours && ev.nonce().state() == NonceState.MATCHES) {
      return CheckResult.pass(
          BrokerChecks.BINDING,
          CheckCategory.BINDING,
          "the signed "
              + ev.kind()
              + " nonce is sha256(\""
              + ReleaseBinding.TAG
              + ":\" ‖ nonce ‖ kem ‖ key) for the "
              + req.recipient().kem().label()
              + " key");
    }
    return CheckResult.fail(
        BrokerChecks.BINDING,
        CheckCategory.BINDING,
        ours
            ? "the "
                + ev.kind()
                + " evidence does not carry sha256(\""
                + ReleaseBinding.TAG
                + ":\" ‖ nonce ‖ kem ‖ key) of this request as its signed nonce ("
                + (ev.kind()
                        .equals(dev.teepol.providers.confidentialspace.ConfidentialSpaceProvider.ID)
                    ? "eat_nonce, in hex"
                    : "the answered challenge nonce")
                + "): it does not bind this nonce and recipient key"
            : "the evidence was not appraised with this request's binding as its nonce");
  }

  private TeepolVerifier verifier(StoredSecret s) throws PolicyCompileException {
    String key = s.name() + "\n" + s.policySha256();
    Compiled c = verifiers.get(key);
    if (c == null) {
      TeepolVerifier.Builder b =
          TeepolVerifier.builder()
              .policy(PolicyCompiler.compile(s.policy(), "kms:" + s.name()), "kms:" + s.name())
              .providers(providers)
              .clock(clock)
              .limits(limits);
      verifierSetup.accept(b);
      c = new Compiled(b.build());
      verifiers.put(key, c);
    }
    return c.verifier();
  }

  /** Checks that a policy compiles before it is stored. */
  public static void compile(String policy, String name) throws PolicyCompileException {
    PolicyCompiler.compile(policy, "kms:" + name);
  }

  public static final class Builder {
    private KmsStore store;
    private Keyring keys;
    private Clock clock = Clock.systemUTC();
    private Providers providers;
    private Consumer<TeepolVerifier.Builder> verifierSetup = b -> {};
    private Duration nonceTtl = Duration.ofMinutes(5);
    private int releasesPerWindow = 60;
    private Duration window = Duration.ofMinutes(1);
    private long maxOutstandingNonces = Limits.MAX_KMS_OUTSTANDING_NONCES;
    private Limits limits = Limits.DEFAULT;
    private Optional<String> audience = Optional.empty();

    public Builder store(KmsStore s) {
      this.store = s;
      return this;
    }

    public Builder keyring(Keyring k) {
      this.keys = k;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public Builder providers(Providers p) {
      this.providers = p;
      return this;
    }

    /** Collateral sources, trust anchors and the like for every policy's verifier. */
    public Builder verifierSetup(Consumer<TeepolVerifier.Builder> setup) {
      this.verifierSetup = setup;
      return this;
    }

    public Builder nonceTtl(Duration d) {
      this.nonceTtl = d;
      return this;
    }

    /** At most {@code n} release attempts per secret in any {@code window}, across replicas. */
    public Builder rateLimit(int n, Duration window) {
      this.releasesPerWindow = n;
      this.window = window;
      return this;
    }

    public Builder maxOutstandingNonces(long n) {
      this.maxOutstandingNonces = n;
      return this;
    }

    public Builder limits(Limits l) {
      this.limits = l;
      return this;
    }

    /**
     * The audience Confidential Space tokens must be issued to: the value workloads ask Google for
     * when they request a token for this broker (its URL). Without one, every token is refused
     * ({@code confidential-space.token.audience} is UNEVALUABLE): a token issued to another service
     * must not release secrets here.
     */
    public Builder audience(String a) {
      if (a.isEmpty()) {
        throw new IllegalArgumentException("empty audience");
      }
      this.audience = Optional.of(a);
      return this;
    }

    /** {@link #audience(String)} when present; none otherwise. */
    public Builder audience(Optional<String> a) {
      a.ifPresentOrElse(this::audience, () -> this.audience = Optional.empty());
      return this;
    }

    public KeyBroker build() {
      return new KeyBroker(this);
    }
  }
}
