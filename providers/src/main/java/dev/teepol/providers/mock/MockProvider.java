package dev.teepol.providers.mock;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.bytes.ParseException;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.evidence.CollateralInfo;
import dev.teepol.core.evidence.Evidence;
import dev.teepol.core.evidence.MockAttestation;
import dev.teepol.core.evidence.NonceInfo;
import dev.teepol.core.evidence.Platform;
import dev.teepol.core.evidence.Tcb;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.verdict.CheckCategory;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.providers.json.JsonEvidenceProvider;
import dev.teepol.providers.json.JsonPrefix;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The development attester (Blindference tier 0): an HMAC-SHA256 answer to a challenge. It proves
 * only that whoever answered holds the key, never that anything runs in a TEE, so its evidence is
 * always {@code platform.tee = "mock"}, which {@code builtin:strict} refuses. The keys come from
 * the relying party ({@link dev.teepol.core.spi.RelyingParty#mockKeys()}); the published default
 * keys ({@link MockAttestation#PUBLISHED_KEYS}) are tried after them and recorded by name, so a
 * policy can refuse them unless it names them.
 */
public final class MockProvider extends JsonEvidenceProvider<MockAnswer> {
  public static final String ID = "mock";

  MockProvider() {
    super(ID, MockChecks.PARSE);
  }

  @Override
  protected boolean sniff(byte[] content, Limits limits) {
    JsonPrefix p = JsonPrefix.scan(content, limits);
    return p.isObject()
        && p.has("challengeId")
        && p.has("nonce")
        && p.has("expiresAt")
        && p.has("hmac");
  }

  @Override
  protected MockAnswer parse(byte[] content, Limits limits) throws ParseException {
    return MockAnswer.parse(content, limits);
  }

  /** A key the answer's MAC verified with. */
  private record Match(byte[] key, String publishedName) {}

  @Override
  protected Appraisal appraise(String subject, MockAnswer answer, AppraisalContext ctx) {
    MockChallenge c = answer.challenge();
    List<CheckResult> checks = new ArrayList<>();
    checks.add(
        CheckResult.pass(MockChecks.PARSE, CheckCategory.PARSE, "challenge " + c.challengeId()));
    List<byte[]> configured = ctx.relyingParty().mockKeys();
    Optional<Match> match = match(answer, configured);
    Outcome mac =
        match.isPresent()
            ? Outcome.PASS
            : configured.isEmpty()
                ? Outcome.unevaluable(
                    "no mock key configured (--mock-key FILE or --mock-key-env VAR), and no"
                        + " published default key verifies the HMAC")
                : Outcome.fail(
                    "the HMAC verifies with none of the "
                        + configured.size()
                        + " configured key(s) nor a published default key");
    checks.add(
        new CheckResult(
            MockChecks.HMAC,
            CheckCategory.SIGNATURE,
            mac,
            match
                .map(
                    m ->
                        m.publishedName().isEmpty()
                            ? "HMAC-SHA256 with key " + MockMac.keyId(m.key())
                            : "HMAC-SHA256 with the PUBLISHED key '"
                                + m.publishedName()
                                + "': anyone can answer with it")
                .orElse("")));
    boolean verified = match.isPresent();
    Instant now = ctx.clock().instant();
    Outcome expiry =
        !verified
            ? Outcome.unevaluable("the HMAC did not verify, so the times are unauthenticated")
            : now.isBefore(c.issuedAt())
                ? Outcome.fail("issued in the future at " + c.issuedAt() + " (now " + now + ")")
                : now.isBefore(c.expiresAt())
                    ? Outcome.PASS
                    : Outcome.fail(
                        "the challenge expired at " + c.expiresAt() + " (now " + now + ")");
    checks.add(
        new CheckResult(
            MockChecks.EXPIRY,
            CheckCategory.COLLATERAL,
            expiry,
            expiry.passed() ? "valid until " + c.expiresAt() : ""));
    NonceInfo nonce = NonceInfo.NONE;
    if (ctx.expectedNonce().isPresent()) {
      byte[] n = ctx.expectedNonce().get();
      boolean carried = verified && MessageDigest.isEqual(c.nonce(), n);
      nonce = NonceInfo.supplied(n, carried);
      checks.add(
          new CheckResult(
              MockChecks.NONCE,
              CheckCategory.BINDING,
              !verified
                  ? Outcome.unevaluable("the HMAC did not verify")
                  : carried
                      ? Outcome.PASS
                      : Outcome.fail(
                          "the answered nonce "
                              + Hex.abbreviate(Hex.of(c.nonce()))
                              + " is not the supplied nonce "
                              + Hex.abbreviate(Hex.of(n))),
              carried ? "answers the supplied nonce" : ""));
    }
    MockAttestation m =
        new MockAttestation(
            c.challengeId(),
            match.map(x -> MockMac.keyId(x.key())).orElse(""),
            match.map(Match::publishedName).orElse(""),
            Optional.of(c.issuedAt()),
            Optional.of(c.expiresAt()));
    Evidence ev =
        Evidence.builder(ID, subject)
            // Nothing in the answer can name another TEE: mock is all it ever is.
            .platform(new Platform("mock", "mock", false, Tcb.UNKNOWN, CollateralInfo.NONE))
            .mock(m)
            .nonce(nonce)
            .bound(Map.of("mock", verified ? Binding.SIGNATURE : Binding.SELF_REPORTED))
            .build();
    return new Appraisal(ev, checks);
  }

  /**
   * The first key whose MAC equals the answer's (constant-time comparisons): the configured keys,
   * then the published ones.
   */
  private static Optional<Match> match(MockAnswer a, List<byte[]> configured) {
    byte[] mac = a.hmac();
    for (byte[] k : configured) {
      if (MessageDigest.isEqual(MockMac.compute(k, a.challenge()), mac)) {
        // A configured key that happens to be a published one is still a published key.
        String text = new String(k, StandardCharsets.UTF_8);
        return Optional.of(new Match(k, MockAttestation.PUBLISHED_KEYS.contains(text) ? text : ""));
      }
    }
    for (String name : MockAttestation.PUBLISHED_KEYS) {
      byte[] k = name.getBytes(StandardCharsets.UTF_8);
      if (MessageDigest.isEqual(MockMac.compute(k, a.challenge()), mac)) {
        return Optional.of(new Match(k, name));
      }
    }
    return Optional.empty();
  }
}
