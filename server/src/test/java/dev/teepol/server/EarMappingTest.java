package dev.teepol.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.providers.tdx.sim.Breakage;
import dev.teepol.providers.tdx.sim.DcapSimulator;
import dev.teepol.providers.tdx.sim.SimulatedDcap;
import dev.teepol.server.ear.EarSigner;
import dev.teepol.server.ear.Submod;
import dev.teepol.server.ear.TrustClaim;
import dev.teepol.verifier.TeepolVerifier;
import dev.teepol.verifier.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EAR mapping of docs/service.md on simulated evidence, one defect at a time: each defect moves
 * exactly the claim the table says, and no DENY is ever affirming.
 */
class EarMappingTest {
  @TempDir Path tmp;

  Submod appraise(SimulatedDcap sim, String policy) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "sim");
    sim.writeTo(dir);
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, policy);
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .policy(p)
            .collateralDirectory(dir.resolve("collateral"))
            .trustAnchor(dir.resolve("root_ca.der"))
            .clock(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
            .build()) {
      VerificationResult r = v.verify(sim.quote());
      Map<String, Submod> s = EarSigner.submods(r);
      assertThat(s).containsOnlyKeys("tdx");
      Submod m = s.get("tdx");
      if (!r.allowed()) {
        assertThat(m.status()).isNotIn(TrustClaim.Tier.AFFIRMING, TrustClaim.Tier.WARNING);
      }
      return m;
    }
  }

  Submod appraise(SimulatedDcap sim) throws Exception {
    return appraise(sim, Fixture.POLICY);
  }

  @Test
  void genuineUpToDateEvidenceIsAffirmingInEveryClaim() throws Exception {
    Submod m = appraise(DcapSimulator.builder().build().generate());
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.AFFIRMING);
    assertThat(m.vector())
        .containsEntry("hardware", 2)
        .containsEntry("configuration", 2)
        .containsEntry("sourced-data", 2)
        .containsEntry("instance-identity", 2)
        .containsEntry("runtime-opaque", 2);
  }

  @Test
  void anAllowedTcbThatIsNotUpToDateIsAWarning() throws Exception {
    String policy =
        Fixture.POLICY.replace(
            "tcb: {allow: [UpToDate]}",
            "tcb: {allow: [UpToDate, SWHardeningNeeded], allowAdvisories: [INTEL-SA-00615]}");
    Submod m =
        appraise(DcapSimulator.builder().tcbStatus("SWHardeningNeeded").build().generate(), policy);
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.WARNING);
    assertThat(m.vector()).containsEntry("configuration", 32).containsEntry("hardware", 2);
  }

  @Test
  void aTcbThePolicyRefusesIsContraindicatedConfiguration() throws Exception {
    Submod m = appraise(DcapSimulator.builder().tcbStatus("SWHardeningNeeded").build().generate());
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
    assertThat(m.vector()).containsEntry("configuration", 96).containsEntry("hardware", 2);
  }

  @Test
  void aBrokenSignatureIsCryptoFailedHardwareAndNoRuntimeClaim() throws Exception {
    Submod m =
        appraise(DcapSimulator.builder().breakage(Breakage.QUOTE_BAD_SIGNATURE).build().generate());
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
    assertThat(m.vector()).containsEntry("hardware", 99).doesNotContainKey("runtime-opaque");
  }

  @Test
  void staleCollateralIsContraindicatedSourcedData() throws Exception {
    Submod m =
        appraise(DcapSimulator.builder().breakage(Breakage.TCB_INFO_EXPIRED).build().generate());
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
    assertThat(m.vector()).containsEntry("sourced-data", 96);
  }

  @Test
  void aDebugTdIsVisibleRuntime() throws Exception {
    Submod m = appraise(DcapSimulator.builder().breakage(Breakage.DEBUG_TD).build().generate());
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
    assertThat(m.vector()).containsEntry("runtime-opaque", 96).containsEntry("configuration", 96);
  }

  @Test
  void aMeasurementThePolicyDoesNotKnowIsUnrecognizedExecutables() throws Exception {
    String policy =
        Fixture.POLICY
            + "  measurements:\n"
            + "    bundles:\n"
            + "      - name: release-1\n"
            + "        mrtd: \""
            + "00".repeat(48)
            + "\"\n";
    Submod m = appraise(DcapSimulator.builder().build().generate(), policy);
    assertThat(m.status()).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
    assertThat(m.vector()).containsEntry("executables", 33).containsEntry("hardware", 2);
  }

  @Test
  void evidenceThatCouldNotBeJudgedIsNone() throws Exception {
    // No collateral source at all: the collateral checks are UNEVALUABLE, nothing FAILED.
    SimulatedDcap sim = DcapSimulator.builder().build().generate();
    Path dir = Files.createTempDirectory(tmp, "bare");
    sim.writeTo(dir);
    try (TeepolVerifier v =
        TeepolVerifier.builder()
            .trustAnchor(dir.resolve("root_ca.der"))
            .clock(Clock.fixed(DcapSimulator.VERIFY_AT, ZoneOffset.UTC))
            .build()) {
      VerificationResult r = v.verify(sim.quote());
      Submod m = EarSigner.submods(r).get("tdx");
      assertThat(r.allowed()).isFalse();
      assertThat(m.status()).isEqualTo(TrustClaim.Tier.NONE);
      assertThat(m.vector()).containsEntry("sourced-data", 0);
    }
  }

  @Test
  void tiersFollowAr4si() {
    assertThat(TrustClaim.tier(0)).isEqualTo(TrustClaim.Tier.NONE);
    assertThat(TrustClaim.tier(1)).isEqualTo(TrustClaim.Tier.NONE);
    assertThat(TrustClaim.tier(2)).isEqualTo(TrustClaim.Tier.AFFIRMING);
    assertThat(TrustClaim.tier(33)).isEqualTo(TrustClaim.Tier.WARNING);
    assertThat(TrustClaim.tier(96)).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
    assertThat(TrustClaim.tier(99)).isEqualTo(TrustClaim.Tier.CONTRAINDICATED);
  }
}
