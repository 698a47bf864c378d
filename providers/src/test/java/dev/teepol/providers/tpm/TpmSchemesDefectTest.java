package dev.teepol.providers.tpm;

import static dev.teepol.providers.tpm.SimContext.appraise;
import static dev.teepol.providers.tpm.SimContext.failing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.teepol.core.spi.Appraisal;
import dev.teepol.providers.tpm.abi.EventType;
import dev.teepol.providers.tpm.abi.SigScheme;
import dev.teepol.providers.tpm.abi.TpmHash;
import dev.teepol.providers.tpm.abi.UefiVariable;
import dev.teepol.providers.tpm.sim.SimAk;
import dev.teepol.providers.tpm.sim.SimEventLog;
import dev.teepol.providers.tpm.sim.TpmDefect;
import dev.teepol.providers.tpm.sim.TpmSimulator;
import org.junit.jupiter.api.Test;

/**
 * The signature and AK-certificate defects with every key type and scheme, not just the default
 * RSASSA key (PIT: an ECDSA verification replaced by "true", an RSA-PSS check inverted and an EC
 * key comparison replaced by "true" all survived, since every defect used the RSA key).
 */
class TpmSchemesDefectTest {
  private static TpmSimulator.Builder ecc() {
    return TpmSimulator.builder().ak(SimAk.ecc("node-5"));
  }

  private static TpmSimulator.Builder pss() {
    return TpmSimulator.builder().scheme(SigScheme.RSAPSS, TpmHash.SHA256);
  }

  @Test
  void aTamperedOrForeignSignatureFailsWithAnEccAk() {
    for (TpmDefect d :
        new TpmDefect[] {TpmDefect.QUOTE_BAD_SIGNATURE, TpmDefect.SIGNED_BY_ANOTHER_KEY}) {
      Appraisal a = appraise(ecc().defect(d).build().generate());
      assertThat(failing(a)).as(d + ": " + a.checks()).containsExactly(TpmChecks.QUOTE_SIGNATURE);
    }
  }

  @Test
  void aTamperedOrForeignSignatureFailsWithRsaPss() {
    for (TpmDefect d :
        new TpmDefect[] {TpmDefect.QUOTE_BAD_SIGNATURE, TpmDefect.SIGNED_BY_ANOTHER_KEY}) {
      Appraisal a = appraise(pss().defect(d).build().generate());
      assertThat(failing(a)).as(d + ": " + a.checks()).containsExactly(TpmChecks.QUOTE_SIGNATURE);
    }
  }

  @Test
  void anAkCertificateForAnotherEcKeyFails() {
    Appraisal a = appraise(ecc().defect(TpmDefect.AK_CERT_FOR_ANOTHER_KEY).build().generate());
    assertThat(failing(a)).as(a.checks().toString()).containsExactly(TpmChecks.AK_TRUST);
    assertThat(a.check(TpmChecks.AK_TRUST).orElseThrow().outcome().reason())
        .contains("certifies another key");
  }

  /**
   * Event data the decoder shows must be what was measured: a boot variable, a Secure Boot
   * authority and GCE's non-host info whose data differs from what the digest hashes each fail
   * event_log.data (PIT: those three comparisons could be removed unnoticed).
   */
  @Test
  void eventDataThatIsNotWhatWasMeasuredFails() {
    byte[] boot =
        SimEventLog.variable(UefiVariable.EFI_GLOBAL_VARIABLE, "Boot0001", new byte[] {1});
    byte[] bootMeasured =
        SimEventLog.variable(UefiVariable.EFI_GLOBAL_VARIABLE, "Boot0001", new byte[] {2});
    byte[] db =
        SimEventLog.variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db", new byte[] {3});
    byte[] dbMeasured =
        SimEventLog.variable(UefiVariable.EFI_IMAGE_SECURITY_DATABASE, "db", new byte[] {4});
    byte[] nonHost = SimEventLog.ascii("GCE NonHostInfo\0" + "x".repeat(16));
    byte[] nonHostMeasured = SimEventLog.ascii("GCE NonHostInfo\0" + "y".repeat(16));
    java.util.List<java.util.function.Consumer<SimEventLog>> edits =
        java.util.List.of(
            log -> log.measured(1, EventType.EV_EFI_VARIABLE_BOOT, boot, bootMeasured),
            log -> log.measured(7, EventType.EV_EFI_VARIABLE_AUTHORITY, db, dbMeasured),
            log -> log.measured(0, EventType.EV_NONHOST_INFO, nonHost, nonHostMeasured));
    for (int i = 0; i < edits.size(); i++) {
      Appraisal a = appraise(TpmSimulator.builder().events(edits.get(i)).build().generate());
      assertThat(failing(a)).as(i + ": " + a.checks()).containsExactly(TpmChecks.EVENT_LOG_DATA);
    }
    // The same events measured as they read pass.
    Appraisal ok =
        appraise(
            TpmSimulator.builder()
                .events(
                    log ->
                        log.measured(1, EventType.EV_EFI_VARIABLE_BOOT, boot, boot)
                            .measured(7, EventType.EV_EFI_VARIABLE_AUTHORITY, db, db)
                            .measured(0, EventType.EV_NONHOST_INFO, nonHost, nonHost))
                .build()
                .generate());
    assertThat(failing(ok)).as(ok.checks().toString()).isEmpty();
  }
}
