package dev.teepol.kms.ratls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.evidence.Binding;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.policy.compile.PolicyCompiler;
import dev.teepol.policy.eval.PolicyEngine;
import dev.teepol.providers.dstack.DstackAppraiser;
import dev.teepol.providers.tdx.TdxProvider;
import dev.teepol.providers.tdx.collateral.DirectoryCollateralSource;
import dev.teepol.providers.tdx.sim.CollateralLayout;
import dev.teepol.providers.testsupport.StrictPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RA-TLS chains from a test KMS: a valid chain passes every check and {@code builtin:strict}; each
 * defect fails exactly its check.
 */
class RatlsSimulatedTest {
  @TempDir Path tmp;

  private final RatlsProvider provider = new RatlsProvider(new DstackAppraiser(new TdxProvider()));

  Appraisal appraise(SimRatls sim, Optional<byte[]> nonce) throws Exception {
    byte[] pem = sim.pem();
    Path dir = Files.createTempDirectory(tmp, "ratls");
    sim.quote.writeTo(dir);
    AppraisalContext ctx =
        new AppraisalContext(
            Clock.fixed(SimRatls.VERIFY_AT, ZoneOffset.UTC),
            TrustAnchors.defaults().with(TrustAnchors.INTEL_SGX_ROOT, List.of(sim.quote.root())),
            new DirectoryCollateralSource(
                dir.resolve(CollateralLayout.COLLATERAL_DIR), Limits.DEFAULT),
            nonce,
            Limits.DEFAULT);
    EvidenceSource src = new EvidenceSource("app.pem", pem);
    assertThat(provider.recognizes(src, Limits.DEFAULT)).isTrue();
    return provider.appraise(src, ctx);
  }

  static Set<String> notPassed(Appraisal a) {
    return a.checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .collect(Collectors.toSet());
  }

  @Test
  void aValidChainPassesEveryCheckAndProvesTheKmsRootAndTheAppKey() throws Exception {
    SimRatls sim = new SimRatls();
    Appraisal a = appraise(sim, Optional.empty());
    assertThat(notPassed(a)).isEmpty();
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().kind()).isEqualTo(RatlsProvider.ID);
    assertThat(a.evidence().kms().rootKey())
        .isEqualTo(Hex.of(sim.kmsRoot.getPublic().getEncoded()));
    assertThat(a.evidence().bound().get("kms.root_key")).isEqualTo(Binding.REPLAY);
    assertThat(a.evidence().signers())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.addressOrKey()).isEqualTo(Hex.of(sim.leaf.getPublic().getEncoded()));
              assertThat(s.boundBy()).isEqualTo(Binding.REPORT_DATA);
            });
    assertThat(a.evidence().workload().appId()).isEqualTo(Hex.of(SimRatls.APP_ID));
    assertThat(StrictPolicy.evaluate(a, SimRatls.VERIFY_AT).decision()).isEqualTo(Decision.ALLOW);
    // The chain's earliest certificate expiry bounds how long the appraisal holds.
    assertThat(a.validUntil()).isPresent();
    assertThat(a.validUntil().get()).isBeforeOrEqualTo(sim.leafNotAfter);
  }

  static Stream<Arguments> defects() {
    return Stream.of(
        defect(
            "report_data binds another key",
            s -> s.keyInReportData = SimRatls.p256().getPublic(),
            RatlsChecks.REPORT_DATA_KEY),
        defect(
            "app CA signed by a key that is not the root",
            s -> s.signAppCaWith = SimRatls.p256(),
            RatlsChecks.CHAIN),
        defect(
            "chain ends in another self-signed root than the attested one",
            s -> {
              s.rootInChain = SimRatls.p256();
              s.signAppCaWith = s.rootInChain;
            },
            RatlsChecks.KMS_ROOT),
        defect(
            "the node attests another KMS root",
            s -> s.attestedKmsRoot = SimRatls.p256().getPublic(),
            RatlsChecks.KMS_ROOT),
        defect(
            "leaf expired at the appraisal time",
            s -> s.leafNotAfter = SimRatls.VERIFY_AT.minus(1, ChronoUnit.DAYS),
            RatlsChecks.CHAIN),
        defect("leaf for another app", s -> s.leafAppId = new byte[20], RatlsChecks.APP_ID),
        defect("leaf is a CA", s -> s.leafIsCa = true, RatlsChecks.LEAF_USAGE),
        defect("leaf has the app CA usage", s -> s.leafUsage = "app:ca", RatlsChecks.LEAF_USAGE),
        defect(
            "no root in the chain",
            s -> s.withRoot = false,
            RatlsChecks.CHAIN,
            RatlsChecks.KMS_ROOT),
        defect("no quote", s -> s.withQuote = false, RatlsChecks.QUOTE_EXTENSION));
  }

  static Arguments defect(String name, Consumer<SimRatls> edit, String... checks) {
    return Arguments.of(name, edit, Set.of(checks));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void eachDefectFailsExactlyItsCheck(String name, Consumer<SimRatls> edit, Set<String> checks)
      throws Exception {
    SimRatls sim = new SimRatls();
    edit.accept(sim);
    Appraisal a = appraise(sim, Optional.empty());
    assertThat(notPassed(a)).as(name).containsExactlyInAnyOrderElementsOf(checks);
    assertThat(StrictPolicy.evaluate(a, SimRatls.VERIFY_AT).decision()).isEqualTo(Decision.DENY);
  }

  @Test
  void aNonceCannotBeCarriedByACertificate() throws Exception {
    Appraisal a = appraise(new SimRatls(), Optional.of(new byte[32]));
    assertThat(notPassed(a)).containsExactly(RatlsChecks.NONCE);
  }

  @Test
  void kmsAllowedRootsPinsTheRoot() throws Exception {
    SimRatls sim = new SimRatls();
    Appraisal a = appraise(sim, Optional.empty());
    String pinned = policy(Hex.of(sim.kmsRoot.getPublic().getEncoded()));
    String other = policy(Hex.of(SimRatls.p256().getPublic().getEncoded()));
    Instant at = SimRatls.VERIFY_AT;
    assertThat(PolicyEngine.evaluate(PolicyCompiler.compile(pinned, "p.yaml"), a, at).decision())
        .isEqualTo(Decision.ALLOW);
    assertThat(PolicyEngine.evaluate(PolicyCompiler.compile(other, "p.yaml"), a, at).decision())
        .isEqualTo(Decision.DENY);
  }

  static String policy(String root) {
    return "apiVersion: teepol.dev/v1\nkind: TrustPolicy\nmetadata: {name: ratls, version: 1}\n"
        + "spec:\n  substrate: {tee: [tdx]}\n  kms:\n    allowedRoots: ['"
        + root
        + "']\n";
  }
}
