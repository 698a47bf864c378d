package dev.teepol.providers.confidentialspace;

import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.AUDIENCE;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.CHAIN;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.CLAIMS;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.ISSUER;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.NONCE;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.PARSE;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.SIGNATURE;
import static dev.teepol.providers.confidentialspace.ConfidentialSpaceChecks.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.CollateralSource;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.RelyingParty;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.core.verdict.Outcome;
import dev.teepol.core.verdict.Verdict;
import dev.teepol.providers.confidentialspace.sim.SimCs;
import dev.teepol.providers.confidentialspace.sim.SimCsToken;
import dev.teepol.providers.confidentialspace.sim.SimRsaKey;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Simulated Confidential Space tokens from the project's test PKI and JWKS, each with exactly one
 * defect: every defect fails exactly its own check (checks that judge claims are then UNEVALUABLE,
 * since an unverified token's claims mean nothing), and builtin:strict decides through the one
 * policy engine.
 */
class ConfidentialSpaceSimulatedTest {
  private static final ConfidentialSpaceProvider PROVIDER = new ConfidentialSpaceProvider();
  private static final Instant AT = SimCsToken.verifyAt();

  static Appraisal appraise(String token, AppraisalContext ctx) {
    EvidenceSource src = new EvidenceSource("token.jwt", token.getBytes(StandardCharsets.US_ASCII));
    assertThat(PROVIDER.recognizes(src, Limits.DEFAULT)).as("recognized").isTrue();
    return PROVIDER.appraise(src, ctx);
  }

  static Appraisal appraise(SimCsToken t) {
    return appraise(t.build(), SimCs.context(AT, true));
  }

  /** Ids of the checks that FAIL (not UNEVALUABLE). */
  static Set<String> failed(Appraisal a) {
    return a.checks().stream()
        .filter(c -> c.outcome() instanceof Outcome.Fail)
        .map(CheckResult::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> unevaluable(Appraisal a) {
    return a.checks().stream()
        .filter(c -> c.outcome() instanceof Outcome.Unevaluable)
        .map(CheckResult::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static String reason(Appraisal a, String id) {
    return a.check(id).orElseThrow().explanation();
  }

  /** Only {@code id} fails; whatever else does not pass is UNEVALUABLE for the token's sake. */
  static void onlyFails(Appraisal a, String id) {
    assertThat(failed(a)).as(a.checks().toString()).containsExactly(id);
  }

  static final Set<String> CLAIM_CHECKS = Set.of(TIME, ISSUER, AUDIENCE, NONCE, CLAIMS);

  @Test
  void aProductionTdxTokenPassesEveryCheckAndBuiltinStrictAllowsIt() {
    Appraisal a = appraise(SimCsToken.production());
    assertThat(a.checks()).allMatch(CheckResult::passed, "all pass");
    assertThat(a.checks())
        .extracting(CheckResult::id)
        .containsExactly(PARSE, SIGNATURE, CHAIN, TIME, ISSUER, AUDIENCE, NONCE, CLAIMS);
    assertThat(a.genuine()).isTrue();
    Verdict v = StrictPolicy.evaluate(a, AT);
    assertThat(v.decision()).as(v.checks().toString()).isEqualTo(Decision.ALLOW);
    assertThat(a.evidence().workload().imageDigests()).containsExactly(SimCs.IMAGE_DIGEST);
    assertThat(a.evidence().bound())
        .containsEntry("workload.image_digests", Binding.SIGNATURE)
        .containsEntry("confidential_space", Binding.SIGNATURE);
    assertThat(a.evidence().nonce().matches()).isTrue();
  }

  @Test
  void anOidcTokenVerifiesWithTheConfiguredJwks() {
    Appraisal a = appraise(SimCsToken.production().oidc(SimCs.JWKS_KID));
    assertThat(a.checks()).allMatch(CheckResult::passed);
    assertThat(a.evidence().confidentialSpace().tokenType()).isEqualTo("oidc");
    assertThat(reason(a, SIGNATURE)).contains("test JWKS");
  }

  @Test
  void aFlippedSignatureBitFailsTheSignatureAndNoClaimIsUsed() {
    Appraisal a = appraise(SimCsToken.production().flipSignatureBit());
    onlyFails(a, SIGNATURE);
    assertThat(unevaluable(a)).containsAll(CLAIM_CHECKS);
    assertThat(a.genuine()).isFalse();
    assertThat(a.evidence().workload().imageDigests()).isEmpty();
    assertThat(a.evidence().platform().tcb().status()).isEmpty();
    assertThat(a.evidence().bound()).containsEntry("confidential_space", Binding.SELF_REPORTED);
    assertThat(a.evidence().nonce().state().token()).isEqualTo("differs");
  }

  @Test
  void everyAlgorithmButRs256IsRefusedBeforeAKeyIsLookedAt() {
    for (SimCsToken t :
        List.of(
            SimCsToken.production().header("alg", "none"),
            SimCsToken.production().header("alg", "PS256"),
            SimCsToken.production().header("alg", "RS512"),
            // alg confusion: HS256 keyed with the leaf's public key
            SimCsToken.production().hs256(SimCs.PKI.signingKey().publicKey().getEncoded()))) {
      Appraisal a = appraise(t);
      onlyFails(a, SIGNATURE);
      assertThat(reason(a, SIGNATURE)).contains("is refused");
      assertThat(a.check(CHAIN).orElseThrow().outcome()).isInstanceOf(Outcome.Unevaluable.class);
    }
  }

  @Test
  void aChainFromAForgedPkiWithGooglesNamesIsRefused() {
    // Everything self-consistent, signed by the forger's leaf, chain ending in the forger's root.
    SimCsToken t =
        SimCsToken.production()
            .x5c(
                SimCs.FORGED.chain(
                    SimCs.FORGED.leaf(AT.minusSeconds(86_400), AT.plusSeconds(86_400))))
            .signWith(SimCs.FORGED.signingKey());
    Appraisal a = appraise(t);
    onlyFails(a, CHAIN);
    assertThat(reason(a, CHAIN)).contains("not the configured trust anchor");
    assertThat(a.genuine()).isFalse();
    assertThat(StrictPolicy.evaluate(a, AT).decision()).isEqualTo(Decision.DENY);
    // Without the forged root in x5c, PKIX finds no path to the pinned one.
    SimCsToken noRoot =
        SimCsToken.production()
            .x5c(
                List.of(
                    SimCs.FORGED.leaf(AT.minusSeconds(86_400), AT.plusSeconds(86_400)),
                    SimCs.FORGED.intermediate()))
            .signWith(SimCs.FORGED.signingKey());
    onlyFails(appraise(noRoot), CHAIN);
  }

  @Test
  void theEmbeddedGoogleRootDoesNotTrustTheTestPki() {
    AppraisalContext googleRoot =
        SimCs.context(AT, true).withTrustAnchors(dev.teepol.core.spi.TrustAnchors.defaults());
    Appraisal a = appraise(SimCsToken.production().build(), googleRoot);
    onlyFails(a, CHAIN);
  }

  @Test
  void aCaCertificateCannotSignTokens() {
    // The intermediate's own key signs, and x5c[0] is the intermediate: a CA, not a leaf.
    SimCsToken t =
        SimCsToken.production()
            .x5c(List.of(SimCs.PKI.intermediate(), SimCs.PKI.root()))
            .signWith(SimRsaKey.derive("teepol-sim-cs", "cs-intermediate", 2048));
    Appraisal a = appraise(t);
    onlyFails(a, CHAIN);
    assertThat(reason(a, CHAIN)).contains("is a CA certificate");
  }

  @Test
  void aLeafExpiredWhenTheTokenWasIssuedIsRefused() {
    SimCsToken t =
        SimCsToken.production()
            .x5c(
                SimCs.PKI.chain(
                    SimCs.PKI.leaf(
                        SimCs.IAT.minusSeconds(90 * 86_400L), SimCs.IAT.minusSeconds(60))));
    Appraisal a = appraise(t);
    onlyFails(a, CHAIN);
    assertThat(reason(a, CHAIN)).contains("when the token was issued");
  }

  @Test
  void aShortRsaKeyIsRefused() {
    SimRsaKey weak = SimRsaKey.derive("teepol-sim-cs", "weak", 1024);
    SimCsToken t =
        SimCsToken.production()
            .x5c(
                SimCs.PKI.chain(
                    SimCs.PKI.leaf(weak.publicKey(), SimCs.IAT.minusSeconds(60), SimCs.EXP, false)))
            .signWith(weak);
    Appraisal a = appraise(t);
    assertThat(failed(a)).contains(CHAIN);
    assertThat(reason(a, CHAIN)).contains("1024-bit");
  }

  @Test
  void timeIsTheInjectedClocksAndTheLifetimeIsBounded() {
    String token = SimCsToken.production().build();
    onlyFails(appraise(token, SimCs.context(SimCs.EXP, true)), TIME);
    onlyFails(appraise(token, SimCs.context(SimCs.IAT.minusSeconds(1), true)), TIME);
    Appraisal longLived =
        appraise(
            SimCsToken.production()
                .claim("exp", SimCs.IAT.plusSeconds(48 * 3600).getEpochSecond()));
    onlyFails(longLived, TIME);
    assertThat(reason(longLived, TIME)).contains("lifetime");
    onlyFails(appraise(SimCsToken.production().without("exp")), TIME);
    Appraisal noIat = appraise(SimCsToken.production().without("iat"));
    // Without iat neither the certificates at issue time nor the lifetime can be judged.
    assertThat(failed(noIat)).containsExactly(CHAIN);
  }

  @Test
  void anotherIssuerFailsTheIssuerCheck() {
    Appraisal a = appraise(SimCsToken.production().claim("iss", "https://attacker.example"));
    onlyFails(a, ISSUER);
  }

  @Test
  void theAudienceMustBeTheCallersAndMustBeGiven() {
    onlyFails(
        appraise(SimCsToken.production().claim("aud", "https://sts.googleapis.com")), AUDIENCE);
    Appraisal listed =
        appraise(SimCsToken.production().claim("aud", List.of("https://other", SimCs.AUDIENCE)));
    assertThat(listed.checks()).allMatch(CheckResult::passed);
    Appraisal noAudience =
        appraise(
            SimCsToken.production().build(),
            SimCs.context(AT, true).withRelyingParty(RelyingParty.NONE));
    assertThat(failed(noAudience)).isEmpty();
    assertThat(unevaluable(noAudience)).containsExactly(AUDIENCE);
    assertThat(reason(noAudience, AUDIENCE)).contains("--audience");
    assertThat(StrictPolicy.evaluate(noAudience, AT).decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void theNonceIsCarriedAsTextOrHexInAStringOrAList() {
    onlyFails(appraise(SimCsToken.production().claim("eat_nonce", "another-challenge")), NONCE);
    String hex = dev.teepol.core.bytes.Hex.of(SimCs.NONCE.getBytes(StandardCharsets.UTF_8));
    for (Object carried :
        List.of(
            List.of("first-nonce-entry", SimCs.NONCE),
            hex,
            hex.toUpperCase(java.util.Locale.ROOT))) {
      Appraisal a = appraise(SimCsToken.production().claim("eat_nonce", carried));
      assertThat(a.checks()).as(carried.toString()).allMatch(CheckResult::passed);
    }
    Appraisal none = appraise(SimCsToken.production().without("eat_nonce"));
    onlyFails(none, NONCE);
    // Without a supplied nonce there is no nonce check, and the state is "not supplied".
    Appraisal unasked = appraise(SimCsToken.production().build(), SimCs.context(AT, false));
    assertThat(unasked.check(NONCE)).isEmpty();
    assertThat(unasked.evidence().nonce().state().token()).isEqualTo("not_supplied");
  }

  @Test
  void anUnknownClaimOrHardwareModelMakesTheTokenUnevaluable() {
    for (SimCsToken t :
        List.of(
            SimCsToken.production().claim("debug_shell", true),
            SimCsToken.production().submod("container", "privileged", true),
            SimCsToken.production().submod("nvidia_gpu", "cc_mode", "ON"),
            SimCsToken.production().header("jku", "https://attacker.example/jwks"),
            SimCsToken.production().claim("hwmodel", "GCP_AMD_SEV_SNP"),
            SimCsToken.production().without("hwmodel"))) {
      Appraisal a = appraise(t);
      assertThat(failed(a)).as(t.payloadJson()).isEmpty();
      assertThat(unevaluable(a)).containsExactly(CLAIMS);
      assertThat(a.genuine()).isTrue();
      assertThat(StrictPolicy.evaluate(a, AT).decision()).isEqualTo(Decision.DENY);
    }
  }

  @Test
  void aDuplicateClaimOrAClaimOfTheWrongTypeIsAParseFailure() {
    String json = SimCsToken.production().payloadJson();
    String duplicated = json.replace("\"dbgstat\":", "\"dbgstat\":\"enabled\",\"dbgstat\":");
    Appraisal dup = appraise(SimCsToken.production().rawPayload(duplicated));
    assertThat(dup.checks()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(PARSE));
    assertThat(reason(dup, PARSE)).contains("payload");
    Appraisal wrongType = appraise(SimCsToken.production().claim("secboot", "true"));
    assertThat(reason(wrongType, PARSE)).contains("payload.secboot");
    Appraisal digestNumber =
        appraise(SimCsToken.production().submod("container", "image_digest", 42));
    assertThat(reason(digestNumber, PARSE)).contains("payload.submods.container.image_digest");
    Appraisal crit = appraise(SimCsToken.production().header("crit", List.of("exp")));
    assertThat(reason(crit, PARSE)).contains("crit");
    assertThat(crit.genuine()).isFalse();
  }

  @Test
  void anOidcTokenNeedsItsKeyInTheConfiguredJwksAndOnlyThere() {
    SimCsToken oidc = SimCsToken.production().oidc(SimCs.JWKS_KID);
    AppraisalContext noJwks = SimCs.context(AT, true).withCollateral(CollateralSource.none());
    Appraisal a = appraise(oidc.build(), noJwks);
    assertThat(failed(a)).isEmpty();
    assertThat(unevaluable(a)).contains(SIGNATURE, CHAIN);
    assertThat(reason(a, CHAIN)).contains("--cs-jwks");

    Appraisal otherKid = appraise(SimCsToken.production().oidc("rotated-away"));
    assertThat(failed(otherKid)).isEmpty();
    assertThat(reason(otherKid, CHAIN)).contains("rotated-away");

    // Two keys under one kid: which is Google's cannot be told.
    SimRsaKey attacker = SimRsaKey.derive("attacker", "cs-oidc", 2048);
    String twoKeys =
        SimCs.jwks(
            new RSAKey.Builder(SimRsaKey.derive("teepol-sim-cs", "cs-oidc", 2048).publicKey())
                .keyID(SimCs.JWKS_KID),
            new RSAKey.Builder(attacker.publicKey()).keyID(SimCs.JWKS_KID));
    Appraisal doubled =
        appraise(oidc.build(), SimCs.context(AT, true).withCollateral(SimCs.jwksSource(twoKeys)));
    onlyFails(doubled, CHAIN);

    // Signed by another key under the right kid.
    Appraisal forged = appraise(SimCsToken.production().oidc(SimCs.JWKS_KID).signWith(attacker));
    onlyFails(forged, SIGNATURE);
  }

  @Test
  void debugSevAndShieldedVmTokensAreGenuineButBuiltinStrictDeniesThem() {
    Appraisal debug = appraise(SimCsToken.production().claim("dbgstat", "enabled"));
    assertThat(debug.checks()).allMatch(CheckResult::passed);
    assertThat(debug.evidence().platform().debug()).isTrue();
    assertThat(failing(StrictPolicy.evaluate(debug, AT))).containsExactly(StrictPolicy.NOT_DEBUG);

    Appraisal sev =
        appraise(SimCsToken.production().claim("hwmodel", "GCP_AMD_SEV").without("tdx"));
    assertThat(sev.evidence().platform().tee()).isEqualTo("sev");
    assertThat(failing(StrictPolicy.evaluate(sev, AT)))
        // A SEV token carries no TCB verdict: whether strict's TCB check judges SEV at all is the
        // TCB rules' business; the substrate claim refuses it either way.
        .contains("policy.substrate.tee")
        .isSubsetOf("policy.substrate.tee", StrictPolicy.TCB_STATUS);

    Appraisal shielded =
        appraise(SimCsToken.production().claim("hwmodel", "GCP_SHIELDED_VM").without("tdx"));
    assertThat(shielded.evidence().platform().tee()).isEqualTo("none");
    assertThat(StrictPolicy.evaluate(shielded, AT).decision()).isEqualTo(Decision.DENY);

    Appraisal outOfDate =
        appraise(
            SimCsToken.production().claim("tdx", Map.of("gcp_attester_tcb_status", "OutOfDate")));
    assertThat(failing(StrictPolicy.evaluate(outOfDate, AT)))
        .containsExactly(StrictPolicy.TCB_STATUS);
  }

  @Test
  void whiteSpaceAroundTheTokenIsIgnoredAndAnOversizedTokenIsRefused() {
    assertThat(appraise(SimCsToken.production().trailing("\n")).checks())
        .allMatch(CheckResult::passed);
    String big = "x".repeat(Limits.DEFAULT.maxJwtBytes());
    Appraisal a =
        PROVIDER.appraise(
            new EvidenceSource(
                "big.jwt",
                SimCsToken.production().submod("container", "env", Map.of("PAD", big)).bytes()),
            SimCs.context(AT, true));
    assertThat(reason(a, PARSE)).contains("maxJwtBytes");
  }

  @Test
  void aSecondSpellingOfTheSameSignatureIsRefused() {
    // 256 signature bytes take 342 base64url characters; the last one has 4 unused bits. Setting
    // one decodes to the same bytes: another token string with the same signature.
    String t = SimCsToken.production().build();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = t.charAt(t.length() - 1);
    char other = alphabet.charAt(alphabet.indexOf(last) | 1);
    assertThat(other).isNotEqualTo(last);
    Appraisal a = appraise(t.substring(0, t.length() - 1) + other, SimCs.context(AT, true));
    assertThat(reason(a, PARSE)).contains("canonical");
  }

  @Test
  void aValidatedChainIsRememberedOnlyWithinItsCertificatesWindow() {
    ConfidentialSpaceProvider one = new ConfidentialSpaceProvider();
    Appraisal first =
        one.appraise(
            new EvidenceSource("t", SimCsToken.production().bytes()), SimCs.context(AT, true));
    assertThat(first.checks()).allMatch(CheckResult::passed);
    // The same chain, 70 days on: the leaf (60 days) has expired, whatever was validated before.
    Instant later = SimCs.IAT.plusSeconds(70L * 86_400);
    SimCsToken late =
        SimCsToken.production()
            .claim("iat", later.getEpochSecond())
            .claim("nbf", later.getEpochSecond())
            .claim("exp", later.plusSeconds(3600).getEpochSecond());
    Appraisal second =
        one.appraise(
            new EvidenceSource("t", late.bytes()), SimCs.context(later.plusSeconds(60), true));
    onlyFails(second, CHAIN);
    assertThat(reason(second, CHAIN)).contains("when the token was issued", "expired on");
  }

  static List<String> failing(Verdict v) {
    return v.checks().stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
  }
}
