package dev.teepol.server;

import dev.teepol.kms.broker.KeyBroker;
import dev.teepol.kms.broker.ReleaseBinding;
import dev.teepol.kms.broker.ReleaseOutcome;
import dev.teepol.kms.broker.ReleaseRequest;
import dev.teepol.server.challenge.Challenge;
import dev.teepol.server.challenge.ChallengeException;
import dev.teepol.server.challenge.Challenges;
import dev.teepol.server.ear.EarSigner;
import dev.teepol.server.http.Admission;
import dev.teepol.server.http.ApiError;
import dev.teepol.server.http.Call;
import dev.teepol.server.http.NrasMaterial;
import dev.teepol.server.http.Reply;
import dev.teepol.server.http.Route;
import dev.teepol.server.http.VerifyRequest;
import dev.teepol.server.metrics.ServiceMetrics;
import dev.teepol.server.policy.LoadedPolicy;
import dev.teepol.server.policy.PolicyRegistry;
import dev.teepol.server.policy.PolicySet;
import dev.teepol.server.policy.ReloadOutcome;
import dev.teepol.verifier.VerificationResult;
import dev.teepol.verifier.VerifyOptions;
import dev.teepol.verifier.json.JsonOut;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The endpoints of the service (docs/service.md, /openapi.json). Each one is a plain function from
 * a request to a reply; the route table {@link #routes()} is what the router serves and what the
 * OpenAPI document must describe (a test keeps them equal).
 */
final class Api {
  static final String EAR_MEDIA_TYPE = EarSigner.MEDIA_TYPE;

  private final ServerConfig config;
  private final PolicyRegistry policies;
  private final Challenges challenges;
  private final EarSigner ear;
  private final ServiceMetrics metrics;
  private final Admission uploads;
  private final Admission verifications;
  private final ExecutorService pool;
  private final AtomicBoolean draining;
  private final byte[] openapi;
  private final Clock clock;
  private final Optional<KeyBroker> broker;

  Api(
      ServerConfig config,
      PolicyRegistry policies,
      Challenges challenges,
      EarSigner ear,
      ServiceMetrics metrics,
      ExecutorService pool,
      AtomicBoolean draining,
      byte[] openapi,
      Optional<KeyBroker> broker) {
    this.config = config;
    this.policies = policies;
    this.challenges = challenges;
    this.ear = ear;
    this.metrics = metrics;
    this.verifications = new Admission(config.maxConcurrent(), "verification");
    // Bodies are read before a verification slot is taken, so a slow upload never holds one; the
    // number of bodies in memory at once is bounded too.
    this.uploads = new Admission(4 * config.maxConcurrent(), "upload");
    this.pool = pool;
    this.draining = draining;
    this.openapi = openapi.clone();
    this.clock = config.clock();
    this.broker = broker;
  }

  List<Route> routes() {
    return List.of(
        new Route("POST", "/v1/challenge", Set.of(200, 503), c -> challenge()),
        new Route("POST", "/v1/verify", Set.of(200, 400, 409, 413, 422, 500, 503), this::verify),
        new Route("GET", "/v1/policies", Set.of(200), c -> policies()),
        new Route("POST", "/v1/kms/challenge", Set.of(200, 404, 503), c -> kmsChallenge()),
        new Route(
            "POST",
            "/v1/kms/release",
            Set.of(200, 400, 403, 404, 413, 429, 500, 503),
            this::kmsRelease),
        new Route("GET", "/.well-known/jwks.json", Set.of(200), c -> jwks()),
        new Route("GET", "/healthz", Set.of(200), c -> Reply.json(200, "{\"status\":\"ok\"}")),
        new Route("GET", "/readyz", Set.of(200, 503), c -> readyz()),
        new Route("GET", "/metrics", Set.of(200), c -> metrics()),
        new Route(
            "GET", "/openapi.json", Set.of(200), c -> Reply.of(200, Reply.JSON, openapi.clone())));
  }

  private Reply challenge() throws ApiError {
    refuseWhileDraining();
    Challenge c = challenges.issue();
    JsonObject o =
        JsonOut.JSON
            .createObjectBuilder()
            .add("challenge", c.token())
            .add("nonce", dev.teepol.core.bytes.Hex.of(c.nonce()))
            .add("expires_at", c.expiresAt().toString())
            .add("ttl_seconds", challenges.ttl().toSeconds())
            .build();
    return Reply.json(200, JsonOut.compact(o));
  }

  private KeyBroker kms() throws ApiError {
    refuseWhileDraining();
    return broker.orElseThrow(
        () ->
            new ApiError(
                404,
                "kms_not_configured",
                "this service does not run the key broker (teepol serve --kms-db ...; docs/kms.md)"));
  }

  private Reply kmsChallenge() throws ApiError {
    KeyBroker b = kms();
    try {
      KeyBroker.Challenge c = b.challenge();
      JsonObject o =
          JsonOut.JSON
              .createObjectBuilder()
              .add("nonce", java.util.Base64.getEncoder().encodeToString(c.nonce()))
              .add("expires_at", c.expiresAt().toString())
              .add("binding", ReleaseBinding.TAG)
              .build();
      return Reply.json(200, JsonOut.compact(o));
    } catch (KeyBroker.Busy e) {
      throw ApiError.unavailable("kms_busy", e.getMessage(), Duration.ofSeconds(5));
    } catch (java.sql.SQLException e) {
      throw ApiError.unavailable(
          "kms_store", "the key store is unavailable: " + e.getMessage(), Duration.ofSeconds(5));
    }
  }

  private Reply kmsRelease(Call call) throws ApiError {
    KeyBroker b = kms();
    ReleaseRequest req;
    try (Admission.Slot upload = uploads.enter()) {
      req = ReleaseRequest.parse(call.body(), config.limits());
    } catch (ReleaseRequest.BadRequest e) {
      throw ApiError.badRequest(e.getMessage());
    }
    try (Admission.Slot slot = verifications.enter()) {
      long start = System.nanoTime();
      ReleaseOutcome o = b.release(req);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String decision = o instanceof ReleaseOutcome.Granted ? "ALLOW" : "DENY";
      metrics.verdict("kms:" + req.secret(), decision, false, took);
      Map<String, String> log = new LinkedHashMap<>();
      log.put("kms_secret", req.secret());
      log.put("decision", decision);
      Reply r = Reply.json(o.status(), JsonOut.compact(o.toJson())).withLog(log);
      if (o instanceof ReleaseOutcome.Limited l) {
        r = r.withHeader("Retry-After", Long.toString(Math.max(1, l.retryAfter().toSeconds())));
      }
      return r;
    } catch (java.sql.SQLException e) {
      throw ApiError.unavailable(
          "kms_store", "the key store is unavailable: " + e.getMessage(), Duration.ofSeconds(5));
    } catch (java.security.GeneralSecurityException e) {
      // Never the secret: the message names the key id or the failing operation only.
      throw new ApiError(500, "kms_crypto", "the secret could not be opened: " + e.getMessage());
    }
  }

  private Reply verify(Call call) throws ApiError {
    refuseWhileDraining();
    VerifyRequest req;
    try (Admission.Slot upload = uploads.enter()) {
      req = VerifyRequest.parse(call, config.limits());
    } catch (ApiError e) {
      if (e.status() == 503) {
        metrics.rejected("overloaded");
      }
      throw e;
    }
    PolicySet set = policies.current();
    LoadedPolicy policy = choose(set, req.policy());
    boolean jwtOnly = call.header("Accept").map(Api::wantsJwt).orElse(false);
    Admission.Slot slot;
    try {
      slot = verifications.enter();
    } catch (ApiError e) {
      metrics.rejected("overloaded");
      throw e;
    }
    boolean submitted = false;
    try {
      Optional<byte[]> nonce = req.nonce();
      if (req.challenge().isPresent()) {
        nonce = Optional.of(useChallenge(req.challenge().get()));
      }
      VerifyOptions.Builder ob = VerifyOptions.builder().name("request");
      req.audience().ifPresent(ob::audience);
      nonce.ifPresent(ob::nonce);
      Optional<Path> nrasDir = Optional.empty();
      if (req.nras().isPresent()) {
        nrasDir = Optional.of(writeNras(req.nras().get()));
        ob.nrasDirectory(nrasDir.get());
      }
      VerifyOptions options = ob.build();
      long start = System.nanoTime();
      Future<VerificationResult> task;
      try {
        task = submit(policy, req.evidence(), options, slot, nrasDir);
      } catch (ApiError e) {
        nrasDir.ifPresent(Api::deleteQuietly);
        throw e;
      }
      submitted = true;
      VerificationResult r = await(task);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      metrics.verdict(policy.name(), r.decision().name(), r.fromCache(), took);
      Map<String, String> log = new LinkedHashMap<>();
      log.put("policy", policy.name());
      log.put("decision", r.decision().name());
      log.put("provider", r.provider());
      log.put("cached", Boolean.toString(r.fromCache()));
      if (jwtOnly) {
        String jwt = ear.sign(r, nonce, clock.instant());
        return Reply.of(200, EAR_MEDIA_TYPE, jwt.getBytes(StandardCharsets.US_ASCII)).withLog(log);
      }
      JsonObject verdict = r.toJsonObject();
      if (req.attestationResult()) {
        JsonObjectBuilder b = JsonOut.JSON.createObjectBuilder(verdict);
        b.add("attestation_result", ear.sign(r, nonce, clock.instant()));
        verdict = b.build();
      }
      return Reply.json(200, JsonOut.compact(verdict)).withLog(log);
    } finally {
      // Once submitted, the verification releases its slot when it really ends (after a timeout
      // too), so the bound on work in progress holds.
      if (!submitted) {
        slot.close();
      }
    }
  }

  /** Runs the verification on the bounded pool; it releases {@code slot} when it ends. */
  private Future<VerificationResult> submit(
      LoadedPolicy policy,
      byte[] evidence,
      VerifyOptions options,
      Admission.Slot slot,
      Optional<Path> scratch)
      throws ApiError {
    try {
      return pool.submit(
          () -> {
            metrics.inFlight(1);
            try {
              return policy.verifier().verify(evidence, options);
            } finally {
              metrics.inFlight(-1);
              // The request's NRAS files are read during the verification, however long the
              // caller waited: removed only when it has ended.
              scratch.ifPresent(Api::deleteQuietly);
              slot.close();
            }
          });
    } catch (RejectedExecutionException e) {
      metrics.rejected("overloaded");
      throw ApiError.unavailable(
          "overloaded", "the service is stopping or full", Duration.ofSeconds(1));
    }
  }

  /** Waits at most the request timeout; on a timeout the caller gets a 503. */
  private VerificationResult await(Future<VerificationResult> f) throws ApiError {
    try {
      return f.get(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      metrics.rejected("timeout");
      throw ApiError.unavailable(
          "timeout",
          "the verification took longer than " + config.requestTimeout().toMillis() + " ms",
          Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiError.unavailable("stopping", "the service is stopping", Duration.ofSeconds(1));
    } catch (ExecutionException e) {
      throw new ApiError(500, "internal", "the verification failed: " + e.getCause());
    }
  }

  /**
   * The request's NRAS material as the directory {@code --nras} would name, in a private temporary
   * directory (the only files the service writes; /tmp is a writable volume in deploy/).
   */
  private static Path writeNras(NrasMaterial m) throws ApiError {
    try {
      Path dir = Files.createTempDirectory("teepol-nras-");
      if (m.response().isPresent()) {
        Files.write(dir.resolve(NrasMaterial.RESPONSE_FILE), m.response().get());
      }
      if (m.jwks().isPresent()) {
        Files.write(dir.resolve(NrasMaterial.JWKS_FILE), m.jwks().get());
      }
      return dir;
    } catch (IOException e) {
      throw new ApiError(
          500, "internal", "cannot hold the request's NRAS material: " + e.getMessage());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A leftover directory is harmless: an emptyDir in deploy/, the OS's tmp cleaner elsewhere.
    }
  }

  private byte[] useChallenge(String token) throws ApiError {
    try {
      return challenges.use(token).nonce();
    } catch (ChallengeException e) {
      throw switch (e.problem()) {
        case INVALID -> new ApiError(422, "challenge_invalid", e.getMessage());
        case EXPIRED -> new ApiError(422, "challenge_expired", e.getMessage());
        case REPLAYED -> new ApiError(409, "challenge_replayed", e.getMessage());
        case TOO_MANY_OUTSTANDING ->
            ApiError.unavailable("challenges_full", e.getMessage(), Duration.ofSeconds(5));
      };
    }
  }

  private LoadedPolicy choose(PolicySet set, Optional<String> name) throws ApiError {
    Optional<String> wanted = name.or(config::defaultPolicy);
    if (wanted.isEmpty()) {
      if (set.byName().size() == 1) {
        return set.all().iterator().next();
      }
      throw ApiError.badRequest(
          "name the policy to judge by ('policy'); served: " + set.byName().keySet());
    }
    return set.get(wanted.get())
        .orElseThrow(
            () ->
                new ApiError(
                    422,
                    "unknown_policy",
                    "no policy named '"
                        + abbreviate(wanted.get())
                        + "' is served (GET /v1/policies lists them: "
                        + set.byName().keySet()
                        + ")"));
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }

  static boolean wantsJwt(String accept) {
    for (String part : accept.split(",")) {
      String type = part.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
      if (type.equals(EAR_MEDIA_TYPE)) {
        return true;
      }
    }
    return false;
  }

  private Reply policies() {
    PolicySet set = policies.current();
    JsonArrayBuilder a = JsonOut.JSON.createArrayBuilder();
    for (LoadedPolicy p : set.all()) {
      a.add(
          JsonOut.JSON
              .createObjectBuilder()
              .add("name", p.name())
              .add("version", p.info().version())
              .add("hash", "sha256:" + p.info().sha256())
              .add("appraisal_policy_id", EarSigner.policyId(p.info()))
              .add("file", p.file().getFileName().toString())
              .add("suite", p.suite()));
    }
    JsonObject o =
        JsonOut.JSON
            .createObjectBuilder()
            .add("policies", a)
            .add(
                "default",
                config
                    .defaultPolicy()
                    .orElse(
                        set.byName().size() == 1 ? set.byName().keySet().iterator().next() : ""))
            .add("loaded_at", set.loadedAt().toString())
            .add("digest", "sha256:" + set.digest())
            .build();
    return Reply.json(200, JsonOut.compact(o));
  }

  private Reply jwks() {
    return Reply.of(
        200, "application/jwk-set+json", ear.key().jwksJson().getBytes(StandardCharsets.UTF_8));
  }

  private Reply readyz() {
    PolicySet set = policies.current();
    boolean ready = set != null && !draining.get();
    JsonObjectBuilder b =
        JsonOut.JSON
            .createObjectBuilder()
            .add("ready", ready)
            .add("draining", draining.get())
            .add("policies", set == null ? 0 : set.byName().size())
            .add("signing_key", ear.key().ephemeral() ? "ephemeral" : "configured")
            .add("signing_key_id", ear.key().keyId());
    Optional<ReloadOutcome> last = policies.lastReload();
    last.ifPresent(
        o -> {
          JsonArrayBuilder problems = JsonOut.JSON.createArrayBuilder();
          o.problems().forEach(problems::add);
          b.add(
              "last_reload",
              JsonOut.JSON
                  .createObjectBuilder()
                  .add("ok", o.ok())
                  .add("at", o.at().toString())
                  .add(
                      "message",
                      o.ok()
                          ? "serving the policy directory as loaded"
                          : "the changed policy directory was refused; still serving the set loaded at "
                              + (set == null ? "(none)" : set.loadedAt().toString()))
                  .add("problems", problems));
        });
    return Reply.json(ready ? 200 : 503, JsonOut.compact(b.build()));
  }

  private Reply metrics() {
    return Reply.of(200, metrics.contentType(), metrics.scrape());
  }

  private void refuseWhileDraining() throws ApiError {
    if (draining.get()) {
      metrics.rejected("draining");
      throw ApiError.unavailable("draining", "the service is stopping", Duration.ofSeconds(1));
    }
  }
}
