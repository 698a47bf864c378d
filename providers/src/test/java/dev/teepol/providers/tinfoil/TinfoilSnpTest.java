package dev.teepol.providers.tinfoil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.bytes.Hex;
import dev.teepol.core.limits.Limits;
import dev.teepol.core.spi.Appraisal;
import dev.teepol.core.spi.AppraisalContext;
import dev.teepol.core.spi.EvidenceSource;
import dev.teepol.core.spi.Providers;
import dev.teepol.core.spi.TrustAnchors;
import dev.teepol.core.verdict.CheckResult;
import dev.teepol.core.verdict.Decision;
import dev.teepol.providers.sevsnp.collateral.AmdCertificateDirectory;
import dev.teepol.providers.sigstore.ReleaseFolder;
import dev.teepol.providers.sigstore.ReleaseIdentity;
import dev.teepol.providers.sigstore.ReleaseInputs;
import dev.teepol.providers.sigstore.abi.Predicate;
import dev.teepol.providers.sigstore.sim.Defect;
import dev.teepol.providers.sigstore.sim.SimSigstore;
import dev.teepol.providers.testsupport.Corpus;
import dev.teepol.providers.testsupport.StrictPolicy;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tinfoil on AMD SEV-SNP: the real capture of tinfoil/router-snp-genoa-with-release (a v3 document)
 * with its real release, and against releases of the test Sigstore instance.
 */
class TinfoilSnpTest {
  static final SimSigstore SIGSTORE = new SimSigstore("tinfoil-snp-test");

  @TempDir Path tmp;

  private final TinfoilProvider provider =
      Providers.load().byType(TinfoilProvider.class).orElseThrow();

  record Case(Path dir, JsonObject expected, Instant at) {}

  static Case corpusCase() throws Exception {
    Path dir = Corpus.caseDir("tinfoil", "router-snp-genoa-with-release");
    JsonObject e = Corpus.expected(dir);
    return new Case(dir, e, Instant.ofEpochSecond(e.getJsonNumber("verify_at_unix").longValue()));
  }

  static AppraisalContext ctx(Case c, TrustAnchors anchors, Optional<byte[]> nonce) {
    return new AppraisalContext(
        Clock.fixed(c.at(), ZoneOffset.UTC),
        anchors,
        new AmdCertificateDirectory(c.dir(), Limits.DEFAULT),
        nonce,
        Limits.DEFAULT);
  }

  static List<String> notPassing(Appraisal a, Instant at) {
    return StrictPolicy.evaluate(a, at).checks().stream()
        .filter(c -> !c.passed())
        .map(CheckResult::id)
        .toList();
  }

  static List<ReleaseIdentity> pinned(JsonObject expected) {
    JsonObject in = expected.getJsonObject("policy_inputs");
    return List.of(
        ReleaseIdentity.github(
            in.getString("deployment_repo"),
            in.getString("oidc_issuer"),
            in.getString("san_pattern")));
  }

  @Test
  void theRealEnclaveAndItsRealReleaseAreAllowedWithTheClientsNonce() throws Exception {
    Case c = corpusCase();
    ReleaseInputs releases =
        new ReleaseInputs(
            List.of(ReleaseFolder.read(c.dir().resolve("releases/model-router"), Limits.DEFAULT)),
            pinned(c.expected()));
    byte[] nonce =
        Hex.decode(
            c.expected()
                .getJsonObject("source_asserted")
                .getJsonObject("hardware_case_source_asserted")
                .getString("nonce"));
    Appraisal a =
        provider.appraise(
            EvidenceSource.read(c.dir().resolve("tinfoil_attestation.json"), Limits.DEFAULT),
            releases,
            ctx(c, TrustAnchors.defaults(), Optional.of(nonce)));
    assertThat(notPassing(a, c.at())).isEmpty();
    assertThat(StrictPolicy.evaluate(a, c.at()).decision()).isEqualTo(Decision.ALLOW);
    assertThat(a.genuine()).isTrue();
    assertThat(a.evidence().nonce().matches()).isTrue();
    JsonObject hw = c.expected().getJsonObject("builder_computed").getJsonObject("hardware");
    assertThat(a.evidence().measurements().get("measurement"))
        .isEqualTo(hw.getJsonObject("report").getString("measurement"));
    JsonObject binding = hw.getJsonObject("tinfoil_v3_binding");
    assertThat(a.evidence().signers())
        .extracting(s -> s.addressOrKey())
        .containsExactly(binding.getString("tls_key_fp"), binding.getString("hpke_key"));
    assertThat(a.evidence().signers())
        .allSatisfy(s -> assertThat(s.boundBy().label()).isEqualTo("report_data"));
    assertThat(a.evidence().provenance())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.commit())
                  .isEqualTo(
                      c.expected()
                          .getJsonObject("builder_computed")
                          .getJsonObject("releases")
                          .getJsonObject("model-router")
                          .getString("commit"));
              assertThat(p.verified()).isTrue();
            });
  }

  @Test
  void anotherNonceFailsTheNonceCheck() throws Exception {
    Case c = corpusCase();
    ReleaseInputs releases =
        new ReleaseInputs(
            List.of(ReleaseFolder.read(c.dir().resolve("releases/model-router"), Limits.DEFAULT)),
            pinned(c.expected()));
    Appraisal a =
        provider.appraise(
            EvidenceSource.read(c.dir().resolve("tinfoil_attestation.json"), Limits.DEFAULT),
            releases,
            ctx(c, TrustAnchors.defaults(), Optional.of(new byte[32])));
    assertThat(notPassing(a, c.at())).containsExactly(TinfoilChecks.NONCE);
  }

  @Test
  void keysThatAreNotTheOnesHashedIntoReportDataAreRefused() throws Exception {
    Case c = corpusCase();
    String doc = Files.readString(c.dir().resolve("tinfoil_attestation.json"));
    String fp =
        c.expected()
            .getJsonObject("builder_computed")
            .getJsonObject("hardware")
            .getJsonObject("tinfoil_v3_binding")
            .getString("tls_key_fp");
    byte[] swapped = doc.replace(fp, "00" + fp.substring(2)).getBytes(StandardCharsets.UTF_8);
    ReleaseInputs releases =
        new ReleaseInputs(
            List.of(ReleaseFolder.read(c.dir().resolve("releases/model-router"), Limits.DEFAULT)),
            pinned(c.expected()));
    Appraisal a =
        provider.appraise(
            new EvidenceSource("swapped", swapped),
            releases,
            ctx(c, TrustAnchors.defaults(), Optional.empty()));
    assertThat(notPassing(a, c.at())).containsExactly(TinfoilChecks.KEYS);
    assertThat(a.evidence().signers())
        .allSatisfy(s -> assertThat(s.boundBy().label()).isEqualTo("self_reported"));
  }

  static SimSigstore.Spec release(String measurement, Instant at) {
    JsonObject p =
        Json.createObjectBuilder()
            .add("snp_measurement", measurement)
            .add(
                "tdx_measurement",
                Json.createObjectBuilder()
                    .add("rtmr1", "01".repeat(48))
                    .add("rtmr2", "02".repeat(48)))
            .build();
    return new SimSigstore.Spec(
        "tinfoilsh/confidential-model-router",
        "v9.9.9",
        "cc".repeat(20),
        at.minusSeconds(3600),
        Predicate.TINFOIL_DEPLOYMENT,
        p,
        "deployment".getBytes(StandardCharsets.UTF_8),
        Defect.NONE);
  }

  @Test
  void aReleaseOfAnotherImageDeniesOnTheMeasurementAlone() throws Exception {
    Case c = corpusCase();
    TrustAnchors test =
        TrustAnchors.defaults()
            .withDocument(TrustAnchors.SIGSTORE_TRUSTED_ROOT, SIGSTORE.trustedRoot());
    String real =
        c.expected()
            .getJsonObject("builder_computed")
            .getJsonObject("registers")
            .getString("measurement");
    ReleaseInputs same =
        new ReleaseInputs(
            List.of(
                ReleaseFolder.read(
                    SIGSTORE.sign(release(real, c.at())).writeTo(tmp.resolve("same")),
                    Limits.DEFAULT)),
            pinned(c.expected()));
    Appraisal ok =
        provider.appraise(
            EvidenceSource.read(c.dir().resolve("tinfoil_attestation.json"), Limits.DEFAULT),
            same,
            ctx(c, test, Optional.empty()));
    assertThat(notPassing(ok, c.at())).isEmpty();
    ReleaseInputs other =
        new ReleaseInputs(
            List.of(
                ReleaseFolder.read(
                    SIGSTORE.sign(release("ab".repeat(48), c.at())).writeTo(tmp.resolve("other")),
                    Limits.DEFAULT)),
            pinned(c.expected()));
    Appraisal bad =
        provider.appraise(
            EvidenceSource.read(c.dir().resolve("tinfoil_attestation.json"), Limits.DEFAULT),
            other,
            ctx(c, test, Optional.empty()));
    assertThat(notPassing(bad, c.at())).containsExactly(TinfoilChecks.SNP_MEASUREMENT);
    assertThat(bad.check(TinfoilChecks.SNP_MEASUREMENT).orElseThrow().explanation())
        .contains(real.substring(0, 8));
  }
}
